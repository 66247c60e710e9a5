"""Most read: the readers each story had, counted without cookies (articles/counting.py) and
rolled up per day (articles/mostread.py).

- `Read`: one reader of one story in one hour, counted in the database while Redis is down,
  or always on a site without Redis. The reader is a salted hash: no address, no browser.
- `ReadSalt`: the day's random salt those hashes are made with, deleted once the day is over.
- `DailyReads`: a story's readers on one day (in KST); `DailySource`: the same readers by where
  they came from. Written by the background worker's rollup.
- `ReadDay`: when a day was last rolled up, and whether that rollup is final.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    SEARCH = "search", _("Search engines")
    SOCIAL = "social", _("Social media")
    SITE = "site", _("Other sites")
    INTERNAL = "internal", _("This site")
    DIRECT = "direct", _("Direct or unknown")


class Source(models.Model):
    """Where a reader came from: a kind, and its name (Google, X, a site's domain)."""

    kind = models.CharField(_("came from"), max_length=8, choices=SourceKind.choices)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        abstract = True


class Read(Source):
    """A reader of a story in one hour, kept in the database (Redis keeps them otherwise)."""

    article = models.ForeignKey(
        "articles.Article", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+"
    )
    hour = models.DateTimeField(_("hour"), help_text=_("The start of the hour, in UTC."))
    # A keyed hash of the reader's address and browser with the day's salt: the same reader
    # has the same one all day, and nobody can tell who it was once the salt is gone.
    reader = models.CharField(_("reader"), max_length=32)

    class Meta:
        verbose_name = _("read")
        constraints = [
            models.UniqueConstraint(
                fields=["hour", "article", "reader"], name="one_read_per_reader_and_hour"
            )
        ]

    def __str__(self):
        return f"{self.article_id} · {self.hour:%Y-%m-%d %H}:00 UTC"


class ReadSalt(models.Model):
    """The random salt of one day's reader hashes (a day in KST)."""

    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("reader salt")

    def __str__(self):
        return str(self.day)


class DailyReads(models.Model):
    """How many readers a story had on a day (KST): each reader counted once an hour."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="daily_reads",
    )
    day = models.DateField(_("day"), db_index=True)
    reads = models.PositiveIntegerField(_("readers"), default=0)

    class Meta:
        verbose_name = _("daily reads")
        verbose_name_plural = _("daily reads")
        constraints = [
            models.UniqueConstraint(fields=["article", "day"], name="one_daily_reads_per_story")
        ]

    def __str__(self):
        return f"{self.article_id} · {self.day}: {self.reads}"


class DailySource(Source):
    """How many of a story's readers on a day came from one place."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="daily_sources",
    )
    day = models.DateField(_("day"), db_index=True)
    reads = models.PositiveIntegerField(_("readers"), default=0)

    class Meta:
        verbose_name = _("daily reads by source")
        verbose_name_plural = _("daily reads by source")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day", "kind", "source"], name="one_daily_source_per_story"
            )
        ]

    def __str__(self):
        return f"{self.article_id} · {self.day} · {self.kind} {self.source}: {self.reads}"


class ReadDay(models.Model):
    """A day (KST) the rollup has written: final once the day was over when it ran, after
    which its figures are never written again."""

    day = models.DateField(unique=True)
    rolled_up_at = models.DateTimeField(null=True, blank=True)
    final = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("rolled-up day")

    def __str__(self):
        return f"{self.day}{' (final)' if self.final else ''}"
