"""Responses that must stay between the site and one person, and what a public page shows."""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.cache import add_never_cache_headers


def private(response):
    """A page readers must never get from a cache or a search engine."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Collections a page may list from: every public story (which stories, in which order);
# every artist and release; search results (purged by any edit of a public story's text).
STORIES, CATALOGUE, SEARCH = "stories", "catalogue", "search"


def listing(tag):
    """The tag of the stories listed under a thing (`artist-3` -> `artist-3-stories`): purged
    when a story joins, leaves or moves in that list, while the thing's own tag is purged
    when the thing itself (a name, a photo) changes."""
    return f"{tag}-stories"


def shows(response, *tags):
    """Record what a public page shows, as cache tags (surrogate keys: `story-12`, `artist-3`,
    a collection): the page cache purges the page when any of them changes. Give the thing
    the page is about, every story card on it, and the lists it draws them from. A template
    tag may record on the request instead (the page cache reads both)."""
    response.cache_tags = {*getattr(response, "cache_tags", ()), *tags}
    return response


def keep_for(response, seconds):
    """Let the page cache keep this page `seconds` at most, however long it keeps others."""
    response.cache_seconds = seconds
    return response


def fresh_for(response, seconds):
    """Let browsers and a CDN keep the page `seconds` at most (0: ask again each time, with
    the ETag), whatever they may keep other pages for."""
    response.browser_seconds = seconds
    return response


def allow_sources(target, directives):
    """Let one page's Content-Security-Policy allow more sources (`{"script-src": [...]}`),
    recorded on its response or, from a template tag, on its request; the site's policy
    middleware (newsroom/security.py) adds them to the policy of that page alone."""
    if not directives:
        return target
    update = dict(getattr(target, "_csp_update", None) or {})
    for directive, sources in directives.items():
        update[directive] = sorted({*update.get(directive, ()), *sources})
    target._csp_update = update
    return target


def tags_of(rows):
    """The cache tags of `rows`, each a model with a `cache_tag`."""
    return [row.cache_tag for row in rows]


def client_address(request):
    """The address of whoever made the request: the connection's, unless
    settings.TRUSTED_PROXY_COUNT proxies in front of the site each append the address they
    were reached from to X-Forwarded-For; then the one the outermost proxy appended. Anything
    further left was written by the client and is never believed."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR", "")


def absolute(location=""):
    """`location` (a path, or an address already whole, such as a file on a CDN) as an
    address at the site's one public address, settings.SITE_URL. Whatever Host a request
    came with (localhost, an internal name, a proxy's), readers, search engines and feed
    readers are given one address for one page."""
    return urljoin(settings.SITE_URL + "/", location)


def tag_uri(day, specific):
    """A permanent id (a tag URI, RFC 4151: `tag:news.example.com,2026-05-01:story-12`) minted
    by settings.ID_AUTHORITY, which stays when the site moves to another address. `day` is
    when the thing was first made, so that the id never changes."""
    return f"tag:{settings.ID_AUTHORITY},{day:%Y-%m-%d}:{specific}"
