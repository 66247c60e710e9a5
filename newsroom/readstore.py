"""Story reads counted in Redis: the hourly counters behind articles/counting.py, plugged in
by newsroom/apps.py when the cache is Redis.

Each hour has a set of the readers seen (`story:reader`, gone a minute after the hour ends)
and two hashes of counts, by story and by story, kind and source (kept KEEP_HOURS, for the
rollup). Every call goes through the page cache's circuit breaker (newsroom/cachestore.py):
a Redis that does not answer within CACHE_TIMEOUT_MS is left alone for CACHE_RETRY_SECONDS,
and meanwhile reads are counted in the database and most-read lists are made afresh.
"""

from collections import Counter

from django.core.cache import cache, caches

from articles import counting

from .cachestore import CacheUnavailable, RedisCache, breaker

# Adds the reader to the hour's set and, only if they were not in it, counts them for the
# story and for where they came from; every key expires by itself. One round trip.
COUNT = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
redis.call('EXPIRE', KEYS[2], ARGV[5])
redis.call('EXPIRE', KEYS[3], ARGV[5])
return 1
"""
SEEN_AFTER_THE_HOUR = 60  # seconds a set of readers outlives its hour (clocks differ a little)


def _client():
    backend = caches["default"]
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def _key(name, hour):
    return cache.make_key(f"reads:{name}:{hour:%Y%m%d%H}")


def _guarded(function, *args):
    try:
        return breaker.call(function, *args)
    except CacheUnavailable as error:
        raise counting.Unavailable from error


class RedisReads(counting.Shared):
    def active(self):
        return _client() is not None

    def count(self, article_id, reader, field, now):
        hour = counting.hour_of(now)
        left = int((hour + counting.HOUR - now).total_seconds())
        keys = [_key(name, hour) for name in ("seen", "stories", "sources")]
        values = [f"{article_id}:{reader}", article_id, field]
        ages = [left + SEEN_AFTER_THE_HOUR, left + counting.KEEP_HOURS * 3600]
        return bool(_guarded(_client().eval, COUNT, len(keys), *keys, *values, *ages))

    def counted(self, hours, by_source):
        return _guarded(_counted, _client(), hours, "sources" if by_source else "stories")

    def get(self, key):
        return _guarded(cache.get, key)

    def set(self, key, value, seconds):
        _guarded(cache.set, key, value, seconds)


def _counted(client, hours, name):
    """{field: readers} of the hashes `name` of `hours`, in one round trip."""
    pipe = client.pipeline(transaction=False)
    for hour in hours:
        pipe.hgetall(_key(name, hour))
    found = Counter()
    for counts in pipe.execute():
        for field, readers in counts.items():
            found[field.decode()] += int(readers)
    return found
