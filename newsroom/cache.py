"""Anonymous readers' pages served from the cache, invalidated the moment anything changes.

Every cached page is filed under a *generation* number kept in the shared cache (Redis in
production, so every app server sees the same number). Saving or deleting anything a public
page shows bumps the generation: the next request on any server renders afresh. Some changes
happen without a save: a scheduled story's time comes, a release comes out. The moment of the
next such change is kept beside the generation, and the first request after it bumps.

Staff, previews, share links and anything that sets a cookie or says `private` are never cached:
a request carrying a session cookie goes straight to the view.

With Redis, asking it for the generation on every request would cost a network round trip per
page, a third of a cached page's time. So each process keeps its own copy of the generation and
of the pages it served, and follows Redis's publish/subscribe channel on which every bump is
announced: before serving from its copy, a process reads whatever has arrived on its
subscription (a non-blocking read of its own socket, no round trip). Any announcement, a lost
connection, or a second without asking Redis sends it back to Redis.
"""

import hashlib
import os
import time
from collections import OrderedDict

import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends import redis as redis_backend
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags

GENERATION = "pages:generation"
NEXT_CHANGE = "pages:next-change"
BUMPED = "pages:bumped"  # the publish/subscribe channel announcing each bump
NOTHING_SCHEDULED = 2**31  # a timestamp far away: nothing is due
CACHED_STATUSES = {200, 301, 404}
NEVER_CACHED_PATHS = ("/admin/", "/news/preview/")
KEPT_IN_PROCESS = 300  # pages each process keeps, newest used first
TRUSTED_FOR = 1.0  # seconds a process trusts its copy of the generation without asking Redis


def bump():
    """Make every cached page stale, on every app server."""
    try:
        cache.incr(GENERATION)
    except ValueError:  # not set yet, or evicted
        _start_generation()
    cache.delete(NEXT_CHANGE)
    follower.announce()


