"""Live coverage: the entries an editor posts to a story while an award night or a comeback
goes on, newest first on the story's page, which polls for new ones (articles/views.py).

An entry is Markdown, rendered by the story renderer (a link alone on a line is an embed, a
`[picture:N]` a library picture), and may carry a library picture of its own. An entry is
never really deleted while its story is live: a deleted entry keeps its row, marked, so that
readers' pages which already show it learn to take it away. Each change touches `updated_at`,
the endpoint's cursor.
"""

import re
from html import unescape

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from common.text import tidy_fields

from .embeds import queue_embeds
from .markdown import render_markdown

# The latest entries a story's JSON-LD lists as `liveBlogUpdate`, and the polling answer's size.
LATEST = 50
HEADLINE_CHARS = 110
FIGURE = re.compile(r"<figure\b.*?</figure>", re.S)
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre)>|<br\s*/?>")
# An entry sits under the page's "Live coverage" h2: its own headings start one below.
ENTRY_HEADINGS_FROM = 3


class LiveState(models.TextChoices):
    NONE = "", _("not live coverage")
    LIVE = "live", _("live")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


def live_cache_tag(article_pk):
    """The tag of a live story's page and its endpoint, and of nothing else: a new entry
    purges those two, never the lists that show the story's card."""
    return f"live-{article_pk}"


class LiveEntryQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(deleted_at__isnull=True)

    def for_page(self):
        """Newest first, with what an entry prints."""
        return self.shown().select_related("picture", "posted_by").order_by("-posted_at", "-pk")

    def key_moments(self):
        return self.shown().filter(key_moment=True).order_by("posted_at", "pk")

    def changed_since(self, moment):
        return self.filter(updated_at__gt=moment).order_by("updated_at", "pk")


class LiveEntry(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="live_entries",
    )
    body = models.TextField(
        _("entry"),
        help_text=_(
            "Markdown, as in a story. A link alone on a line to a post on X, Instagram, "
            "TikTok, YouTube… becomes an embed."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    picture = models.ForeignKey(
        "pictures.Image",
        verbose_name=_("picture"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Kept at the top of the coverage.")
    )
    key_moment = models.BooleanField(
        _("key moment"),
        default=False,
        help_text=_("Listed in the summary of key moments at the top of the page."),
    )
    posted_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    split_into = models.ForeignKey(
        "articles.Article",
        verbose_name=_("split out into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="split_from",
    )
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = LiveEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_at", "-pk"]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")
        indexes = [models.Index(fields=["article", "updated_at"], name="live_entry_changes")]

    def __str__(self):
        return f"{self.article_id} · {self.posted_at:%H:%M} · {self.body[:40]}"

    def save(self, *args, **kwargs):
        tidy_fields(self)
        self.body_html = render_markdown(self.body, top=ENTRY_HEADINGS_FROM)
        super().save(*args, **kwargs)

    @property
    def cache_tag(self):
        return live_cache_tag(self.article_id)

    @property
    def anchor(self):
        return f"entry-{self.pk}"

    @property
    def posted_order(self):
        """Its place among the entries, newest last: microseconds since the epoch."""
        return int(self.posted_at.timestamp() * 1_000_000)

    @property
    def headline(self):
        """The words of the entry's first block as readers read them (no Markdown, no
        embed), shortened: for the key moments, the JSON-LD, the feed and a split-out."""
        html = FIGURE.sub("", self.body_html or render_markdown(self.body, top=ENTRY_HEADINGS_FROM))
        text = strip_tags(BLOCK_END.sub("\n", html))
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        return Truncator(unescape(first)).chars(HEADLINE_CHARS)


# What editors do from the live desk (articles/admin/live.py). Each save moves `updated_at`,
# and the page cache's receivers purge the live page and its endpoint (newsroom/purges.py).


def coverage_set(*, article, state, now=None):
    """Start, pause, resume or end a story's live coverage. Going live sets the start (once,
    unless an editor gave one); ending sets the end; going live again after an end reopens
    the coverage."""
    now = now or timezone.now()
    article.live = state
    fields = ["live", "updated_at"]
    if state == LiveState.LIVE:
        article.coverage_start = article.coverage_start or now
        article.coverage_end = None
        fields += ["coverage_start", "coverage_end"]
    elif state == LiveState.ENDED:
        article.coverage_start = article.coverage_start or now
        article.coverage_end = article.coverage_end or now
        fields += ["coverage_start", "coverage_end"]
    article.save(update_fields=fields)
    return article


def _only_pin(entry):
    """One entry is pinned at a time: pinning one unpins the rest (each a change pollers see)."""
    if entry.pinned:
        for other in entry.article.live_entries.filter(pinned=True).exclude(pk=entry.pk):
            other.pinned = False
            other.save(update_fields=["pinned", "updated_at"])


def entry_post(*, article, body, by, picture=None, pinned=False, key_moment=False, now=None):
    entry = LiveEntry(
        article=article,
        body=body,
        picture=picture,
        pinned=pinned,
        key_moment=key_moment,
        posted_by=by,
        posted_at=now or timezone.now(),
    )
    entry.save()
    _only_pin(entry)
    return entry


def entry_correct(*, entry, body, picture=None, pinned=False, key_moment=False, now=None):
    """An entry edited after posting: a change of its words or picture shows as a correction;
    pinning or marking it a key moment does not."""
    corrected = body.strip() != entry.body.strip() or picture != entry.picture
    entry.body, entry.picture = body, picture
    entry.pinned, entry.key_moment = pinned, key_moment
    if corrected:
        entry.corrected_at = now or timezone.now()
    entry.save()
    _only_pin(entry)
    return entry


def entry_mark(*, entry, pinned=None, key_moment=None):
    if pinned is not None:
        entry.pinned = pinned
    if key_moment is not None:
        entry.key_moment = key_moment
    entry.save(update_fields=["pinned", "key_moment", "updated_at"])
    _only_pin(entry)
    return entry


def entry_delete(*, entry, now=None):
    """Taken off the page at once (a hard purge: newsroom/purges.py), its row kept, marked,
    so that pages already showing it take it away at their next poll."""
    entry.deleted_at = now or timezone.now()
    entry.pinned = entry.key_moment = False
    entry.save(update_fields=["deleted_at", "pinned", "key_moment", "updated_at"])
    return entry


def queue_entry_embeds(sender, instance, raw=False, **kwargs):
    """After an entry's save (connected in newsroom/apps.py): the worker fetches the posts it
    embeds, and purges the live page once it has them."""
    if not raw and instance.deleted_at is None:
        queue_embeds(instance.body_html, instance.article, live=True)


def show_fetched_post(sender, embed, article_pk, live=False, **kwargs):
    """Once the worker has a post's answer (connected in newsroom/apps.py), the entries
    showing it count as changed, so that readers' pages polling for changes print it."""
    if live:
        entries = LiveEntry.objects.filter(article_id=article_pk, body_html__contains=embed.link)
        entries.update(updated_at=timezone.now())
