import copy
import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.signing import Signer
from django.db import connections, models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from artists.models import Artist, Membership, Release
from common.http import SEARCH, STORIES, listing
from common.text import multi_line, single_line, tidy_fields
from pictures.fields import (
    FOCUS_ACROSS_HELP,
    FOCUS_DOWN_HELP,
    FocalPointField,
    PictureFields,
    SanitisedImageField,
)
from pictures.models import Gallery, GalleryItem, Image, shown_picture
from pictures.references import placeholders, reference

from . import search
from .bylines import ArticleByline, Byline, byline_cache_tag
from .live import LiveEntry, LiveState, live_cache_tag  # noqa: F401 (models of its own module)
from .markdown import image_addresses, render_markdown

SHARE_SALT = "articles.share-link"

# A story edited this long after it went out shows "Updated" to readers.
UPDATE_NOTICE_AFTER = dt.timedelta(minutes=30)

# The words a writer types, which autosave keeps and the live preview shows: never the
# workflow, the links or the pictures.
TEXT_FIELDS = [
    "headline", "dek", "body", "seo_title", "meta_description", "social_title",
    "social_description",
]  # fmt: skip

# Someone who has not sent a heartbeat for this long has left the story.
PRESENCE_WINDOW = dt.timedelta(minutes=1)

# /news/<slug>/ shares its space with the site's own pages there: a story called "Feed"
# would be hidden behind the RSS feed.
RESERVED_STORY_SLUGS = {"feed"}


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see: published, the publication time has come, not in the trash.

        Every public surface starts here; `Article.is_published()` is its twin for one row.
        """
        return self.filter(_public(now=now))

    def trashed(self):
        return self.filter(deleted_at__isnull=False)

    def search(self, text):
        """Stories answering a reader's query, in order of relevance: see search.py."""
        return search.search(text, self)

    def refresh_search(self):
        """Rebuild PostgreSQL's search vector from `search_text` for these stories, in one
        UPDATE (SQLite searches `search_text` itself)."""
        if connections[self.db].vendor == "postgresql":
            self.update(search_vector=search.search_vector())

    def owned_by(self, user):
        """Stories the user created or holds a byline on."""
        return self.filter(
            Q(created_by=user)
            | Q(pk__in=ArticleByline.objects.filter(byline__user=user).values("article_id"))
        )

    def drafts_of(self, user):
        return self.owned_by(user).filter(status=Article.Status.DRAFT).order_by("-updated_at")

    def in_review(self):
        return self.filter(status=Article.Status.IN_REVIEW).order_by("updated_at")

    def scheduled(self, now=None, within=None):
        """Published stories whose time is still to come, soonest first."""
        now = now or timezone.now()
        upcoming = self.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        if within:
            upcoming = upcoming.filter(published_at__lte=now + within)
        return upcoming.order_by("published_at")

    def for_cards(self):
        """What a story card shows, fetched without touching the body."""
        cards = self.defer("body", "body_html", "search_text", "search_vector")
        return cards.select_related("hero").order_by("-published_at", "-pk")

    def showing(self, pictures):
        """Stories that show any of `pictures` (library pictures, or their numbers): as
        their hero, in their body, or in their lead gallery or a gallery in their body."""
        ids = list(pictures)
        galleries = GalleryItem.objects.filter(image__in=ids).values("gallery_id")
        body_pictures = Article.body_pictures.through.objects.filter(image__in=ids)
        body_galleries = Article.body_galleries.through.objects.filter(gallery__in=galleries)
        return self.filter(
            Q(hero__in=ids)
            | Q(lead_gallery__in=galleries)
            | Q(pk__in=body_pictures.values("article_id"))
            | Q(pk__in=body_galleries.values("article_id"))
        )

    def about_releases(self, releases):
        """Stories about any release in the families of `releases`."""
        return self.filter(pk__in=_release_links(releases))

    def tagged(self, tag):
        """Stories carrying `tag` (a tag, or a tag's slug). A subquery, not a join: PostgreSQL
        can then walk the newest stories and stop at a page's worth instead of sorting every
        tagged story."""
        links = _story_tag_links()
        links = links.filter(tag__slug=tag) if isinstance(tag, str) else links.filter(tag=tag)
        return self.filter(pk__in=links.values("object_id"))

    def by(self, byline):
        """Stories signed by `byline`. A subquery, as for tags: PostgreSQL can walk the newest
        stories and stop at a page's worth."""
        return self.filter(pk__in=ArticleByline.objects.filter(byline=byline).values("article_id"))

    def about_artists(self, artists, newest=None):
        """Stories about any of `artists`; for a group, also its members' stories from their
        time in it, so a former member's later solo work stays off the group's page.

        With `newest` and a group among `artists`, only the newest public ones, picked from
        the links themselves: asked for "the newest six about this group and its members in
        their time", PostgreSQL would otherwise walk every public story from the newest down
        and test each against the links (up to 0.9 s for a group whose stories are sparse
        among 100,000). For artists alone its own plan is the faster one."""
        links = _artist_links(artists)
        if newest is not None and any(artist.is_group for artist in artists):
            links = links.filter(_public("article__")).order_by(
                "-article__published_at", "-article_id"
            )[: newest * 2]  # a story linked to a group and its member counts twice
        return self.filter(pk__in=links)

    def about(self, artists, releases):
        """Stories about any of `artists` or of `releases`, as one UNION subquery: two
        subqueries joined by OR make PostgreSQL read every story."""
        links = [_artist_links(artists)] if artists else []
        links += [_release_links(releases)] if releases else []
        if not links:
            return self.none()
        return self.filter(pk__in=links[0].union(*links[1:]))


