"""Telling the cache in front of the site (Varnish with vmod-xkey, a CDN's purge-by-tag API)
what to purge, from the background worker (`manage.py worker`).

Every purge of the page cache is also written as a `FrontPurge` row, in the transaction of
the change, when FRONT_PURGE_URL is set. The worker sends what is due as one request per kind
(hard, soft) carrying the tags in a header, the same tags pages carry in `Surrogate-Key`. A
request that fails (refused, timed out, an error status) leaves its rows to be tried again
later, waiting longer each time; nothing in a reader's or an editor's request waits for it.
"""

import datetime as dt
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import FrontPurge

logger = logging.getLogger(__name__)

KEYS_PER_REQUEST = 256  # Fastly's limit for one purge; Varnish takes any number
ROWS_PER_PASS = 500
LONGEST_WAIT = dt.timedelta(minutes=5)  # between two tries of a purge that keeps failing
GIVE_UP_AFTER = dt.timedelta(days=1)  # any copy the front cache had is long gone by then


def _header(line):
    name, _, value = line.partition(":")
    return name.strip(), value.strip()


def send(tags, hard):
    """One purge request for `tags`; raises OSError (urllib's errors included) on failure."""
    headers = {settings.FRONT_PURGE_HEADER: " ".join(tags)}
    for line in (settings.FRONT_PURGE_AUTH, "" if hard else settings.FRONT_PURGE_SOFT_HEADER):
        if line:
            name, value = _header(line)
            headers[name] = value
    request = urllib.request.Request(
        settings.FRONT_PURGE_URL, method=settings.FRONT_PURGE_METHOD, headers=headers
    )
    with urllib.request.urlopen(request, timeout=settings.FRONT_PURGE_TIMEOUT) as response:
        response.read()


def _send_all(tags, hard):
    for start in range(0, len(tags), KEYS_PER_REQUEST):
        send(tags[start : start + KEYS_PER_REQUEST], hard)


def forward(now=None):
    """Send the front cache every purge that is due. Returns (rows sent, rows failed)."""
    if not settings.FRONT_PURGE_URL:
        return 0, 0
    now = now or timezone.now()
    sent = failed = 0
    with transaction.atomic():
        due = FrontPurge.objects.select_for_update(skip_locked=True).filter(next_try_at__lte=now)
        rows = list(due[:ROWS_PER_PASS])
        for hard in (True, False):
            group = [row for row in rows if row.hard == hard]
            if not group:
                continue
            try:
                _send_all(sorted({tag for row in group for tag in row.tags}), hard)
            except (OSError, ValueError) as error:
                _failed(group, error, now)
                failed += len(group)
            else:
                FrontPurge.objects.filter(pk__in=[row.pk for row in group]).delete()
                sent += len(group)
    return sent, failed


def _failed(rows, error, now):
    logger.warning("The front cache did not take a purge of %d change(s): %s", len(rows), error)
    for row in rows:
        if now - row.created_at > GIVE_UP_AFTER:
            logger.error("Giving up a front cache purge of %s: %s", " ".join(row.tags), error)
            row.delete()
            continue
        row.attempts += 1
        row.next_try_at = now + min(LONGEST_WAIT, dt.timedelta(seconds=2**row.attempts))
        row.last_error = str(error)[:500]
        row.save(update_fields=["attempts", "next_try_at", "last_error"])
