"""Real app servers in trouble: two gunicorn processes share one PostgreSQL and a Redis of the
test's own, each reached through a proxy that can refuse connections or stop answering.

- A takedown is never served again by either server once the save returns: with Redis
  healthy, while neither server can reach it, and after it comes back still holding the
  pages and tag versions from before.
- With the database down or hung, cached pages are served and every other page answers 503
  with Retry-After, each within 3 s.

Runs when DATABASE_URL names PostgreSQL (CI's second pass) and redis-server is installed.
"""

import shutil
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase, override_settings

from articles.services import article_unpublish
from newsroom.cachestore import breaker, database, follower
from newsroom.models import PendingPurge
from newsroom.roles import EDITOR
from newsroom.settings import cache_from_url
from tests.factories import make_article, make_artist, make_role_user
from tests.servers import Gunicorn, Proxy, RedisServer, production_env

READY = connection.vendor == "postgresql" and shutil.which("redis-server")


def get(url):
    """(status, headers, body, seconds taken) of one anonymous request."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, headers, body.decode(), time.monotonic() - started


@unittest.skipUnless(READY, "needs PostgreSQL (set DATABASE_URL) and redis-server")
class ServersInTroubleTests(TransactionTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work = Path(tempfile.mkdtemp(prefix="newsroom-faults-"))
        cls.addClassCleanup(shutil.rmtree, cls.work, ignore_errors=True)
        cls.redis = cls.enterClassContext(RedisServer())
        cls.redis_proxy = cls.enterClassContext(Proxy(cls.redis.port))
        db = connection.settings_dict
        cls.db_proxy = cls.enterClassContext(Proxy(int(db["PORT"] or 5432)))
        cache_url = f"redis://127.0.0.1:{cls.redis_proxy.port}/0"
        # This process saves as the admin would, purging the servers' Redis through the proxy.
        cls.enterClassContext(override_settings(CACHES={"default": cache_from_url(cache_url)}))
        db_url = f"postgres://{db['USER']}@127.0.0.1:{cls.db_proxy.port}/{db['NAME']}"
        # A connection opened per request, so a hung database is met at connect time; on an
        # open connection a real network's silence ends it through tcp_user_timeout, which a
        # proxy on this machine cannot play (its kernel acknowledges every byte).
        env = production_env(cls.work, DATABASE_URL=db_url, CACHE_URL=cache_url, CONN_MAX_AGE="0")
        cls.servers = [cls.enterClassContext(Gunicorn(env, workers=1)).url for _ in range(2)]

    def setUp(self):
        self.redis_proxy.set("pass")
        self.db_proxy.set("pass")
        follower.disconnect()
        breaker.reset()
        database.reset()
        self.addCleanup(self.redis_proxy.set, "pass")
        self.addCleanup(self.db_proxy.set, "pass")
        self.addCleanup(follower.disconnect)
        self.addCleanup(breaker.reset)
        self.rm = make_artist("RM")
        self.story = make_article("Comeback confirmed", artists=[self.rm])
        self.editor = make_role_user(EDITOR, "editor")
        time.sleep(0.1)  # past the moment of the purges above: renders are kept

    def warm(self, path):
        for server in self.servers:
            for _ in range(3):
                status, headers, _, _ = get(server + path)
            self.assertEqual((status, headers["X-Page-Cache"]), (200, "HIT"), server + path)

    def assert_gone_for(self, seconds):
        """Ask both servers for the story and its artist's page, over and over."""
        deadline = time.monotonic() + seconds
        asked = 0
        while time.monotonic() < deadline:
            for server in self.servers:
                status, _, _, _ = get(server + self.story.get_absolute_url())
                self.assertEqual(status, 404, f"{server}: the takedown was served")
                _, _, page, _ = get(server + self.rm.get_absolute_url())
                self.assertNotIn("Comeback confirmed", page, f"{server}: the takedown was listed")
                asked += 2
        return asked

    def test_a_takedown_is_not_served_once_the_save_returns(self):
        self.warm(self.story.get_absolute_url())
        self.warm(self.rm.get_absolute_url())
        article_unpublish(article=self.story, by=self.editor)
        self.assertGreater(self.assert_gone_for(1.5), 0)

    def test_a_takedown_while_redis_is_unreachable_is_not_served_then_or_after(self):
        self.warm(self.story.get_absolute_url())
        self.warm(self.rm.get_absolute_url())
        self.redis_proxy.set("refuse")
        article_unpublish(article=self.story, by=self.editor)
        self.assertTrue(PendingPurge.objects.exists())  # the purge waits in the database
        self.assert_gone_for(1.5)
        self.redis_proxy.set("pass")  # Redis is back, holding the old pages and versions
        self.assert_gone_for(4)
        self.assertFalse(PendingPurge.objects.exists())  # applied by the servers

    def test_redis_stopped_under_readers_gives_only_200s(self):
        path = self.story.get_absolute_url()
        self.warm(path)
        self.redis.kill()
        self.addCleanup(self.redis.start)
        states = set()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            for server in self.servers:
                status, headers, _, took = get(server + path)
                self.assertEqual(status, 200)
                self.assertLess(took, 1.0)
                states.add(headers["X-Page-Cache"])
        self.assertIn("BYPASS", states)

    def test_database_down_serves_cached_pages_and_503_elsewhere(self):
        cached = self.story.get_absolute_url()
        self.warm(cached)
        other = self.rm.get_absolute_url()  # never asked: not in the cache
        for mode in ("refuse", "hang"):
            with self.subTest(mode):
                self.db_proxy.set(mode)
                for server in self.servers:
                    for _ in range(3):
                        status, headers, _, took = get(server + cached)
                        self.assertEqual(status, 200)
                        self.assertLess(took, 3.0)
                    status, headers, page, took = get(server + other)
                    self.assertEqual(status, 503)
                    self.assertEqual(headers["Retry-After"], "30")
                    self.assertIn("back in a moment", page)
                    self.assertLess(took, 3.0)
                self.db_proxy.set("pass")
        for server in self.servers:
            self.assertEqual(get(server + other)[0], 200)