def public_tags():
    """Tags that published stories carry: only these have a public page and feed, so a tag
    used on an embargoed draft names nothing before the story is out."""
    links = _story_tag_links().filter(object_id__in=Article.objects.published().values("pk"))
    return Tag.objects.filter(pk__in=links.values("tag_id"))


def tags_starting(prefix, limit):
    """Names of up to `limit` tags starting with `prefix`, in any case, those on the most
    stories first: what the story form suggests as a tag is typed."""
    story_type = ContentType.objects.get_for_model(Article)
    on_stories = Q(taggit_taggeditem_items__content_type=story_type)
    return list(
        Tag.objects.filter(name__istartswith=prefix)
        .annotate(stories=Count("taggit_taggeditem_items", filter=on_stories))
        .order_by("-stories", "name")
        .values_list("name", flat=True)[:limit]
    )


def _story_tag_links():
    """Tags on stories. The content type is a scalar subquery, not a join: joined, PostgreSQL
    guesses a tag on 13,000 stories has 500 and sorts them all instead of walking the newest."""
    story_type = ContentType.objects.filter(app_label="articles", model="article")
    return TaggedItem.objects.filter(content_type=story_type.values("pk")[:1])


def tag_cache_tag(pk):
    """What cached pages naming the tag `pk` carry (its page, the stories it is on); the
    stories listed under it: common.http.listing."""
    return f"tag-{pk}"


def _public(prefix="", now=None):
    """The condition `published()` applies, for stories reached through `prefix`."""
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": now or timezone.now(),
            f"{prefix}deleted_at__isnull": True,
        }
    )


def _artist_links(artists):
    condition = Q(artist__in=artists)
    groups = [artist for artist in artists if artist.is_group]
    for link in Membership.objects.filter(group__in=groups).only(
        "member_id", "started_on", "ended_on"
    ):
        condition |= _membership_window(link)
    return Article.artists.through.objects.filter(condition).values("article_id")


def _release_links(releases):
    family = Release.objects.family_of(releases)
    return Article.releases.through.objects.filter(release__in=family).values("article_id")


