"""Live coverage as readers get it: the part of the story page that lists the entries, the
small endpoint its script polls, the `LiveBlogPosting` JSON-LD and the coverage's feed.

The page is complete without JavaScript: every entry is printed, newest first, the pinned one
on top, a summary of the key moments before them. static/js/live.js polls the endpoint and
offers what is new behind a "3 new updates" bar rather than moving the page under the reader.

The endpoint answers the same to every reader (no query string, no cookie), so the page cache
keeps one copy of it, purged with the live page by each entry (`live_cache_tag`); browsers
revalidate it on each poll (max-age 0, an ETag), so a new entry reaches them at the next poll.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.text import capfirst

from common.formats import iso
from pictures.embedding import Shown, picture_html

from .embeds import Embeds, every_platform_csp
from .live import LATEST, live_cache_tag

ENTRY_PICTURE_SIZES = "(min-width: 752px) 720px, 100vw"
# How often readers' pages ask, in seconds, while the tab is hidden (settings.LIVE_POLL_SECONDS
# while it is seen).
HIDDEN_POLL_SECONDS = 60


def cursor(moment):
    """A change's place in the order of changes: microseconds since the epoch, which a
    script compares as a number."""
    return int(moment.timestamp() * 1_000_000) if moment else 0


class Coverage:
    """The entries of one live story as its page prints them, with their pictures and the
    posts they embed fetched in one go, whatever their number."""

    def __init__(self, article, entries, embeds=None):
        self.article = article
        self.entries = entries
        shown = [entry for entry in entries if entry.deleted_at is None]
        self.shown = Shown.of_html(
            "".join(entry.body_html for entry in shown),
            [entry.picture_id for entry in shown],
        )
        self.embeds = embeds or Embeds.of_html(*(entry.body_html for entry in shown))

    @property
    def htmls(self):
        return [entry.body_html for entry in self.entries if entry.deleted_at is None]

    @classmethod
    def of(cls, article, body_html=""):
        """The coverage as its page prints it; the posts its entries and `body_html` (the
        story's own) embed are fetched in the same query."""
        entries = list(article.live_entries.for_page().select_related("split_into"))
        htmls = [entry.body_html for entry in entries]
        return cls(article, entries, Embeds.of_html(body_html, *htmls))

    @classmethod
    def changes(cls, article, limit=LATEST):
        """The latest `limit` changes, deleted entries included: the endpoint's answer."""
        entries = article.live_entries.select_related("picture", "posted_by", "split_into")
        return cls(article, list(entries.order_by("-updated_at", "-pk")[:limit]))

    @property
    def pinned(self):
        return next((entry for entry in self.entries if entry.pinned), None)

    @property
    def listed(self):
        return [entry for entry in self.entries if not entry.pinned]

    @property
    def key_moments(self):
        return sorted(
            (entry for entry in self.entries if entry.key_moment and not entry.deleted_at),
            key=lambda entry: (entry.posted_at, entry.pk),
        )

    @property
    def version(self):
        return max((cursor(entry.updated_at) for entry in self.entries), default=0)

    @property
    def cache_tags(self):
        return {live_cache_tag(self.article.pk), *self.shown.cache_tags}

    def body_html(self, entry):
        return self.embeds.fill(self.shown.fill(entry.body_html))

    @property
    def csp(self):
        """What the page's Content-Security-Policy must allow for its embeds. While the
        coverage runs, an entry with a post of any platform may arrive after the page
        loaded, so every platform's hosts are allowed (still, nothing loads from one until
        the reader asks); paused or ended, those of the posts shown."""
        if self.article.live == self.article.LiveState.LIVE:
            return every_platform_csp()
        return self.embeds.csp

    def entry_html(self, entry):
        picture = self.shown.images.get(entry.picture_id)
        split = entry.split_into
        return render_to_string(
            "articles/includes/live_entry.html",
            {
                "entry": entry,
                "body_html": self.body_html(entry),
                "picture_html": picture_html(picture, sizes=ENTRY_PICTURE_SIZES),
                "full_story": split if split is not None and split.is_published() else None,
            },
        )

    def key_moments_html(self):
        return render_to_string(
            "articles/includes/live_key_moments.html", {"key_moments": self.key_moments}
        )

    def part_html(self):
        """The live part of the story page."""
        pinned = self.pinned
        return render_to_string(
            "articles/includes/live.html",
            {
                "article": self.article,
                "key_moments_html": self.key_moments_html(),
                "pinned_html": self.entry_html(pinned) if pinned else "",
                "entries_html": [self.entry_html(entry) for entry in self.listed],
                "count": len(self.entries),
                "version": self.version,
                "poll_seconds": settings.LIVE_POLL_SECONDS,
                "hidden_poll_seconds": HIDDEN_POLL_SECONDS,
            },
        )

    def payload(self):
        """The endpoint's answer: the coverage's state and its latest changes, newest first,
        each with its HTML as the page prints it (none for a deleted entry)."""
        article = self.article
        return {
            "state": article.live,
            "state_label": capfirst(article.get_live_display()),
            "version": self.version,
            "complete": len(self.entries) < LATEST,
            "key_moments_html": self.key_moments_html(),
            "entries": [
                {
                    "id": entry.pk,
                    "cursor": cursor(entry.updated_at),
                    "posted": cursor(entry.posted_at),
                    "deleted": entry.deleted_at is not None,
                    "pinned": entry.pinned,
                    "html": "" if entry.deleted_at else self.entry_html(entry),
                }
                for entry in self.entries
            ],
        }

    def structured_updates(self, absolute):
        """`liveBlogUpdate`: the latest entries as `BlogPosting`s, newest first."""
        url = absolute(self.article.get_absolute_url())
        updates = []
        for entry in sorted(self.entries, key=lambda e: e.posted_at, reverse=True)[:LATEST]:
            update = {
                "@type": "BlogPosting",
                "headline": entry.headline or self.article.headline,
                "url": f"{url}#{entry.anchor}",
                "datePublished": iso(entry.posted_at),
                "articleBody": " ".join(strip_tags(entry.body_html).split()),
            }
            if entry.corrected_at:
                update["dateModified"] = iso(entry.corrected_at)
            updates.append(update)
        return updates


def live_data(article, coverage, absolute):
    """What a live story adds to its `NewsArticle` data: the type `LiveBlogPosting`, the
    coverage's times and its latest entries."""
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": iso(article.coverage_start or article.published_at),
        "liveBlogUpdate": coverage.structured_updates(absolute),
    }
    if article.coverage_end and article.live == article.LiveState.ENDED:
        data["coverageEndTime"] = iso(article.coverage_end)
    latest = max((entry.updated_at for entry in coverage.entries), default=None)
    if latest:
        data["dateModified"] = iso(max(filter(None, [latest, article.updated_at])))
    return data
