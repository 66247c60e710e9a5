"""Posts on social platforms shown in stories and live entries: the oEmbed answers stored for
them, fetched in the background, and the figures a page prints from them.

A link alone on a line to a post on X, Instagram, Threads, TikTok, SoundCloud or Spotify is
stored in the rendered HTML as a placeholder holding a plain link (common/embeds.py). Saving
a story queues a fetch of each post not yet known (`queue_embeds`, called for live entries by
their own code); the worker asks the platform's provider (articles/oembed.py), keeps its
answer here, keyed by the post's normalised address, and purges the pages that asked.

A page fills its placeholders when it is made (`Embeds`: one query for every post it shows):
- a post whose answer is stored prints a figure with the platform, the author, the post's
  words and a "Load the post" button: nothing comes from the platform until the reader
  presses it (static/js/embeds.js then puts the stored HTML in place and loads the
  platform's script, which the page's Content-Security-Policy allows for that page alone);
- a post still waiting, gone, or that the platform will not embed, and every link to a fan
  platform that has no embeds at all (Weverse, fan cafés…), print a link card.
The thumbnail a provider names is kept but never printed: from the platform's host it would
tell the platform who reads the page, and a copy of it would be a picture on our pages
without the credit and rights every picture of the library carries.
"""

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from common.embeds import PLATFORMS, fill_social, social_placeholders

from . import oembed

# Sent by the worker once a post's answer changed what pages print; newsroom/apps.py connects
# the purge of the page of the story that asked (and of its live coverage).
embed_fetched = Signal()  # sender=SocialEmbed, embed, article_pk, live
# A post waiting (or whose provider was down) is queued again by a save only after this long:
# the fetch queued first is probably still on its way.
REQUEUE_AFTER = dt.timedelta(minutes=10)
SHOWN_ADDRESS_CHARACTERS = 60


class SocialEmbedQuerySet(models.QuerySet):
    def of_links(self, links):
        return self.filter(link__in=set(links)) if links else self.none()


