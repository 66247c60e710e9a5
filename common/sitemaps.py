"""Django's sitemaps at the site's one public address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import sitemaps


class Sitemap(sitemaps.Sitemap):
    """A sitemap whose addresses are at settings.SITE_URL: Django's would take the Host of
    the request that asked, and a crawler that came through another name would be handed
    addresses that are not the pages' own."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
