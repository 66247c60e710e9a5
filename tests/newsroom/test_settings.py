from django.test import SimpleTestCase

from newsroom.settings import cache_from_url


class CacheUrlTests(SimpleTestCase):
    def test_redis_url_uses_djangos_redis_cache(self):
        cache = cache_from_url("redis://127.0.0.1:6379/1?prefix=site")
        self.assertEqual(cache["BACKEND"], "django.core.cache.backends.redis.RedisCache")
        self.assertEqual(cache["LOCATION"], "redis://127.0.0.1:6379/1")
        self.assertEqual(cache["KEY_PREFIX"], "site")

    def test_local_memory_and_dummy(self):
        self.assertIn("LocMemCache", cache_from_url("locmem://")["BACKEND"])
        self.assertIn("DummyCache", cache_from_url("dummy://")["BACKEND"])

    def test_an_unknown_scheme_is_refused_clearly(self):
        with self.assertRaisesMessage(ValueError, "'memcached' is not supported"):
            cache_from_url("memcached://127.0.0.1")