def _start_of_day(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _membership_window(link):
    condition = Q(artist=link.member_id)
    if link.started_on:
        condition &= Q(article__published_at__gte=_start_of_day(link.started_on))
    if link.ended_on:
        end = _start_of_day(link.ended_on + dt.timedelta(days=1))
        condition &= Q(article__published_at__lt=end)
    return condition


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Article(models.Model):
    LiveState = LiveState

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    headline = models.CharField(_("headline"), max_length=300)
    headline_proposed = models.BooleanField(
        _("headline proposed by the copy desk"),
        default=False,
        help_text=_(
            "The copy arrived without a headline and the copy desk drew this one from the "
            "lead: an editor confirms or rewrites it before the story can be published."
        ),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=300,
        unique=True,
        help_text=_("The story's address. Old addresses keep working: they redirect here."),
    )
    dek = models.CharField(
        _("standfirst"),
        max_length=400,
        blank=True,
        help_text=_("One sentence under the headline; also used in lists, feeds and shares."),
    )
    body = models.TextField(
        _("body"),
        help_text=_(
            "Markdown. A quoted paragraph followed by a line starting with “— Name” becomes a "
            "pull quote; a line holding only a YouTube or Vimeo link becomes a video embed."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    hero = models.ForeignKey(
        Image,
        verbose_name=_("hero picture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hero_of",
        help_text=_("From the picture library: choose one, or upload it there."),
    )
    lead_gallery = models.ForeignKey(
        Gallery,
        verbose_name=_("lead gallery"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lead_of",
        help_text=_("A gallery shown at the top of the story, under the hero picture."),
    )
    # The library pictures and galleries the body inserts ([picture:12], [gallery:3]),
    # written after each save: the library's usage list and the rights checks read them.
    body_pictures = models.ManyToManyField(
        Image, related_name="body_of", blank=True, editable=False
    )
    body_galleries = models.ManyToManyField(
        Gallery, related_name="body_of", blank=True, editable=False
    )
    hero_caption = models.CharField(
        _("caption"),
        max_length=400,
        blank=True,
        help_text=_("For this story; the picture's own caption from the library if empty."),
    )
    # Search and social: each defaults to the headline, standfirst or page address.
    seo_title = models.CharField(
        _("search headline"),
        max_length=110,
        blank=True,
        help_text=_("The headline in search results and the browser tab, if not the headline."),
    )
    meta_description = models.CharField(
        _("search description"),
        max_length=300,
        blank=True,
        help_text=_("The snippet under the link in search results; the standfirst if empty."),
    )
    social_title = models.CharField(
        _("social headline"),
        max_length=200,
        blank=True,
        help_text=_("The headline on a shared link (X, Facebook, KakaoTalk); else the headline."),
    )
    social_description = models.CharField(
        _("social description"),
        max_length=300,
        blank=True,
        help_text=_("The text on a shared link; the standfirst if empty."),
    )
    social_image = SanitisedImageField(
        _("social image"),
        upload_to="articles/social/%Y/%m/",
        blank=True,
        width_field="social_width",
        height_field="social_height",
        help_text=_("The picture on a shared link, if not the hero image; 1200 px wide or more."),
    )
    social_width = models.PositiveIntegerField(null=True, editable=False)
    social_height = models.PositiveIntegerField(null=True, editable=False)
    social_focus_x = FocalPointField(_("focal point, across"), help_text=FOCUS_ACROSS_HELP)
    social_focus_y = FocalPointField(_("focal point, down"), help_text=FOCUS_DOWN_HELP)
    social_renditions = models.JSONField(default=dict, editable=False)
    canonical_url = models.URLField(
        _("canonical address"),
        blank=True,
        help_text=_("Only for a story first published elsewhere: the original's address."),
    )
    noindex = models.BooleanField(
        _("keep out of search engines"),
        default=False,
        help_text=_("Asks search engines not to index the story; it leaves the sitemaps."),
    )
    # In the order printed ("By A and B"): read them with `bylines_in_order`.
    bylines = models.ManyToManyField(
        Byline,
        through=ArticleByline,
        verbose_name=_("bylines"),
        related_name="articles",
        blank=True,
    )
    source_credit = models.CharField(
        _("source credit"),
        max_length=300,
        blank=True,
        help_text=_("Shown under the story, e.g. “From an interview with The Hollywood Reporter”."),
    )
    live = models.CharField(
        _("live coverage"),
        max_length=8,
        choices=LiveState.choices,
        blank=True,
        default=LiveState.NONE,
        help_text=_(
            "Live coverage shows entries posted from the live desk, newest first, and readers' "
            "pages take in new ones without a reload. Paused keeps the page as it is; Ended "
            "marks the coverage over."
        ),
    )
    coverage_start = models.DateTimeField(
        _("coverage starts"),
        null=True,
        blank=True,
        help_text=_("In KST. Left empty, set to the moment the coverage goes live."),
    )
    coverage_end = models.DateTimeField(
        _("coverage ends"),
        null=True,
        blank=True,
        help_text=_("In KST. Left empty, set to the moment the coverage is ended."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "Only Published stories can appear on the site, and only from their publication "
            "time: Published with a future time means scheduled."
        ),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "In Korea Standard Time (KST). Goes live at this time once the status is Published; "
            "left empty, it is set to the moment you publish."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    deleted_at = models.DateTimeField(_("moved to trash"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moved to trash by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    artists = models.ManyToManyField(
        Artist,
        verbose_name=_("artists"),
        related_name="articles",
        blank=True,
        help_text=_("Every artist the story is about; it appears on their pages."),
    )
    releases = models.ManyToManyField(
        Release,
        verbose_name=_("releases"),
        related_name="articles",
        blank=True,
        help_text=_("The releases the story is about; it joins their “story so far”."),
    )
    tags = TaggableManager(_("tags"), blank=True)
    version = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Goes up by one with every save.")
    )
    fingerprint_count = models.PositiveIntegerField(default=0, editable=False)
    # What the story is linked to, by name ({"artists": [...], "releases": [...], "tags": [...],
    # "bylines": [...]}), written after each save so every revision keeps it: the many-to-many
    # links have no history of their own, and a revision's differences list their changes.
    links = models.JSONField(default=dict, editable=False, blank=True)
    history = HistoricalRecords(
        excluded_fields=[
            "body_html",
            "search_text",
            "search_vector",
            "fingerprint_count",
            "social_renditions",
        ]
    )

    # `objects` hides the trash. The default manager (used by Django for uniqueness checks,
    # so a slug stays taken while its story is in the trash) sees everything.
    objects = ArticleManager()
    everything = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        default_manager_name = "everything"
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        indexes = [
            models.Index(fields=["status", "published_at"]),
            # The story list's order, newest first, read from the index at any size.
            models.Index(fields=["published_at", "id"], name="article_published_order"),
        ]
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish stories")),
            ("edit_any_article", _("Can edit anyone's story, in any state")),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        tidy_fields(self)  # before anything is derived from the text
        if not self.slug:
            self.slug = self._free_slug()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.body_html = render_markdown(self.body)
        self.search_text = search.search_text(self.headline, self.dek, self.body_html)
        self.version += 1  # what the admin compares to refuse a save over someone else's
        kwargs["update_fields"] = SOCIAL.refresh(self, kwargs.get("update_fields"))
        if kwargs.get("update_fields") is not None:
            derived = {"version"}
            if {"body", "headline", "dek"} & set(kwargs["update_fields"]):
                derived |= {"body_html", "search_text"}
            kwargs["update_fields"] = {*kwargs["update_fields"], *derived}
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or {"body", "headline", "dek"} & set(fields):
            Article.everything.filter(pk=self.pk).using(self._state.db).refresh_search()
        if fields is None or "body" in fields:
            self.record_body_pictures()

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @property
    def cache_tag(self):
        """What cached pages showing this story, or its card, carry (common.http.shows)."""
        return f"story-{self.pk}"

    def cache_tags(self):
        """The tags of every page that shows or could list this story: its own (its page and
        every card of it), search, and the lists it belongs to: all stories; its artists' and
        the groups they belong to (a group's page lists its members' stories); every release
        in its releases' families; its tags' and its bylines'."""
        artists = list(self.artists.values_list("pk", flat=True))
        groups = Membership.objects.filter(member__in=artists).values_list("group_id", flat=True)
        releases = Release.objects.family_of(list(self.releases.all())).values_list("pk", flat=True)
        return {
            self.cache_tag,
            STORIES,
            SEARCH,
            *(listing(f"artist-{pk}") for pk in {*artists, *groups}),
            *(listing(f"release-{pk}") for pk in releases),
            *(listing(tag_cache_tag(pk)) for pk in self.tags.values_list("pk", flat=True)),
            *(listing(byline_cache_tag(pk)) for pk in self.bylines.values_list("pk", flat=True)),
        }

    def record_links(self):
        """Write down by name what the story is linked to, on the story and on its latest
        revision, once its links are saved: the revision is written by save(), before the
        admin saves the links, and a revision's differences list their changes."""
        self.links = {
            "artists": sorted(map(str, self.artists.all()), key=str.casefold),
            "releases": sorted(map(str, self.releases.all()), key=str.casefold),
            "tags": sorted(self.tags.names(), key=str.casefold),
            "bylines": [byline.name for byline in self.bylines_in_order],  # in their order
        }
        Article.everything.filter(pk=self.pk).update(links=self.links)
        latest = self.history.values("history_id")[:1]
        self.history.filter(history_id__in=latest).update(links=self.links)

    def _free_slug(self):
        """A slug from the headline, made unique; a headline with no Latin letters (all Hangul,
        say) gets a neutral one, since addresses stay ASCII."""
        base = slugify(self.headline)[:280].strip("-") or "story"
        taken = set(
            Article.everything.filter(slug__regex=rf"^{base}(-[0-9]+)?$")
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        taken |= RESERVED_STORY_SLUGS
        if base not in taken:
            return base
        return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)

    @property
    def hero_picture(self):
        """The hero image as pages print it (see pictures.renditions.Picture); None without one,
        or when the library has withdrawn it or its licence has ended."""
        return shown_picture(self.hero)

    @property
    def hero_shown_caption(self):
        """The caption under the hero: the story's own, else the library's."""
        return self.hero_caption or (self.hero.caption if self.hero else "")

    @property
    def hero_alt(self):
        return self.hero.alt_text if self.hero else ""

    @property
    def hero_credit(self):
        return self.hero.rights_notice if self.hero else ""

    @property
    def hero_width(self):
        return self.hero.width if self.hero else None

    @property
    def share_picture(self):
        """The picture on a shared link: the social image, else the hero image."""
        return SOCIAL.picture(self) or self.hero_picture

    @property
    def share_alt(self):
        return self.hero_alt if not self.social_image else self.share_title

    SEARCH_HEADLINE_LENGTH = 110  # what search engines show of a headline, about
    SOCIAL_IMAGE_WIDTH = 1200  # what X and Facebook ask of a large link image

    @property
    def search_title(self):
        return self.seo_title or self.headline

    @property
    def search_description(self):
        return self.meta_description or self.dek

    @property
    def share_title(self):
        return self.social_title or self.headline

    @property
    def share_description(self):
        return self.social_description or self.dek

    def search_and_social_warnings(self):
        """What would make the story look worse in search results and shared links; the
        desk is warned, the story is not held back."""
        warnings = []
        if not self.search_description.strip():
            warnings.append(_("No description for search results: write a standfirst."))
        if len(self.search_title) > self.SEARCH_HEADLINE_LENGTH:
            warnings.append(
                _("The headline is over %(n)d characters: search results will cut it; write a "
                  "search headline.") % {"n": self.SEARCH_HEADLINE_LENGTH}
            )  # fmt: skip
        image, width = (
            (_("social image"), self.social_width)
            if self.social_image
            else (_("hero image"), self.hero_width)
        )
        if (self.social_image or self.hero_id) and (width or 0) < self.SOCIAL_IMAGE_WIDTH:
            warnings.append(
                _("The %(image)s is %(w)d px wide: shared links show a large image from "
                  "%(min)d px.")
                % {"image": image, "w": width or 0, "min": self.SOCIAL_IMAGE_WIDTH}
            )  # fmt: skip
        return warnings

    def is_published(self, now=None):
        """The twin of `ArticleQuerySet.published()` for one story."""
        return (
            self.status == self.Status.PUBLISHED
            and self.deleted_at is None
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    @property
    def is_live_coverage(self):
        """Whether the story is live coverage, running, paused or ended."""
        return bool(self.live)

    @property
    def live_cache_tag(self):
        return live_cache_tag(self.pk)

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_published()

    @property
    def state_label(self):
        """The workflow state as editors say it: a published story still to come is Scheduled."""
        return _("Scheduled") if self.is_scheduled else self.get_status_display()

    def bylined_users(self):
        """The active accounts behind the story's bylines, in byline order: the colleagues to
        tell of it (contributors without an account are not among them)."""
        return (
            get_user_model()
            .objects.filter(is_active=True, byline__story_links__article=self)
            .order_by("byline__story_links__position")
        )

    def with_text(self, values):
        """A copy of the story carrying `values` (unsaved text from the form, by field name)
        in place of its own, tidied and rendered as save() would: what a live preview shows.
        Nothing is saved. A story without an address takes one from its headline, as its
        first save would."""
        candidate = copy.copy(self)
        for name in TEXT_FIELDS:
            if isinstance(values.get(name), str):
                setattr(candidate, name, values[name])
        tidy_fields(candidate)
        candidate.slug = candidate.slug or candidate._free_slug()
        candidate.body_html = render_markdown(candidate.body)
        return candidate

    @property
    def bylines_in_order(self):
        """The story's bylines as printed, "By A and B" (prefetched: bylines.prefetch_bylines)."""
        links = self.byline_links.all()
        if "byline_links" not in getattr(self, "_prefetched_objects_cache", {}):
            links = links.select_related("byline")
        return [link.byline for link in links]

    def set_bylines(self, bylines):
        """Sign the story with `bylines`, in that order."""
        wanted = {byline.pk: position for position, byline in enumerate(bylines)}
        self.byline_links.exclude(byline__in=list(wanted)).delete()
        for link in self.byline_links.filter(byline__in=list(wanted)):
            position = wanted.pop(link.byline_id)
            if link.position != position:
                link.position = position
                link.save(update_fields=["position"])
        for pk, position in wanted.items():
            ArticleByline.objects.create(article=self, byline_id=pk, position=position)
        getattr(self, "_prefetched_objects_cache", {}).pop("byline_links", None)

    def is_owned_by(self, user):
        """Whether `user` wrote this story: its creator, or their byline is on it. A story
        not saved yet is being written by whoever has it open."""
        if self.pk is None:
            return True
        return self.created_by_id == user.pk or any(
            byline.user_id == user.pk for byline in self.bylines_in_order
        )

    @property
    def shows_update(self):
        return bool(self.published_at) and self.updated_at - self.published_at > UPDATE_NOTICE_AFTER

    @property
    def updated_notice_at(self):
        """The "Updated" time readers see: the latest correction or update note, else a late
        edit. Uses prefetched notes."""
        notes = list(self.notes.all())
        if notes:
            return notes[-1].at
        return self.updated_at if self.shows_update else None

    def clean(self):
        if self.slug in RESERVED_STORY_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the address of another page.") % {"slug": self.slug}}
            )
        problems = body_picture_problems(self.body)
        if problems:
            raise ValidationError({"body": problems})

    def more_on(self):
        """The "More on" boxes under the story: (other stories about its releases, other
        stories about its artists that the first box does not already hold)."""
        releases_box = list(self.more_on_releases())
        artists_box = list(self.more_on_artists(exclude=[story.pk for story in releases_box]))
        return releases_box, artists_box

    def more_on_releases(self, limit=6):
        """Other public stories about this story's releases and their families, newest first."""
        releases = list(self.releases.all())
        if not releases:
            return Article.objects.none()
        return (
            Article.objects.published()
            .about_releases(releases)
            .exclude(pk=self.pk)
            .for_cards()[:limit]
        )

    def more_on_artists(self, exclude=(), limit=6):
        """Other public stories about this story's artists (and a group's members)."""
        artists = list(self.artists.all())
        if not artists:
            return Article.objects.none()
        excluded = [self.pk, *exclude]
        return (
            Article.objects.published()
            .about_artists(artists, newest=limit + len(excluded))
            .exclude(pk__in=excluded)
            .for_cards()[:limit]
        )

    def record_body_pictures(self):
        """Keep `body_pictures` and `body_galleries` to what the rendered body shows (those
        the library still has)."""
        inserted = placeholders(self.body_html)
        self.body_pictures.set(Image.objects.filter(pk__in=inserted["picture"]))
        self.body_galleries.set(Gallery.objects.filter(pk__in=inserted["gallery"]))

    def pictures_shown(self):
        """Every library picture the story shows: its hero, those in its body, and those of
        its lead gallery and of the galleries in its body."""
        galleries = Q(gallery_items__gallery__body_of=self)
        if self.lead_gallery_id:
            galleries |= Q(gallery_items__gallery=self.lead_gallery_id)
        shown = Q(body_of=self) | galleries
        if self.hero_id:
            shown |= Q(pk=self.hero_id)
        return Image.objects.filter(shown).distinct()


SOCIAL = PictureFields(Article, "social_image", prefix="social", label=_("social images"))

# Longer addresses are shortened in messages.
SHOWN_ADDRESS = 80


def body_picture_problems(body):
    """Why the pictures of a body cannot be saved, in words a writer can act on: an image
    written into the text (from another site, which would be a broken picture on our pages,
    or a file of ours, which would be served whole with no caption or credit), or a
    reference to a picture or gallery the library does not have."""
    problems = []
    for address in dict.fromkeys(image_addresses(body)):
        shown = address if len(address) <= SHOWN_ADDRESS else address[: SHOWN_ADDRESS - 1] + "…"
        problems.append(_written_image_problem(address, shown))
    inserted = placeholders(render_markdown(body))
    for kind, model in (("picture", Image), ("gallery", Gallery)):
        known = set(model.objects.filter(pk__in=inserted[kind]).values_list("pk", flat=True))
        for pk in inserted[kind]:
            if pk not in known:
                problems.append(_missing_problem(kind, pk))
    return problems


def _written_image_problem(address, shown):
    library = Image.objects.filter(file=_media_name(address)).first() if address else None
    if library is not None:
        return _(
            "The body shows the image “%(address)s” by its address. It is in the picture "
            "library: insert it with “Insert image” (the line %(reference)s), so readers get "
            "it at the right size with its caption and credit."
        ) % {"address": shown, "reference": reference("picture", library.pk)}
    if address.startswith(("http://", "https://", "//")):
        return _(
            "The body shows an image from another site (“%(address)s”): it would be a broken "
            "picture on our pages. Upload it to the picture library, then insert it with "
            "“Insert image”."
        ) % {"address": shown}
    return _(
        "The body shows the image “%(address)s” by its address. Pictures in a story come "
        "from the picture library: upload it there, then insert it with “Insert image”."
    ) % {"address": shown}


def _media_name(address):
    """The stored file name behind an address of our media storage, or ""."""
    media = default_storage.url("")
    return address.removeprefix(media) if media and address.startswith(media) else ""


def _missing_problem(kind, pk):
    if kind == "picture":
        return _("The picture library has no picture %(ref)s: choose one with “Insert image”.") % {
            "ref": reference(kind, pk)
        }
    return _("The picture library has no gallery %(ref)s: choose one with “Insert gallery”.") % {
        "ref": reference(kind, pk)
    }


class Transition(models.Model):
    """One move of a story through the workflow: who, when, from which state to which."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=12, choices=Article.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Article.Status.choices)
    publish_at = models.DateTimeField(_("publication time"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("For the colleague the story goes to; never shown to readers."),
    )
    rights_note = models.TextField(
        _("why the pictures' rights were set aside"),
        blank=True,
        help_text=_(
            "An editor published or scheduled the story although its pictures' rights stood "
            "in the way (withdrawn, licence ended, restricted), and said why."
        ),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow history")

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class TrashedArticle(Article):
    """Stories in the trash, for the admin's trash view."""

    objects = ArticleQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("story in the trash")
        verbose_name_plural = _("trash")


class ShareLinkQuerySet(models.QuerySet):
    def live(self, now=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ShareLink(models.Model):
    """A preview of a story for someone without an account (a label's PR team, say)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="share_links")
    key = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    open_count = models.PositiveIntegerField(_("times opened"), default=0)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self):
        return f"{self.article} ({self.key[:6]}…)"

    def get_absolute_url(self):
        return reverse("articles:shared", kwargs={"token": self.token})

    @property
    def token(self):
        """The key, signed: a link edited by hand fails before any database lookup."""
        return Signer(salt=SHARE_SALT).sign(self.key)

    def is_live(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class Note(models.Model):
    """A correction or update appended to a published story, shown at its foot."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        CLARIFICATION = "clarification", _("Clarification")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.UPDATE)
    text = models.TextField(
        _("text"), help_text=_("Shown to readers at the foot of the story, with the time.")
    )
    at = models.DateTimeField(_("time"), default=timezone.now, help_text=_("In KST."))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class FormerSlug(models.Model):
    """An address a story used to have; it answers with a permanent redirect."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=300, unique=True)
    retired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.slug


class Fingerprint(models.Model):
    """One sampled shingle hash of a story's text: see articles/copydesk/similarity.py."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="fingerprints")
    value = models.BigIntegerField()

    class Meta:
        verbose_name = _("fingerprint")
        constraints = [
            models.UniqueConstraint(fields=["article", "value"], name="unique_fingerprint")
        ]
        indexes = [models.Index(fields=["value", "article"])]

    def __str__(self):
        return f"{self.article_id}:{self.value}"


class LinkSuggestion(models.Model):
    """An artist or release the copy desk found in imported copy, for an editor to confirm."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided")
        ACCEPTED = "accepted", _("Link it")
        REJECTED = "rejected", _("Not this one")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="suggestions")
    artist = models.ForeignKey(Artist, on_delete=models.CASCADE, null=True, blank=True)
    release = models.ForeignKey(Release, on_delete=models.CASCADE, null=True, blank=True)
    matched = models.CharField(_("found as"), max_length=200)
    mentions = models.PositiveIntegerField(_("mentions"), default=1)
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=Decision.choices,
        default=Decision.PENDING,
        help_text=_("Link it adds the artist or release to the story when you save."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("linking suggestion")
        verbose_name_plural = _("linking suggestions")
        constraints = [
            models.CheckConstraint(
                condition=Q(artist__isnull=False, release__isnull=True)
                | Q(artist__isnull=True, release__isnull=False),
                name="suggestion_is_artist_or_release",
            )
        ]

    def __str__(self):
        return str(self.target)

    @property
    def target(self):
        return self.artist or self.release


class FingerprintStat(models.Model):
    """In how many stories a fingerprint appears: boilerplate phrases are skipped in lookups."""

    value = models.BigIntegerField(primary_key=True)
    stories = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("fingerprint frequency")

    def __str__(self):
        return f"{self.value}: {self.stories}"


class AutosaveQuerySet(models.QuerySet):
    def of(self, user, article=None):
        """`user`'s autosave of `article`; of the new story they are writing without one."""
        return self.filter(user=user, article=article)

    def keep(self, *, user, article=None, fields, base_version=None, now=None):
        """Replace `user`'s autosave of `article` with the text fields among `fields`. Only
        this row is written: no revision, no new version, nothing purged."""
        text = {name: fields[name] for name in TEXT_FIELDS if isinstance(fields.get(name), str)}
        autosave, _ = self.update_or_create(
            user=user,
            article=article,
            defaults={
                "fields": text,
                "base_version": base_version,
                "saved_at": now or timezone.now(),
            },
        )
        return autosave

    def discard(self, *, user, article=None):
        """Forget `user`'s autosave of `article`: the story was saved, or they said so."""
        self.of(user, article).delete()


class Autosave(models.Model):
    """The text a colleague is typing, kept every few seconds while the story is open: one row
    per person and story (a new story has none yet), replaced each time, never a revision."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="autosaves"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fields = models.JSONField(_("fields"), default=dict)
    base_version = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The story's version the text was typed over.")
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    objects = AutosaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("autosave")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_autosave_per_story"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article=None), name="one_autosave_per_new_story"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.article or _('new story')}"

    def differs_from(self, article):
        """Whether restoring this text would change `article` (None: a new story, which has
        no text yet). Compared as a save would store it: tidied, trimmed as the form trims."""
        return any(
            _stored(name, value) != (_stored(name, getattr(article, name)) if article else "")
            for name, value in self.fields.items()
        )

    @property
    def is_behind(self):
        """The story was saved since this text was typed over it: restoring it would put it
        over the newer text."""
        return bool(self.article) and (self.base_version or 0) < self.article.version


def _stored(name, value):
    """`value` of the text field `name` as saving it through the story form stores it."""
    tidy = multi_line if name == "body" else single_line
    return tidy(value).strip()


class PresenceQuerySet(models.QuerySet):
    def recent(self, now=None):
        """Heartbeats within the last minute: people who still have the story open."""
        return self.filter(seen_at__gt=(now or timezone.now()) - PRESENCE_WINDOW)

    def others_on(self, article, user, now=None):
        """Colleagues other than `user` who have `article` open, by name."""
        return (
            self.recent(now)
            .filter(article=article, user__is_active=True)
            .exclude(user=user)
            .select_related("user")
            .order_by("user__first_name", "user__last_name", "user__username")
        )

    def record(self, *, article, user, now=None):
        """`user` has `article` open as of `now`."""
        self.update_or_create(
            article=article, user=user, defaults={"seen_at": now or timezone.now()}
        )


class Presence(models.Model):
    """Who has a story open in the admin, as of their last heartbeat."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    objects = PresenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("presence")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_presence_per_story")
        ]

    def __str__(self):
        return f"{self.user} on {self.article_id}"


# Most read's counts have a module of their own; the app's models are all found here.
# The stored oEmbed answers of social embeds, in a module of their own.
from .embeds import SocialEmbed  # noqa: E402, F401
from .reads import DailyReads, DailySource, Read, ReadDay, ReadSalt  # noqa: E402, F401
