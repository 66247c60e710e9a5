"""The shared cache behind the page cache: tag versions, purges, and what to do when Redis is
in trouble.

Every cached page records the *tags* (surrogate keys) of what it shows — `story-12`,
`artist-3`, the collection `stories` — and the version each tag had when the page was made. A
purge gives each of its tags a new version (the time, in nanoseconds), so every page carrying
one of them is stale on every app server at once; a *hard* purge (a takedown) also moves the
tag's hard version, which forbids serving the old page even for a moment. A tag the cache has
no record of (never purged, or lost when Redis restarted) is given a negative version, which
no purge ever writes: a page can never pass for current on a version it cannot prove.

Purges are written to the database first, in the transaction of the change (`PendingPurge`,
an outbox), and applied after the commit. When Redis cannot be told, the row stays: a process
applies the outstanding rows before it serves from the cache again after any trouble of its
own with Redis (and at its first request), and the worker (`manage.py worker`) applies them
within a second, for the processes that never saw Redis fail. A cached page never waits on
the database for this.

With Redis, each process keeps copies of the pages it served and of the tag versions it read,
and follows a publish/subscribe channel on which every purge is announced, numbered by a
counter in Redis that the same step increments; before trusting its copies it reads whatever
arrived on its subscription (a non-blocking read of its own socket, no round trip). At most a
second after it last did, it reads the counter (one round trip): if a purge was counted that
it was not told of, or the connection was lost, it asks Redis for every version again. A
purge it heard of sends it back to Redis for that purge's tags only.

Redis is optional to a reader: calls have short timeouts (CACHE_TIMEOUT_MS), and after a
failure the circuit opens for CACHE_RETRY_SECONDS, during which pages are rendered from the
database without asking Redis at all.
"""

import contextlib
import itertools
import json
import logging
import os
import threading
import time
from collections import OrderedDict

import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends import redis as redis_backend
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

ALL = "all"  # carried by every page: purging it purges everything
ANY = "any"  # pages that name nothing they show: purged by every change
SCHEDULE = "schedule"  # carried by no page: purging it reconsiders what comes due next
CHANNEL = "pages:purged"  # the publish/subscribe channel announcing each purge
PURGES = "pages:purges"  # how many purges were announced: the number of the latest
NEXT_CHANGE = "pages:next-change"  # when a scheduled story or a release next comes due
KEPT_IN_PROCESS = 2000  # pages each process keeps, newest used first
TRUSTED_FOR = 1.0  # seconds a process trusts its copies without reading the purge counter
# A purge this close before a render started may not have been seen by it (the clocks of two
# servers differ by a few milliseconds under NTP): such a render is served but not stored.
CLOCK_MARGIN_NS = 50_000_000
DATABASE_RETRY_SECONDS = 5.0  # after a failed look, the database is left alone this long
UNAVAILABLE = redis.RedisError  # connection refused, timed out, reset, or an error reply
GENERATIONS = itertools.count()  # numbers each state of a process's trusted versions


class CacheUnavailable(Exception):
    """Redis did not answer in time, or the circuit is open: render from the database."""


def _v(tag):
    return f"tag:v:{tag}"


def _h(tag):
    return f"tag:h:{tag}"


class Breaker:
    """This process's view of Redis's health. A failure opens the circuit: for
    CACHE_RETRY_SECONDS the cache is not asked at all; the next call then tries again, and a
    success closes it once the purges Redis missed meanwhile are applied."""

    def __init__(self):
        self.open_until = 0.0
        self.recovering = False

    def call(self, function, *args, **kwargs):
        """`function(*args, **kwargs)` against the shared cache, or CacheUnavailable."""
        if time.monotonic() < self.open_until:
            raise CacheUnavailable
        if self.recovering:  # nothing is served until Redis has every purge it missed
            self.recovering = False
            if not apply_pending():
                raise CacheUnavailable
        try:
            return function(*args, **kwargs)
        except UNAVAILABLE as error:
            self.trip(error)
            raise CacheUnavailable from error

    def trip(self, error=None):
        if time.monotonic() >= self.open_until:
            logger.warning(
                "The page cache cannot reach Redis: serving from the database (%s)", error
            )
        self.open_until = time.monotonic() + settings.CACHE_RETRY_SECONDS
        self.recovering = True
        follower.disconnect()

    def reset(self):
        self.open_until, self.recovering = 0.0, False


breaker = Breaker()


def versions(tags):
    """{tag: [version, hard version]} as the shared cache holds them now; a tag it has no
    record of is given one that no purge writes."""
    keys = [key for tag in tags for key in (_v(tag), _h(tag))]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        _add_many(missing, -time.time_ns())
        found |= cache.get_many(missing)
    return {tag: [found.get(_v(tag)), found.get(_h(tag))] for tag in tags}


def _add_many(keys, value):
    """`cache.add(key, value)` for each of `keys`, in one round trip to Redis (after Redis
    restarts empty, every page names tags it has no record of)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        for key in keys:
            cache.add(key, value, None)
        return
    pipe = backend._cache.get_client(write=True).pipeline(transaction=False)
    for key in keys:
        pipe.set(backend.make_and_validate_key(key), value, nx=True)
    pipe.execute()


def apply(tags, hard=False):
    """Purge `tags` in the shared cache now, and tell every process."""
    now = time.time_ns()
    values = {_v(tag): now for tag in tags}
    if hard:
        values |= {_h(tag): now for tag in tags}
    cache.set_many(values, None)
    if {SCHEDULE, ALL} & set(tags):  # what is scheduled may have changed
        cache.delete(NEXT_CHANGE)
    follower.announce(tags)


def purge(tags, *, hard=False, using=None):
    """Purge `tags` once the current transaction commits (at once outside one). The purge is
    written down first, in the same transaction, so it is never lost: see the module's
    docstring."""
    from .models import PendingPurge

    tags = sorted(set(tags))
    if not tags:
        return
    row = PendingPurge.objects.using(using).create(tags=tags, hard=hard)
    if settings.FRONT_PURGE_URL:
        from .models import FrontPurge

        FrontPurge.objects.using(using).create(tags=tags, hard=hard)
    transaction.on_commit(lambda: _apply_rows([row], using), using=using, robust=True)


def bump():
    """Make every cached page stale, on every app server."""
    purge([ALL], hard=True)


def _apply_rows(rows, using=None):
    from .models import PendingPurge

    try:
        for row in rows:
            breaker.call(apply, row.tags, row.hard)
    except CacheUnavailable:
        return False  # the rows stay until Redis answers again
    PendingPurge.objects.using(using).filter(pk__in=[row.pk for row in rows]).delete()
    return True


class DatabaseBreaker:
    """The page cache's own questions to the database (outstanding purges, the next
    scheduled change) are not asked again for DATABASE_RETRY_SECONDS after one failed, so
    a cached page never waits on a database that is down or hung."""

    def __init__(self):
        self.open_until = 0.0

    def ask(self, question, otherwise):
        """`question()`, or `otherwise` while the database is in trouble."""
        if time.monotonic() < self.open_until:
            return otherwise
        try:
            return question()
        except DatabaseError as error:
            logger.warning("The page cache cannot reach the database (%s)", error)
            self.open_until = time.monotonic() + DATABASE_RETRY_SECONDS
            return otherwise

    def reset(self):
        self.open_until = 0.0


database = DatabaseBreaker()


def apply_pending():
    """Apply the purges Redis never got, oldest first. True when none is left (or the
    database cannot say: then nothing can be written to it either)."""
    from .models import PendingPurge

    rows = database.ask(lambda: list(PendingPurge.objects.all()[:1000]), [])
    return not rows or _apply_rows(rows)


class Follower(threading.local):
    """This process's copies of pages and tag versions, kept while its subscription to the
    purge announcements shows nothing has changed (see the module's docstring). Without Redis
    there is nothing to follow: the local-memory cache is per process and asked every time.
    Each thread of a threaded server keeps its own copies and its own subscription."""

    def __init__(self):
        self.pid = None

    def _reset(self):
        self.pid = os.getpid()  # a forked worker must not share its parent's socket
        self.pubsub = None
        self.subscribed = False
        self.versions = {}
        self.next_change = None
        self.heard = None  # the number of the latest purge reflected in `versions`
        self.asked_at = 0.0
        self.pending_unchecked = True
        self.pages = OrderedDict()

    def _mine(self):
        if self.pid != os.getpid():
            self._reset()

    @property
    def versions(self):
        """{tag: [version, hard version]} this process trusts without asking Redis."""
        return self._versions

    @versions.setter
    def versions(self, value):
        self._versions = value
        self._changed()

    def _changed(self):
        """The trusted versions changed: a copy judged current before must be judged again."""
        self.generation = next(GENERATIONS)

    @staticmethod
    def _client():
        backend = caches["default"]
        return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None

    def listen(self):
        """Read what has arrived on the subscription; True when the copies may be trusted."""
        self._mine()
        client = self._client()
        if client is None:
            return False
        if self.pubsub is None:
            self.pubsub = client.pubsub()
            self.pubsub.subscribe(cache.make_key(CHANNEL))
            self.pubsub.connection.register_connect_callback(self._reconnected)
        while (message := self.pubsub.get_message(timeout=0)) is not None:
            if message["type"] == "subscribe":
                self.subscribed = True
            else:  # a purge, here or on another server
                self._heard(**json.loads(message["data"]))
        if time.monotonic() - self.asked_at > TRUSTED_FOR:
            self._confirm()
        return self.subscribed

    def _heard(self, number, tags):
        """Purge number `number` was announced: forget its tags' versions. Announcements
        arrive in order; one that skips a number means one was lost: forget everything."""
        self._drop(tags)
        if self.heard is None or number > self.heard + 1:
            self.versions, self.next_change = {}, None
        self.heard = max(number, self.heard or 0)

    def _confirm(self):
        """Read the purge counter (and the next scheduled change): the copies stay trusted
        for another TRUSTED_FOR if no purge was counted that this process was not told of."""
        if not self.subscribed:  # until it is confirmed, nothing is trusted (`remember`)
            return
        found = cache.get_many([PURGES, NEXT_CHANGE])
        counted = found.get(PURGES, 0)
        if counted != self.heard:
            self.versions = {}
            self.heard = counted
        self.next_change = found.get(NEXT_CHANGE)
        self.asked_at = time.monotonic()

    def _drop(self, tags):
        if ALL in tags:
            self.versions = {}
        for tag in tags:
            self.versions.pop(tag, None)
        self._changed()
        if {SCHEDULE, ALL} & set(tags):
            self.next_change = None

    def _reconnected(self, connection):
        """Announcements made while the connection was down are lost: ask Redis again,
        until the subscription is confirmed anew, and look for purges it never got."""
        self.subscribed = False
        self.versions, self.next_change, self.heard = {}, None, None
        self.asked_at = 0.0
        self.pending_unchecked = True

    def known(self, tags):
        """The tag versions this process may trust without asking, or None."""
        if all(tag in self.versions for tag in tags):
            return {tag: self.versions[tag] for tag in tags}
        return None

    def remember(self, found, next_change=None):
        """What Redis just said, trusted from now on if every later purge will be heard of."""
        if not self.subscribed:
            return
        if found:
            self.versions.update(found)
            self._changed()
        if next_change is not None:
            self.next_change = next_change

    def page(self, key):
        self._mine()
        return self.pages.get(key)

    def keep(self, key, entry):
        self._mine()
        self.pages[key] = entry
        self.pages.move_to_end(key)
        while len(self.pages) > KEPT_IN_PROCESS:
            self.pages.popitem(last=False)

    def pending_check_due(self):
        """Whether to look for purges Redis never got: at the first request of a process and
        the first after any trouble with Redis (the worker looks every second meanwhile, so
        a reader's request never waits on the database for it). Never without Redis: the
        local-memory cache cannot miss a purge."""
        self._mine()
        if not self.pending_unchecked or self._client() is None:
            return False
        self.pending_unchecked = False
        return True

    def disconnect(self):
        """Redis failed: drop the copies and the subscription, to be made anew."""
        self._mine()
        if self.pubsub is not None:
            with contextlib.suppress(redis.RedisError):
                self.pubsub.close()
        self.pubsub, self.subscribed = None, False
        self.pending_unchecked = True
        self.forget()

    def forget(self):
        """Drop this process's copies: the next request asks Redis."""
        self._mine()
        self.versions, self.next_change, self.heard = {}, None, None
        self.asked_at = 0.0
        self.pages.clear()

    def announce(self, tags):
        """Tell every process, this one first, that `tags` were purged: count the purge and
        announce it with its number, in one step (a script runs alone in Redis, so numbers
        reach every subscriber in order)."""
        self._mine()
        self._drop(tags)
        client = self._client()
        if client is None:
            return
        key, channel = cache.make_key(PURGES), cache.make_key(CHANNEL)
        client.eval(ANNOUNCE, 1, key, channel, json.dumps(sorted(tags)))


ANNOUNCE = """
local number = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], '{"number": ' .. number .. ', "tags": ' .. ARGV[2] .. '}')
return number
"""

follower = Follower()


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


def fragment(key, tags, make):
    """A piece of a page, kept until anything it shows is purged: the same tags and versions
    as whole pages. `tags` are known beforehand (the lists it draws from); `make()` returns
    (html, the tags of what it shows, such as its cards), known once it is made. Returns
    (html, every tag it shows), for the page to carry them too.

    Versions of `tags` are read before `make()` runs, so a purge landing meanwhile is seen
    next time; those read after it are only trusted if no purge can have landed while it ran.
    With the page cache off, or Redis's circuit open, it is simply made."""
    if not settings.PAGE_CACHE_SECONDS:
        html, shown = make()
        return html, {*tags, *shown}
    key = f"fragment:{key}"
    try:
        entry, before = breaker.call(_read_fragment, key, set(tags))
    except CacheUnavailable:
        html, shown = make()
        return html, {*tags, *shown}
    if entry is not None:
        return entry["html"], set(entry["tags"])
    started = time.time_ns()
    html, shown = make()
    try:
        after = breaker.call(versions, set(shown) - before.keys())
    except CacheUnavailable:
        return html, {*before, *shown}
    if all(version < started - CLOCK_MARGIN_NS for version, _ in after.values()):
        entry = {"tags": {**before, **after}, "html": html}
        with contextlib.suppress(CacheUnavailable):
            breaker.call(cache.set, key, entry, settings.PAGE_CACHE_SECONDS)
        follower.keep(key, entry)
    return html, {*before, *after}


def _read_fragment(key, tags):
    """(the entry for `key` if it is current, else None; the versions of `tags` now)."""
    follower.listen()
    local = follower.page(key)
    for entry in (local, cache.get(key) if local is None else None):
        if entry is None or not tags <= entry["tags"].keys():
            continue
        current = follower.known(entry["tags"])
        if current is None:
            current = versions(entry["tags"])
            follower.remember(current)
        if current == entry["tags"]:
            follower.keep(key, entry)
            return entry, {tag: current[tag] for tag in tags}
    current = follower.known(tags)
    if current is None:
        current = versions(tags)
        follower.remember(current)
    return None, current
