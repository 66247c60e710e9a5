from django.conf import settings


def site(request):
    return {"site_name": settings.SITE_NAME, "canonical_url": canonical_url(request)}


def canonical_url(request):
    """The page's one address for search engines: no query string but the page number, so
    filtered and tracked copies of a page count as the page itself."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url
