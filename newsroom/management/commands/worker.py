"""The background worker: the site's calls to the outside world happen here, never during a
request. Run one beside the app servers (`manage.py worker`); it is safe to run several.

Each pass applies the page-cache purges Redis missed while it was unreachable (so they do not
wait for a reader's request), sends the purges due to the cache in front of the site, and runs
the queued tasks that are due (notifications to colleagues); every few minutes it rolls up the
story reads counted hour by hour into the daily figures (articles/mostread.py)."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from articles import counting, mostread
from newsroom import frontcache, taskqueue
from newsroom.cachestore import apply_pending

ROLL_UP_RETRY_SECONDS = 30


class Command(BaseCommand):
    help = "Run the background worker: purges, queued tasks, the daily reads."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")
        parser.add_argument("--every", type=float, default=1.0, help="seconds between passes")

    def handle(self, *args, once=False, every=1.0, **options):
        self.stopping = False
        self.next_roll_up = 0.0
        signal.signal(signal.SIGTERM, self._stop)
        while True:
            self.run_once()
            if once or self.stopping:
                return
            time.sleep(every)
            close_old_connections()  # as after a request: a broken or old connection goes

    def _stop(self, *args):
        self.stopping = True

    def run_once(self):
        try:
            apply_pending()
            sent, failed = frontcache.forward()
            ran = taskqueue.run_due()
            self.roll_up_reads()
        except DatabaseError as error:
            self.stderr.write(f"The database cannot be reached: {error}")
            return
        if sent or failed:
            self.stdout.write(f"Front cache: {sent} purge(s) sent, {failed} to try again")
        if ran:
            self.stdout.write(f"Tasks: {ran} run")

    def roll_up_reads(self):
        """Today's reads so far, and a day just over for good, every ROLL_UP_SECONDS; after
        Redis failed to answer, again half a minute later."""
        now = time.monotonic()
        if now < getattr(self, "next_roll_up", 0.0):
            return
        try:
            mostread.reads_roll_up()
        except counting.Unavailable:
            self.stderr.write("Redis cannot be reached: reads are rolled up on a later pass")
            self.next_roll_up = now + ROLL_UP_RETRY_SECONDS
            return
        self.next_roll_up = now + mostread.ROLL_UP_SECONDS
