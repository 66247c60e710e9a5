"""Anonymous readers' pages served from the cache, purged by what they show.

A view names what its page shows (`common.http.shows`: the story, the cards on it, the artists
and releases it lists, the collections it draws from); the page is cached with the version of
each of those tags, and a change purges only its own tags (newsroom/purges.py). How tags are
versioned and purged, and what happens when Redis is in trouble: newsroom/cachestore.py.

- After an edit, readers may get the previous version for at most STALE_FOR seconds while one
  process renders the page again (a short lock in the cache); a takedown (a hard purge) is
  never served again, not even for a moment.
- Concurrent misses of one page wait for the one render instead of all rendering it.
- Only the query parameters pages read make separate entries: anything else is served the
  page without its junk, and nothing new is stored.
- Some changes happen without a save: a scheduled story's time comes, a release comes out.
  The moment of the next such change is kept beside the tags, and the first request after it
  purges what came due.
- Staff, previews, share links and anything that sets a cookie or says `private` are never
  cached: a request carrying a session cookie goes straight to the view.
- Without Redis (its circuit open), pages come from the database: `X-Page-Cache: BYPASS`.
"""

import contextlib
import datetime as dt
import hashlib
import math
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags

from .cachestore import (
    ALL,
    ANY,
    CLOCK_MARGIN_NS,
    NEXT_CHANGE,
    SCHEDULE,
    CacheUnavailable,
    RedisCache,  # noqa: F401 (CACHES names it here)
    apply,
    apply_pending,
    breaker,
    bump,  # noqa: F401 (commands bump from here)
    database,
    follower,
    versions,
)

NOTHING_SCHEDULED = 2**31  # a timestamp far away: nothing is due
CACHED_STATUSES = {200, 301, 404}
NEVER_CACHED_PATHS = ("/admin/", "/news/preview/")
# The query parameters public pages read; any other makes no entry of its own.
# (`p`: the sitemaps' page; the rest: lists, search and their filters.)
PAGE_PARAMETERS = {
    "page", "p", "q", "artist", "release", "tag", "kind", "published_after", "published_before",
}  # fmt: skip
MAX_KEY_LENGTH = 200  # memcached's limit is 250, with the prefix and version
STALE_FOR = 2.0  # seconds an edited page may still be served while one process renders it
RENDER_LOCK_SECONDS = 10
WAIT_FOR_RENDER = 2.0  # seconds a miss waits for another process rendering the same page
WAIT_STEP = 0.02


@dataclass
class Found:
    entry: dict | None
    fresh: bool = False
    stale_ok: bool = False
    current: dict | None = None  # the tag versions read for the entry
    until_change: float = 0.0


def page_key(request):
    """(the cache key of the page, whether the request carries parameters no page reads).
    Names and values are encoded as in a URL, so no value can pass for another parameter;
    a key too long for a cache to take is hashed."""
    kept = sorted((name, value) for name, values in request.GET.lists() for value in values)
    junk = any(name not in PAGE_PARAMETERS for name, _ in kept)
    query = urlencode([(name, value) for name, value in kept if name in PAGE_PARAMETERS])
    key = f"page:{request.get_host()}:{quote(request.path)}?{query}"
    if len(key) > MAX_KEY_LENGTH:
        key = f"page:{hashlib.sha256(key.encode()).hexdigest()}"
    return key, junk


def _next_change():
    """When the public site next changes by itself: a scheduled story or a release is due,
    or a picture's licence ends."""
    from articles.models import Article
    from artists.models import Release

    from .purges import next_licence_end

    now = timezone.now()
    moments = [
        Article.objects.scheduled(now).values_list("published_at", flat=True).first(),
        Release.objects.upcoming(now).values_list("release_at", flat=True).first(),
    ]
    due = [m.timestamp() for m in moments if m is not None]
    due += [end for end in [next_licence_end(now)] if end is not None]
    return int(min(due)) if due else NOTHING_SCHEDULED


def _due_tags(since):
    """(the tags of what came public by itself since `since`, a timestamp; the tags of
    pages printing a picture whose licence ended since, which are taken down)."""
    from articles.models import Article
    from artists.models import Release

    from .purges import licence_ends_tags

    start = dt.datetime.fromtimestamp(since - 1, tz=dt.UTC)
    tags = {ANY, SCHEDULE}
    for story in Article.objects.published().filter(published_at__gte=start):
        tags |= story.cache_tags()
    for release in Release.objects.out().filter(release_at__gte=start):
        tags |= release.cache_tags()
    return tags, licence_ends_tags(since - 1, timezone.now().timestamp())


