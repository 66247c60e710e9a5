"""Responses that must stay between the site and one person."""

from django.utils.cache import add_never_cache_headers


def private(response):
    """A page readers must never get from a cache or a search engine."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
