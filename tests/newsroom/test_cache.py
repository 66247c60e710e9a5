from django.core.cache import cache
from django.test import SimpleTestCase


class CacheTests(SimpleTestCase):
    """Runs against whatever CACHE_URL names: local memory on a laptop, Redis in CI."""

    def test_the_configured_cache_keeps_and_forgets_values(self):
        cache.set("newsroom-test-key", {"headline": "RM’s “LOST!”"}, 30)
        self.assertEqual(cache.get("newsroom-test-key"), {"headline": "RM’s “LOST!”"})
        cache.delete("newsroom-test-key")
        self.assertIsNone(cache.get("newsroom-test-key"))
