"""Sitemaps of the catalogue: every artist and every release page."""

from django.db.models import Max

from common.sitemaps import Sitemap

from .models import Artist, Release


class CatalogueSitemap(Sitemap):
    """Every row of a catalogue model (artists, releases), last modified when it was saved."""

    changefreq = "weekly"

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.model.objects.aggregate(latest=Max("updated_at"))["latest"]


ArtistSitemap = CatalogueSitemap(Artist)
ReleaseSitemap = CatalogueSitemap(Release)
