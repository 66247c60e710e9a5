"""RSS 2.0 and Atom feeds of published stories: latest, per artist, per release, per tag.

Each feed is a declarative subclass of Django's `Feed`; the Atom twin of each only swaps the
feed type. Items come from `published()` in one query plus prefetches, whatever their number.
"""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from artists.models import Artist, Release
from common.formats import person
from common.http import absolute, shows, tag_uri
from pictures.embedding import shown_items
from pictures.models import Gallery, GalleryItem

from .bylines import prefetch_bylines
from .coverage import Coverage
from .live import LATEST as LIVE_LATEST
from .models import Article, public_tags

ITEMS = 30
MEDIA_RSS = "http://search.yahoo.com/mrss/"


class MediaElements:
    """A feed whose items carry their pictures as Media RSS entries (`media:content`, with
    the caption, credit and copyright notice): how feed readers and aggregators show a
    gallery."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for media in item.get("media", ()):
            handler.startElement("media:content", media["attributes"])
            for name, value, attributes in media["elements"]:
                handler.addQuickElement(name, value, attributes)
            handler.endElement("media:content")


class MediaRssFeed(MediaElements, Rss201rev2Feed):
    pass


class MediaAtomFeed(MediaElements, Atom1Feed):
    pass


class AtSiteUrl:
    """A feed whose links are at the site's one public address (settings.SITE_URL) and whose
    ids are tag URIs minted by settings.ID_AUTHORITY: Django's feeds would build both from
    the Host a request came with, and a story fetched as localhost and as 127.0.0.1 would
    be two entries in a reader's app."""

    def get_feed(self, obj, request):
        self.feed_path = request.path
        return super().get_feed(obj, request)

    def feed_url(self, obj):
        return absolute(self.feed_path)


def _galleries():
    items = GalleryItem.objects.select_related("image")
    return Gallery.objects.prefetch_related(Prefetch("items", queryset=items))


class LatestStories(AtSiteUrl, Feed):
    feed_type = MediaRssFeed
    description = _("The latest K-pop news, releases and interviews.")
    # Readers' apps key items on their id: the story's number survives a change of address.
    item_guid_is_permalink = False

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return absolute(reverse("articles:list"))

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        stories = self.stories(obj).for_cards()
        return stories.prefetch_related(
            prefetch_bylines(),
            "tags",
            "body_pictures",
            Prefetch("lead_gallery", queryset=_galleries()),
            Prefetch("body_galleries", queryset=_galleries()),
        )[:ITEMS]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.search_description

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_guid(self, item):
        # A tag URI (RFC 4151): Atom requires an IRI for ids, and it never changes.
        return tag_uri(item.created_at, f"story-{item.pk}")

    def item_author_name(self, item):
        return ", ".join(byline.name for byline in item.bylines_in_order) or None

    def item_author_link(self, item):
        """The byline's page, when one byline signs the story (feeds name one author)."""
        bylines = item.bylines_in_order
        return absolute(bylines[0].get_absolute_url()) if len(bylines) == 1 else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        picture = item.hero_picture
        if picture is None:
            return []
        image = picture.largest("wide")
        return [Enclosure(absolute(image.url), str(image.size or 0), "image/jpeg")]

    def item_extra_kwargs(self, item):
        return {"media": [self.media(image, caption) for image, caption in self.pictures(item)]}

    def pictures(self, item):
        """[(picture, caption)] the story shows besides its hero (the enclosure): its
        galleries' pictures, then those in its body; only those pages may print."""
        galleries = [item.lead_gallery] if item.lead_gallery_id else []
        galleries += list(item.body_galleries.all())
        found = [(i.image, i.shown_caption) for g in galleries if g for i in shown_items(g)]
        found += [(image, image.caption) for image in item.body_pictures.all() if image.is_shown()]
        return list({image.pk: (image, caption) for image, caption in found}.values())

    def media(self, image, caption):
        largest = image.picture.largest("original")
        elements = [("media:title", str(image), {})]
        if caption:
            elements.append(("media:description", caption, {}))
        if image.credit:
            elements.append(("media:credit", image.credit, {}))
        if image.copyright_notice:
            elements.append(("media:copyright", image.copyright_notice, {}))
        attributes = {
            "url": absolute(largest.url),
            "type": mimetypes.guess_type(largest.url)[0] or "image/jpeg",
            "medium": "image",
            "width": str(largest.width),
            "height": str(largest.height),
        }
        return {"attributes": attributes, "elements": elements}


class ArtistStories(LatestStories):
    """Stories about an artist; for a group, its members' stories from their time in it."""

    def get_object(self, request, slug):
        return get_object_or_404(Artist, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return _("Stories about %(name)s.") % {"name": obj.name}

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def stories(self, obj):
        return Article.objects.published().about_artists([obj])


class ReleaseStories(LatestStories):
    """Stories about a release and its family (an album and its singles)."""

    def get_object(self, request, slug):
        return get_object_or_404(Release, slug=slug)

    def title(self, obj):
        return f"{obj.title} · {settings.SITE_NAME}"

    def description(self, obj):
        return _("Stories about %(title)s.") % {"title": obj.title}

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def stories(self, obj):
        return Article.objects.published().about_releases([obj])


class TagStories(LatestStories):
    def get_object(self, request, slug):
        return get_object_or_404(public_tags(), slug=slug)

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return _("Stories tagged %(name)s.") % {"name": obj.name}

    def link(self, obj):
        return absolute(reverse("articles:tag", kwargs={"slug": obj.slug}))

    def stories(self, obj):
        return Article.objects.published().tagged(obj)


class LiveEntries(AtSiteUrl, Feed):
    """A live story's entries, newest first: for readers following the coverage in a feed
    reader, and for partners' live tickers. Purged with the live page by each entry."""

    feed_type = MediaRssFeed
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        return shows(response, self.story.live_cache_tag, self.story.cache_tag)

    def get_object(self, request, slug):
        story = Article.objects.published().exclude(live="").filter(slug=slug).first()
        if story is None:
            raise Http404("No live coverage here")
        self.story = story
        return story

    def title(self, obj):
        return _("Live: %(headline)s") % {"headline": obj.headline}

    def description(self, obj):
        return obj.search_description or obj.headline

    def link(self, obj):
        return absolute(obj.get_absolute_url())

    def items(self, obj):
        self.coverage = Coverage.of(obj)
        return self.coverage.entries[:LIVE_LATEST]

    def item_title(self, item):
        return item.headline or self.story.headline

    def item_description(self, item):
        return self.coverage.body_html(item)

    def item_link(self, item):
        return absolute(f"{self.story.get_absolute_url()}#{item.anchor}")

    def item_pubdate(self, item):
        return item.posted_at

    def item_updateddate(self, item):
        return item.corrected_at or item.posted_at

    def item_guid(self, item):
        return tag_uri(item.posted_at, f"live-entry-{item.pk}")

    def item_author_name(self, item):
        return person(item.posted_by) if item.posted_by else None

    def item_enclosures(self, item):
        picture = self.coverage.shown.images.get(item.picture_id)
        if picture is None or not picture.is_shown():
            return []
        image = picture.picture.largest("wide")
        return [Enclosure(absolute(image.url), str(image.size or 0), "image/jpeg")]


def atom(feed):
    """The Atom twin of an RSS feed class."""
    attrs = {"feed_type": MediaAtomFeed, "subtitle": feed.description}
    return type(f"{feed.__name__}Atom", (feed,), attrs)
