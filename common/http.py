"""Responses that must stay between the site and one person, and what a public page shows."""

from django.utils.cache import add_never_cache_headers


def private(response):
    """A page readers must never get from a cache or a search engine."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# Collections a page may list from: every public story; every artist and release.
STORIES, CATALOGUE = "stories", "catalogue"


def shows(response, *tags):
    """Record what a public page shows, as cache tags (surrogate keys: `story-12`, `artist-3`,
    a collection): the page cache purges the page when any of them changes. Give the thing
    the page is about, everything it lists, and the collections it lists them from."""
    response.cache_tags = {*getattr(response, "cache_tags", ()), *tags}
    return response


def tags_of(rows):
    """The cache tags of `rows`, each a model with a `cache_tag`."""
    return [row.cache_tag for row in rows]