def _when_next():
    """Seconds until the next change that happens by itself; purges what came due. While the
    database cannot say, cached pages are still served, and nothing is due for a second."""
    next_change = follower.next_change
    if next_change is None:
        next_change = cache.get(NEXT_CHANGE)
    now = timezone.now().timestamp()
    if next_change is not None and now >= next_change:
        due = database.ask(lambda: _due_tags(next_change), None)
        if due is None:
            return 0.0  # nothing fresh can be rendered anyway; due pages wait for it
        came_due, ended = due
        if ended:
            apply(ended, hard=True)  # a picture past its licence is never served again
        apply(came_due)  # also forgets the moment
        next_change = None
    if next_change is None:
        next_change = database.ask(_next_change, None)
        if next_change is None:
            return 1.0
        cache.set(NEXT_CHANGE, next_change, None)
    follower.remember({}, next_change)
    return next_change - now


def _judge(entry, current):
    """(fresh, stale but servable for now) for `entry` against the tag versions now."""
    recorded = entry["tags"]
    if current == recorded:
        return True, False
    now = time.time_ns()
    for tag, (version, hard) in current.items():
        old_version, old_hard = recorded[tag]
        if hard != old_hard or (version != old_version and version < 0):
            return False, False  # a takedown, or a version no purge wrote: never serve
        if version != old_version and now - version > STALE_FOR * 1e9:
            return False, False
    return False, True


def lookup(key):
    """What the cache holds for `key`, judged against the tag versions now: this process's
    copy first (a page it served since the last purge of its tags costs no round trip to
    Redis), then the shared copy, which another process may have rendered since."""
    follower.listen()
    if follower.pending_check_due() and not apply_pending():
        raise CacheUnavailable  # Redis cannot be told: no copy can be proved current
    until_change = _when_next()
    found = Found(None, until_change=until_change)
    local = _unexpired(follower.page(key))
    if local is not None:
        found = _judged(local, until_change)
        if found.fresh:
            return found
    shared = _unexpired(cache.get(key))
    if shared is not None and shared is not local:
        judged = _judged(shared, until_change)
        if judged.fresh or found.entry is None:
            found = judged
    if found.fresh:
        follower.keep(key, found.entry)
    return found


def _unexpired(entry):
    return entry if entry is None or entry.get("expires", math.inf) > time.time() else None


def _judged(entry, until_change):
    """`entry` judged by the tag versions now. A copy found current by the versions this
    process trusts stays current until they change (no need to compare its tags again)."""
    if entry.get("trusted_at") == follower.generation:
        return Found(entry, True, False, entry["tags"], until_change)
    current = follower.known(entry["tags"])
    trusted = current is not None
    if not trusted:
        current = versions(entry["tags"])
        follower.remember(current)
    fresh, stale_ok = _judge(entry, current)
    if fresh and trusted:
        entry["trusted_at"] = follower.generation
    return Found(entry, fresh, stale_ok, current, until_change)


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "as_of" not in request.GET
        and not request.path.startswith(NEVER_CACHED_PATHS)
    )


def _cacheable_response(response):
    control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHED_STATUSES
        and not response.cookies
        and not getattr(response, "streaming", False)
        and not any(word in control for word in ("private", "no-store", "no-cache"))
    )


def _tags_of(request, response):
    """What the page shows, as its view and its template tags recorded it (common.http.shows)."""
    shown = {*getattr(response, "cache_tags", ()), *getattr(request, "cache_tags", ())}
    return {ALL, *(shown or {ANY})}


def _checked_headers(entry):
    """The entry's headers as a response keeps them once checked and encoded. They are
    checked once per copy in this process rather than on every request: a dozen headers
    cost a fifth of a cached page's time."""
    checked = entry.get("checked_headers")
    if checked is None:
        response = HttpResponse()
        for name, value in entry["headers"].items():
            response[name] = value
        checked = entry["checked_headers"] = dict(response.headers._store)
    return checked


class PublicPageCache:
    """Middleware, placed first: a cached page costs at most two cache round trips (none when
    this process served it since) and no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _cacheable_request(request):
            return self.get_response(request)
        key, junk = page_key(request)
        try:
            return breaker.call(self._serve, request, key, junk)
        except CacheUnavailable:
            return self._bypassed(request, self.get_response(request))

    @staticmethod
    def _bypassed(request, response):
        """A page rendered without the cache."""
        if _cacheable_response(response):
            response["X-Page-Cache"] = "BYPASS"
            response["Surrogate-Key"] = " ".join(sorted(_tags_of(request, response)))
        return response

    def _serve(self, request, key, junk):
        found = lookup(key)
        if found.fresh:
            return self._respond(request, found, "HIT")
        lock = f"lock:{key}"
        if junk:  # served, never stored
            return self._render(request, key, found, store=False)
        if cache.add(lock, 1, RENDER_LOCK_SECONDS):
            try:
                return self._render(request, key, found, store=True)
            finally:
                with contextlib.suppress(CacheUnavailable):  # else it expires by itself
                    breaker.call(cache.delete, lock)
        if found.stale_ok:
            return self._respond(request, found, "STALE")
        waited = self._wait(key)
        if waited is not None:
            return self._respond(request, waited, "HIT")
        return self._render(request, key, found, store=True)

    def _wait(self, key):
        """The page another process is rendering, once it is stored; None after a while."""
        deadline = time.monotonic() + WAIT_FOR_RENDER
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            found = lookup(key)
            if found.fresh:
                return found
        return None

    def _render(self, request, key, found, store):
        """The page from the view, stored when it may be. If Redis fails once the page is
        rendered, the page is served as it is rather than rendered again."""
        started = time.time_ns()
        response = self.get_response(request)
        if not _cacheable_response(response):
            return response
        try:
            return breaker.call(self._store, request, key, found, store, started, response)
        except CacheUnavailable:
            return self._bypassed(request, response)

    def _store(self, request, key, found, store, started, response):
        tags = _tags_of(request, response)
        known = {tag: found.current[tag] for tag in tags if found.current and tag in found.current}
        read = versions(tags - known.keys())
        # Versions read before the render are safe; those read after, only if no purge of
        # them can have landed while it ran.
        recent = started - CLOCK_MARGIN_NS
        store = store and all(version < recent for version, _ in read.values())
        entry = self._entry(response, {**known, **read})
        if store:
            longest = getattr(response, "cache_seconds", settings.PAGE_CACHE_SECONDS)
            timeout = max(1, min(settings.PAGE_CACHE_SECONDS, longest, int(found.until_change)))
            entry["expires"] = time.time() + timeout  # this process's copy ages out too
            cache.set(key, entry, timeout)
            follower.keep(key, entry)
        return self._respond(request, Found(entry, until_change=found.until_change), "MISS")

    @staticmethod
    def _entry(response, tags):
        body = response.content
        patch_vary_headers(response, ["Cookie"])
        headers = {k: v for k, v in response.items() if k not in ("Date", "Expires")}
        headers["ETag"] = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
        headers["Last-Modified"] = http_date()
        headers["Surrogate-Key"] = " ".join(sorted(tags))
        entry = {"tags": tags, "status": response.status_code, "headers": headers, "body": body}
        if (seconds := getattr(response, "browser_seconds", None)) is not None:
            entry["browser_seconds"] = seconds
        return entry

    @staticmethod
    def _respond(request, found, state_word):
        entry = found.entry
        etag = entry["headers"]["ETag"]
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["body"], status=entry["status"])
        response.headers._store.update(_checked_headers(entry))
        if response.status_code == 304:
            # The kept length is the page's; a 304 has no body, and a client that believes
            # the length waits for one (RFC 9110 lets a 304 leave it out, as Django's do).
            del response["Content-Length"]
        # A CDN may keep the page briefly, never past the next scheduled change.
        longest = entry.get("browser_seconds", settings.CDN_CACHE_SECONDS)
        max_age = max(0, min(settings.CDN_CACHE_SECONDS, longest, int(found.until_change)))
        if state_word == "STALE":
            max_age = 0
        response["Cache-Control"] = f"public, max-age={max_age}"
        response["X-Page-Cache"] = state_word
        # A stored 404 was logged when it was rendered; each copy served is not news.
        response._has_been_logged = True
        return response