def _start_generation():
    """A first generation above any a lost one could have reached, so that a page filed
    before Redis forgot the number can never pass for current."""
    cache.add(GENERATION, time.time_ns() // 1000, None)


def _next_change():
    """When the public site next changes by itself: a scheduled story or a release is due."""
    from articles.models import Article
    from artists.models import Release

    now = timezone.now()
    moments = [
        Article.objects.scheduled(now).values_list("published_at", flat=True).first(),
        Release.objects.upcoming(now).values_list("release_at", flat=True).first(),
    ]
    due = [m.timestamp() for m in moments if m is not None]
    return int(min(due)) if due else NOTHING_SCHEDULED


def lookup(key):
    """(generation, seconds until the next scheduled change, the cached entry or None). A page
    this process served under the current generation costs no round trip; otherwise one (two
    on a first visit). An entry filed under an older generation is stale."""
    known = follower.current()
    if known is None:
        values = cache.get_many([GENERATION, NEXT_CHANGE, key])
        generation, next_change = values.get(GENERATION), values.get(NEXT_CHANGE)
        entry = values.get(key)
    else:
        generation, next_change = known
        entry = follower.pages.get(key)
        if entry is None or entry["generation"] != generation:
            entry = cache.get(key)
    now = timezone.now().timestamp()
    if next_change is not None and now >= next_change:
        bump()
        generation = next_change = None
    if generation is None:
        _start_generation()
        generation = cache.get(GENERATION)
    if next_change is None:
        next_change = _next_change()
        cache.set(NEXT_CHANGE, next_change, None)
    if known is None:
        follower.remember(generation, next_change)
    if entry is not None and entry["generation"] != generation:
        entry = None
    if entry is not None:
        follower.keep(key, entry)
    return generation, next_change - now, entry


class Follower:
    """This process's copy of the generation, kept while its subscription to the bump
    announcements shows nothing has changed (see the module's docstring). Without Redis there
    is nothing to follow: the local-memory cache is per process and asked every time."""

    def __init__(self):
        self.pid = None

    def _reset(self):
        self.pid = os.getpid()  # a forked worker must not share its parent's socket
        self.pubsub = None
        self.subscribed = False
        self.known = None
        self.asked_at = 0.0
        self.pages = OrderedDict()

    @staticmethod
    def _client():
        backend = caches["default"]
        return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None

    def current(self):
        """(generation, next change) without a round trip, or None: ask Redis."""
        if self.pid != os.getpid():
            self._reset()
        client = self._client()
        if client is None:
            return None
        try:
            if self.pubsub is None:
                self.pubsub = client.pubsub()
                self.pubsub.subscribe(cache.make_key(BUMPED))
                self.pubsub.connection.register_connect_callback(self._reconnected)
            while (message := self.pubsub.get_message(timeout=0)) is not None:
                if message["type"] == "subscribe":
                    self.subscribed = True
                else:  # a bump, here or on another server
                    self.known = None
        except redis.RedisError:
            self._reset()
            return None
        if time.monotonic() - self.asked_at > TRUSTED_FOR:
            self.known = None
        return self.known

    def _reconnected(self, connection):
        """Announcements made while the connection was down are lost: ask Redis again,
        until the subscription is confirmed anew."""
        self.subscribed = False
        self.known = None

    def remember(self, generation, next_change):
        """What Redis just said, trusted from now on if every later bump will be heard of."""
        if self.subscribed:
            self.known = (generation, next_change)
            self.asked_at = time.monotonic()

    def keep(self, key, entry):
        if self.pid != os.getpid():
            self._reset()
        self.pages[key] = entry
        self.pages.move_to_end(key)
        while len(self.pages) > KEPT_IN_PROCESS:
            self.pages.popitem(last=False)

    def forget(self):
        """Drop this process's copy: the next request asks Redis."""
        if self.pid == os.getpid():
            self.known = None
            self.pages.clear()

    def announce(self):
        """Tell every process, this one first, that the generation moved on."""
        self.forget()
        client = self._client()
        if client is not None:
            client.publish(cache.make_key(BUMPED), 1)


follower = Follower()


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


class PublicPageCache:
    """Middleware, placed first: a cached page costs one cache round trip and no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not _cacheable_request(request):
            return self.get_response(request)
        key = f"page:{request.get_host()}:{request.get_full_path()}"
        generation, until_change, entry = lookup(key)
        if entry is None:
            response = self.get_response(request)
            if not _cacheable_response(response):
                return response
            entry = self._entry(response, generation)
            timeout = max(1, min(settings.PAGE_CACHE_SECONDS, int(until_change)))
            cache.set(key, entry, timeout)
            follower.keep(key, entry)
            state_word = "MISS"
        else:
            state_word = "HIT"
        return self._respond(request, entry, until_change, state_word)

    @staticmethod
    def _entry(response, generation):
        body = response.content
        patch_vary_headers(response, ["Cookie"])
        headers = {k: v for k, v in response.items() if k not in ("Date", "Expires")}
        headers["ETag"] = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
        headers["Last-Modified"] = http_date()
        return {
            "generation": generation,
            "status": response.status_code,
            "headers": headers,
            "body": body,
        }

    @staticmethod
    def _respond(request, entry, until_change, state_word):
        etag = entry["headers"]["ETag"]
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["body"], status=entry["status"])
        for name, value in entry["headers"].items():
            response[name] = value
        # A CDN may keep the page briefly, never past the next scheduled change.
        max_age = max(0, min(settings.CDN_CACHE_SECONDS, int(until_change)))
        response["Cache-Control"] = f"public, max-age={max_age}"
        response["X-Page-Cache"] = state_word
        return response


def changed(sender, **kwargs):
    """Receiver of every save and delete of what pages show (connected in newsroom/apps.py)."""
    if kwargs.get("raw"):  # fixtures being loaded
        return
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= {"last_login"}:  # signing in changes no page
        return
    # After the commit: bumping earlier would let a request on another server cache the old
    # content under the new generation.
    transaction.on_commit(bump, using=kwargs.get("using"), robust=True)


class _ReusedRedisClient(redis_backend.RedisCacheClient):
    """Django's Redis client builds a new `redis.Redis` for every cache call, and redis-py
    fills a table of some 170 response callbacks each time: a fifth of a millisecond, most of
    the cost of a cached page. One client per connection pool is safe to share."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_reused_clients", {})
        if index not in clients:
            clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return clients[index]


class RedisCache(redis_backend.RedisCache):
    """Django's Redis cache with its clients reused (see above)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedRedisClient
