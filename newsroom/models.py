from django.db import models
from django.utils import timezone


class PendingPurge(models.Model):
    """Cached pages to purge, written in the same transaction as the change that made them
    stale (an outbox): if the cache cannot be told after the commit, the row stays, and every
    app server applies it before it serves from the cache again (newsroom/purges.py)."""

    tags = models.JSONField()
    hard = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        kind = "hard" if self.hard else "soft"
        return f"{kind} purge of {' '.join(self.tags)}"


class FrontPurge(models.Model):
    """A purge for the cache in front of the site (Varnish with xkey, a CDN's purge-by-tag
    API), written with the change when FRONT_PURGE_URL is set and sent by the background
    worker (`manage.py worker`, newsroom/frontcache.py), never during a request."""

    tags = models.JSONField()
    hard = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        kind = "hard" if self.hard else "soft"
        return f"{kind} purge of {' '.join(self.tags)} for the front cache"
