"""The background worker's share of Django's task queue (django-tasks with its database
backend): each pass runs the tasks that are due, one at a time, each claimed under a row lock
so that several workers never run one task twice."""

import os
import socket

from django.db import DatabaseError
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

BACKEND = "default"


def worker_id():
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def run_due(limit=50):
    """Run up to `limit` due tasks; returns how many ran. A task that fails is recorded as
    failed with its traceback (the admin lists task results) and never stops the others."""
    me = worker_id()
    runner = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id=me,
        excluded_queue_names=[],
    )
    ran = 0
    if not DBTaskResult.objects.ready().filter(backend_name=BACKEND).exists():
        return 0  # the usual pass: a read, no lock taken
    while ran < limit:
        try:
            with exclusive_transaction(DBTaskResult.objects.db):
                due = DBTaskResult.objects.ready().filter(backend_name=BACKEND).get_locked()
                if due is None:
                    break
                due.claim(me)
        except DatabaseError as error:  # SQLite busy with another writer: next pass
            if "locked" in str(error):
                break
            raise
        runner.run_task(due)
        ran += 1
    return ran
