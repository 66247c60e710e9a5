"""The project's own deploy checks (`manage.py check --deploy`), beside Django's."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning


def public_address(app_configs, **kwargs):
    """SITE_URL left at the laptop's address: every feed, sitemap, calendar, canonical link
    and e-mail would send readers and search engines to 127.0.0.1."""
    if settings.DEBUG:
        return []
    if settings.SITE_URL == settings.LOCAL_SITE_URL:
        return [
            Warning(
                f"SITE_URL is left at {settings.LOCAL_SITE_URL}, the address of a development "
                "machine: feeds, sitemaps, calendars and canonical links would point there.",
                hint="Set SITE_URL to the site's public address, e.g. https://news.example.com.",
                id="newsroom.W001",
            )
        ]
    if settings.SECURE_SSL_REDIRECT and urlsplit(settings.SITE_URL).scheme != "https":
        return [
            Warning(
                "SITE_URL starts with http:// while the site redirects to HTTPS: every link "
                "the site prints would take a redirect.",
                hint="Give SITE_URL as https://.",
                id="newsroom.W002",
            )
        ]
    return []
