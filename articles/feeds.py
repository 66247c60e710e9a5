"""RSS 2.0 and Atom feeds of published stories: latest, per artist, per release, per tag.

Each feed is a declarative subclass of Django's `Feed`; the Atom twin of each only swaps the
feed type. Items come from `published()` in one query plus prefetches, whatever their number.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext_lazy as _

from artists.models import Artist, Release

from .bylines import prefetch_bylines
from .models import Article, public_tags

ITEMS = 30


class LatestStories(Feed):
    description = _("The latest K-pop news, releases and interviews.")
    # Readers' apps key items on their id: the story's number survives a change of address.
    item_guid_is_permalink = False

    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return reverse("articles:list")

    def stories(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        stories = self.stories(obj).for_cards()
        return stories.prefetch_related(prefetch_bylines(), "tags")[:ITEMS]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.search_description

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.published_at)

    def item_guid(self, item):
        # A tag URI (RFC 4151): Atom requires an IRI for ids, and it never changes.
        return f"tag:{self.host},{item.created_at:%Y-%m-%d}:story-{item.pk}"

    def item_author_name(self, item):
        return ", ".join(byline.name for byline in item.bylines_in_order) or None

    def item_author_link(self, item):
        """The byline's page, when one byline signs the story (feeds name one author)."""
        bylines = item.bylines_in_order
        return self.absolute(bylines[0].get_absolute_url()) if len(bylines) == 1 else None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]

    def item_enclosures(self, item):
        picture = item.hero_picture
        if picture is None:
            return []
        image = picture.largest("wide")
        return [Enclosure(self.absolute(image.url), str(image.size or 0), "image/jpeg")]

    def get_feed(self, obj, request):
        self.host = split_domain_port(request.get_host())[0]
        self.absolute = request.build_absolute_uri
        return super().get_feed(obj, request)


class ArtistStories(LatestStories):
    """Stories about an artist; for a group, its members' stories from their time in it."""

    def get_object(self, request, slug):
        return get_object_or_404(Artist, slug=slug)

    def title(self, obj):
        return f"{obj.name} · {settings.SITE_NAME}"

    def description(self, obj):
        return _("Stories about %(name)s.") % {"name": obj.name}

    def link(self, obj):
        return obj.get_absolute_url()

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
        return obj.get_absolute_url()

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
        return reverse("articles:tag", kwargs={"slug": obj.slug})

    def stories(self, obj):
        return Article.objects.published().tagged(obj)


def atom(feed):
    """The Atom twin of an RSS feed class."""
    attrs = {"feed_type": Atom1Feed, "subtitle": feed.description}
    return type(f"{feed.__name__}Atom", (feed,), attrs)
