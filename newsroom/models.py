from django.db import models


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
