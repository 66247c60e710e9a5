"""Background tasks of stories, run by the worker (`manage.py worker`) through Django's tasks
API and its database queue."""

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from . import notifications
from .models import Transition


def queue_notification(transition):
    """Queue the move's message, if it tells anyone anything. Called inside the move's
    transaction: the queued task commits with the move or not at all."""
    if notifications.event_of(transition) is not None:
        notify.enqueue(transition.pk)


@task()
def notify(transition_id, attempt=1, channels=(notifications.EMAIL, notifications.WEBHOOK)):
    """Send a move's message. A channel that fails (the mail server or the chat service down)
    is tried again later, alone, up to NOTIFY_ATTEMPTS times."""
    transition = (
        Transition.objects.select_related("article", "article__created_by", "by")
        .filter(pk=transition_id)
        .first()
    )
    message = notifications.message_for(transition) if transition else None
    if message is None:
        return {"sent": [], "failed": []}
    failed = notifications.deliver(message, channels)
    if failed and attempt < settings.NOTIFY_ATTEMPTS:
        later = timezone.now() + notifications.retry_delay(attempt)
        notify.using(run_after=later).enqueue(transition_id, attempt + 1, failed)
    return {"sent": [c for c in channels if c not in failed], "failed": failed}
