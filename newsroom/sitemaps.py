"""The sitemap index: every app's sitemaps, one section each (sitemap-<section>.xml), and
the Google News sitemap while it has stories."""

from functools import cached_property

from django.contrib.sitemaps.views import SitemapIndexItem
from django.urls import reverse

from articles.sitemaps import StorySitemap, TagSitemap, news_latest
from artists.sitemaps import ArtistSitemap, ReleaseSitemap
from common.http import absolute
from common.sitemaps import Sitemap


class PageSitemap(Sitemap):
    """The front page and the list of stories, which change whenever a story does. They
    are always there, so the index is never empty: a `sitemapindex` needs a `sitemap`."""

    changefreq = "hourly"
    priority = 1.0

    def items(self):
        return ["home", "articles:list"]

    def location(self, item):
        return reverse(item)

    @cached_property
    def latest(self):
        return StorySitemap().get_latest_lastmod()

    def lastmod(self, item):
        return self.latest

    def get_latest_lastmod(self):
        return self.latest


SITEMAPS = {
    "pages": PageSitemap,
    "stories": StorySitemap,
    "artists": ArtistSitemap,
    "releases": ReleaseSitemap,
    "tags": TagSitemap,
}


def index_entries():
    """[SitemapIndexItem] of the index, at the site's public address: each section and its
    pages past the first, as Django's index lists them, and the news sitemap; a section
    with nothing to list is left out (a `urlset` without a `url` is invalid, and search
    engines report it)."""
    entries = []
    for section, sitemap in SITEMAPS.items():
        sitemap = sitemap() if callable(sitemap) else sitemap
        paginator = sitemap.paginator
        if not paginator.count:
            continue
        name = "django.contrib.sitemaps.views.sitemap"
        location = absolute(reverse(name, kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        pages = range(2, paginator.num_pages + 1)
        entries += [SitemapIndexItem(f"{location}?p={page}", lastmod) for page in pages]
    if latest := news_latest():
        entries.append(SitemapIndexItem(absolute(reverse("news_sitemap")), latest))
    return entries
