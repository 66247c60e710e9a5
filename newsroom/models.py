from django.db import models
from django.utils import timezone


class Purge(models.Model):
    """Tags whose cached pages are to be purged, hard (a takedown: never served stale) or
    soft, written in the same transaction as the change that made them stale."""

    tags = models.JSONField()
    hard = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self):
        kind = "hard" if self.hard else "soft"
        return f"{kind} purge of {' '.join(self.tags)}"


class PendingPurge(Purge):
    """A purge for Redis (an outbox row): applied after the commit and then deleted; if Redis
    cannot be told, the row stays until a process or the worker applies it
    (newsroom/cachestore.py)."""


class FrontPurge(Purge):
    """A purge for the cache in front of the site (Varnish with xkey, a CDN's purge-by-tag
    API), written with the change when FRONT_PURGE_URL is set and sent by the background
    worker (`manage.py worker`, newsroom/frontcache.py), never during a request."""

    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    def __str__(self):
        return f"{super().__str__()} for the front cache"
