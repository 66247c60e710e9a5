from django.conf import settings
from django.utils.translation import get_language, to_locale

from common.http import absolute


def site(request):
    return {"site_name": settings.SITE_NAME, "canonical_url": canonical_url(request)}


def canonical_url(request):
    """The page's one address for search engines: no query string but the page number, so
    filtered and tracked copies of a page count as the page itself."""
    url = absolute(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


def language(request):
    """The page's language for Open Graph, which wants a locale ("en_GB"), not a tag."""
    return {"og_locale": to_locale(get_language() or settings.LANGUAGE_CODE)}