class SocialEmbed(models.Model):
    """What a platform's oEmbed provider last said of one post."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be fetched")
        EMBEDDED = oembed.EMBEDDED, _("Embedded")
        UNAVAILABLE = oembed.UNAVAILABLE, _("Provider unavailable, to be asked again")
        GONE = oembed.GONE, _("Gone or private")
        NOT_EMBEDDABLE = oembed.NOT_EMBEDDABLE, _("Not embeddable")

    link = models.URLField(_("link"), max_length=500, unique=True)
    platform = models.CharField(_("platform"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    html = models.TextField(_("embed HTML"), blank=True, help_text=_("Cleaned when stored."))
    title = models.CharField(_("title or text"), max_length=500, blank=True)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    author_url = models.URLField(_("author's page"), max_length=1000, blank=True)
    thumbnail_url = models.URLField(_("thumbnail"), max_length=1000, blank=True)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    objects = SocialEmbedQuerySet.as_manager()

    class Meta:
        verbose_name = _("social embed")
        verbose_name_plural = _("social embeds")

    def __str__(self):
        return f"{self.link} ({self.status})"

    @property
    def shown(self):
        """What a page prints of it: a change to any of it purges the pages that asked."""
        return (self.status, self.html, self.title, self.author_name, self.author_url)

    def take(self, answer, now=None):
        """Keep the provider's `answer` (an oembed.Answer). A provider that could not be
        asked leaves a post already embedded as it was: it was there a moment ago. A post
        gone keeps no words or HTML of it: it was taken down on the platform."""
        self.fetched_at = now or timezone.now()
        self.error = answer.error
        if answer.status == self.Status.UNAVAILABLE and self.status == self.Status.EMBEDDED:
            return
        self.status = answer.status
        self.html, self.title = answer.html, answer.title
        self.thumbnail_url = answer.thumbnail_url
        if answer.status != self.Status.GONE or answer.author_name:
            self.author_name, self.author_url = answer.author_name, answer.author_url

    def due(self, now, refresh=False):
        """Whether a save should queue a fetch of this post."""
        unsettled = self.status in (self.Status.WAITING, self.Status.UNAVAILABLE)
        return refresh or (unsettled and self.queued_at <= now - REQUEUE_AFTER)


# Fetching


def _embeddable(html):
    return {link: platform for platform, link in social_placeholders(html) if _asks(platform)}


def _asks(platform):
    return PLATFORMS[platform].embeddable


def queue_embeds(html, article, *, live=False, refresh=False):
    """Queue the worker's fetch of every post rendered `html` (a story's body, a live
    entry's) embeds that is not known yet, or still waiting after a while; of all of them
    when `refresh` (a story going out again: a post may have been deleted since). The fetch
    purges `article`'s page when it changes what it shows, and its live coverage when
    `live`. Call it in the transaction of the save: what it queues commits with it. Returns
    the links queued; no query at all when `html` embeds nothing."""
    links = _embeddable(html)
    if not links:
        return []
    now = timezone.now()
    known = {row.link: row for row in SocialEmbed.objects.of_links(links)}
    SocialEmbed.objects.bulk_create(
        [SocialEmbed(link=link, platform=p) for link, p in links.items() if link not in known],
        ignore_conflicts=True,  # another save of the same post, at the same moment
    )
    due = [link for link in links if link not in known or known[link].due(now, refresh)]
    SocialEmbed.objects.filter(link__in=[link for link in due if link in known]).update(
        queued_at=now
    )
    for link in due:
        fetch_embed.enqueue(link, article.pk, live)
    return due


def retry_delay(attempt):
    """How long before asking a provider that was down again: 1 min, 4 min, 16 min…"""
    return dt.timedelta(minutes=4 ** (attempt - 1))


@task()
def fetch_embed(link, article_pk=None, live=False, attempt=1):
    """Ask the post's provider (in the worker, never in a request), keep the answer, and
    purge the pages that asked if what they print changed. A provider down or slow is asked
    again later, up to OEMBED_ATTEMPTS times."""
    embed = SocialEmbed.objects.filter(link=link).first()
    if embed is None:
        return {"status": "forgotten"}
    before = embed.shown
    answer = oembed.ask(embed.platform, link)
    embed.take(answer)
    embed.save()
    if answer.status == SocialEmbed.Status.UNAVAILABLE and attempt < settings.OEMBED_ATTEMPTS:
        later = timezone.now() + retry_delay(attempt)
        fetch_embed.using(run_after=later).enqueue(link, article_pk, live, attempt + 1)
    if embed.shown != before and article_pk is not None:
        embed_fetched.send(sender=SocialEmbed, embed=embed, article_pk=article_pk, live=live)
    return {"status": embed.status, "error": embed.error}


def queue_story_embeds(sender, instance, raw=False, update_fields=None, **kwargs):
    """After a story's save (connected in newsroom/apps.py): queue its body's posts, all
    of them again when it goes (back) out. A story is going out when it is Published now
    and was not before the save (`_was_public` and `_was_scheduled`, read before the save
    by newsroom.purges.story_before_save)."""
    if raw or instance.deleted_at is not None:
        return
    published = instance.status == instance.Status.PUBLISHED
    was_published = getattr(instance, "_was_public", False) or getattr(
        instance, "_was_scheduled", False
    )
    refresh = published and not was_published
    if update_fields is not None and "body_html" not in update_fields and not refresh:
        return
    queue_embeds(instance.body_html, instance, refresh=refresh)


# Showing


def shown_address(link):
    """A link as a card prints it: no scheme, no "www.", shortened."""
    parts = urlsplit(link)
    shown = f"{parts.netloc.removeprefix('www.')}{parts.path}".rstrip("/")
    if len(shown) > SHOWN_ADDRESS_CHARACTERS:
        shown = f"{shown[: SHOWN_ADDRESS_CHARACTERS - 1]}…"
    return shown


class Embeds:
    """The posts one page shows, fetched at once (`of_html`), and their figures (`fill`)."""

    def __init__(self, rows=()):
        self.rows = {row.link: row for row in rows}

    @classmethod
    def of_html(cls, *htmls):
        """What rendered `htmls` embed: one query for them all, none when they embed
        nothing."""
        links = {}
        for html in htmls:
            links.update(_embeddable(html))
        return cls(SocialEmbed.objects.of_links(links) if links else ())

    def fill(self, html):
        """`html` with its social placeholders printed as embeds or link cards."""
        return fill_social(html, self.figure)

    def figure(self, platform, link):
        row = self.rows.get(link) if _asks(platform) else None
        embedded = row is not None and row.status == row.Status.EMBEDDED
        # Cleaned again: what the rules allow may have narrowed since it was stored.
        html = oembed.clean(platform, row.html) if embedded else ""
        if not html:
            return link_card(platform, link, row)
        return render_to_string(
            "articles/includes/social_embed.html",
            {
                "embed": row,
                "platform": PLATFORMS[platform],
                "html": html,
                "script": oembed.provider_of(platform).get("script", ""),
                "address": shown_address(link),
            },
        )

    @property
    def platforms(self):
        """The platforms whose embeds the page shows, each once."""
        rows = self.rows.values()
        return sorted({row.platform for row in rows if row.status == row.Status.EMBEDDED})

    @property
    def csp(self):
        """What the page's Content-Security-Policy must allow for a reader to load its
        embeds: each platform's script and frame hosts; {} for a page showing none."""
        scripts, frames = set(), set()
        for platform in self.platforms:
            conf = oembed.provider_of(platform)
            if conf.get("script"):
                parts = urlsplit(conf["script"])
                scripts.add(f"{parts.scheme}://{parts.netloc}")
            frames |= set(conf.get("frames", ()))
        allowed = {"script-src": sorted(scripts), "frame-src": sorted(frames)}
        return {directive: hosts for directive, hosts in allowed.items() if hosts}


def every_platform_csp():
    """What a page that may show a post of any platform must allow (a running live
    coverage, whose next entry may embed one): every platform's script and frame hosts."""
    embedded = SocialEmbed.Status.EMBEDDED
    rows = [SocialEmbed(link=p, platform=p, status=embedded) for p in PLATFORMS if _asks(p)]
    return Embeds(rows).csp


def link_card(platform, link, row=None):
    """A card naming the platform, the author when known, and the link."""
    gone = row is not None and row.status == row.Status.GONE
    return render_to_string(
        "articles/includes/link_card.html",
        {
            "platform": PLATFORMS[platform],
            "platform_key": platform,
            "link": link,
            "address": shown_address(link),
            "author_name": row.author_name if row else "",
            "title": row.title if row and not gone else "",
            "gone": gone,
        },
    )


def fill_embeds(html, embeds=None):
    """`html` with its social placeholders filled, from `embeds` (an `Embeds` for the
    page, fetched once for all its texts) or, alone, fetched for it."""
    return (embeds or Embeds.of_html(html)).fill(html)
