"""Counting readers: once per reader, story and hour, no cookie, nothing raw kept; crawlers,
prefetches, other sites and colleagues not counted; Redis down still counts.

The counting tests run twice where Redis is set up (CACHE_URL=redis://127.0.0.1:6379/9): in
Redis, and in the database as on a site without Redis."""

import datetime as dt
import re
import time
import unittest
from unittest import mock

from django.core.cache import caches
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import counting
from articles.counting import counted, hour_of, hours_between, source_of
from articles.models import Read, ReadSalt
from articles.reads import SourceKind
from articles.services import article_unpublish
from common.http import client_address
from newsroom.cachestore import RedisCache, breaker
from newsroom.roles import EDITOR
from newsroom.settings import cache_from_url
from tests.factories import make_article, make_draft, make_role_user, make_user
from tests.servers import free_port

PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
DESKTOP = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
ADDRESS = "203.0.113.7"
LOCAL_MEMORY = {"default": cache_from_url("locmem://reads-tests")}


def on_redis():
    return isinstance(caches["default"], RedisCache)


class Reading:
    """Posting reads as a story page's script does, and reading the counts back."""

    def setUp(self):
        super().setUp()
        counting.forget_salts()
        self.addCleanup(counting.forget_salts)

    def read(self, story, agent=PHONE, address=ADDRESS, referrer="", at=None, **headers):
        with mock.patch("django.utils.timezone.now", return_value=at or timezone.now()):
            response = self.client.post(
                reverse("articles:read", args=[story.pk]),
                {"referrer": referrer},
                HTTP_USER_AGENT=agent,
                REMOTE_ADDR=address,
                **headers,
            )
        self.assertEqual(response.status_code, 204)
        return response

    def readers(self, story, at=None):
        """Readers of `story` counted in the hour of `at` (now)."""
        return counted([hour_of(at or timezone.now())])[story.pk]


class CountingTests(Reading):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Comeback date set")

    def test_once_per_reader_per_hour(self):
        """The same reader twice is one; another browser is a second; the next hour, both
        count again."""
        this_hour = hour_of(timezone.now()) + dt.timedelta(minutes=10)
        self.read(self.story, at=this_hour)
        self.read(self.story, at=this_hour + dt.timedelta(minutes=20))
        self.assertEqual(self.readers(self.story, this_hour), 1)
        self.read(self.story, agent=DESKTOP, at=this_hour)
        self.assertEqual(self.readers(self.story, this_hour), 2)
        next_hour = this_hour + dt.timedelta(hours=1)
        self.read(self.story, at=next_hour)
        self.read(self.story, agent=DESKTOP, at=next_hour)
        self.read(self.story, at=next_hour + dt.timedelta(minutes=5))
        self.assertEqual(self.readers(self.story, next_hour), 2)
        self.assertEqual(counted(hours_between(this_hour, next_hour))[self.story.pk], 4)

    def test_another_address_is_another_reader(self):
        self.read(self.story)
        self.read(self.story, address="198.51.100.20")
        self.assertEqual(self.readers(self.story), 2)

    def test_each_story_counts_its_own_readers(self):
        other = make_article("Teaser out")
        self.read(self.story)
        self.read(other)
        self.assertEqual((self.readers(self.story), self.readers(other)), (1, 1))

    def test_crawlers_scripts_and_missing_browsers_are_not_counted(self):
        for agent in (
            "",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; Yeti/1.1; +https://naver.me/spd)",
            "Mozilla/5.0 (compatible; Daum/4.1; +http://cs.daum.net/faq/15/4118.html) Daumoa",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537",
            "curl/8.5.0",
            "python-requests/2.32.3",
        ):
            with self.subTest(agent=agent):
                self.read(self.story, agent=agent)
        self.assertEqual(self.readers(self.story), 0)

    def test_prefetches_and_prerenders_are_not_counted(self):
        self.read(self.story, HTTP_SEC_PURPOSE="prefetch;prerender")
        self.read(self.story, HTTP_PURPOSE="prefetch")
        self.read(self.story, HTTP_X_MOZ="prefetch")
        self.assertEqual(self.readers(self.story), 0)
        self.read(self.story)
        self.assertEqual(self.readers(self.story), 1)

    def test_a_post_from_another_site_is_not_counted(self):
        self.read(
            self.story, HTTP_ORIGIN="https://inflate.example", HTTP_SEC_FETCH_SITE="cross-site"
        )
        self.read(self.story, HTTP_ORIGIN="https://inflate.example")
        self.assertEqual(self.readers(self.story), 0)
        self.read(self.story, HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin")
        self.assertEqual(self.readers(self.story), 1)

    def test_colleagues_signed_in_are_not_counted(self):
        self.client.force_login(make_role_user(EDITOR, "editor"))
        self.read(self.story)
        self.client.force_login(make_user("someone"))
        self.read(self.story, agent=DESKTOP)
        self.assertEqual(self.readers(self.story), 0)

    def test_only_public_stories_are_counted(self):
        draft = make_draft("Embargoed tracklist")
        scheduled = make_article("Out tonight", published_at=timezone.now() + dt.timedelta(hours=3))
        editor = make_role_user(EDITOR, "editor")
        taken_down = make_article("Withdrawn")
        article_unpublish(article=taken_down, by=editor)
        for story in (draft, scheduled, taken_down):
            self.read(story)
            self.assertEqual(self.readers(story), 0, story.headline)

    def test_malformed_addresses_are_answered_like_any_other(self):
        self.read(self.story, referrer="http://[::1", HTTP_ORIGIN="http://[::1")
        self.read(self.story, referrer="http://[::1")
        self.assertEqual(self.readers(self.story), 1)

    def test_an_unknown_story_is_answered_like_any_other(self):
        response = self.client.post(reverse("articles:read", args=[999999]), HTTP_USER_AGENT=PHONE)
        self.assertEqual(response.status_code, 204)

    def test_the_answer_is_never_kept_and_a_get_is_refused(self):
        response = self.read(self.story)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotIn("X-Page-Cache", response)
        self.assertFalse(response.cookies)
        self.assertEqual(
            self.client.get(reverse("articles:read", args=[self.story.pk])).status_code, 405
        )

    def test_where_readers_came_from_is_kept_as_a_name(self):
        self.read(self.story, referrer="https://search.naver.com/search.naver?query=rm+album")
        self.read(self.story, agent=DESKTOP, referrer="https://t.co/AbC123")
        by_source = counted([hour_of(timezone.now())], by_source=True)
        self.assertEqual(
            set(by_source),
            {(self.story.pk, "search", "Naver"), (self.story.pk, "social", "X")},
        )


class DatabaseCountingTests(CountingTests, TestCase):
    """On a site without Redis (and in every test run): reads are counted in the database."""

    def setUp(self):
        override = override_settings(CACHES=LOCAL_MEMORY)
        override.enable()
        self.addCleanup(override.disable)
        super().setUp()

    def test_nothing_raw_is_stored(self):
        self.read(self.story, referrer="https://blog.example.org/2024/05/rm-review?ref=mail")
        row = Read.objects.get()
        stored = " ".join(str(value) for value in Read.objects.values().get().values())
        for raw in (ADDRESS, "203.0.113", PHONE, "iPhone", "rm-review", "ref=mail"):
            self.assertNotIn(raw, stored)
        self.assertRegex(row.reader, r"^[0-9a-f]{16}$")
        self.assertEqual((row.kind, row.source), ("site", "blog.example.org"))
        self.assertEqual(row.hour, hour_of(timezone.now()))


@unittest.skipUnless(on_redis(), "needs Redis (set CACHE_URL=redis://127.0.0.1:6379/9)")
class RedisCountingTests(CountingTests, TestCase):
    """With Redis: reads are counted there, and nothing is written to the database."""

    def test_reads_are_kept_in_redis_not_the_database(self):
        self.read(self.story)
        self.assertEqual(self.readers(self.story), 1)
        self.assertFalse(Read.objects.exists())

    def test_with_the_circuit_open_reads_count_in_the_database_and_add_up(self):
        self.read(self.story)
        breaker.trip()
        self.read(self.story, agent=DESKTOP)  # Redis is left alone: the database counts it
        self.assertEqual(Read.objects.count(), 1)
        breaker.reset()
        self.assertEqual(self.readers(self.story), 2)

    def test_nothing_raw_is_stored_in_redis(self):
        self.read(self.story, referrer="https://blog.example.org/2024/05/rm-review?ref=mail")
        client = caches["default"]._cache.get_client(write=True)
        stored = b""
        for key in client.keys("*reads:*"):
            kind = client.type(key)
            if kind == b"set":
                stored += b" ".join(client.smembers(key))
            elif kind == b"hash":
                stored += b" ".join(b"%s=%s" % item for item in client.hgetall(key).items())
        self.assertIn(b"blog.example.org", stored)
        for raw in (ADDRESS, "iPhone", "rm-review", "ref=mail"):
            self.assertNotIn(raw.encode(), stored)


class RedisDownTests(Reading, TestCase):
    """A Redis that refuses connections (nothing listens on its port): the read is counted
    in the database, the reader gets the same answer, and the circuit opens."""

    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Comeback date set")

    def setUp(self):
        dead = {"default": cache_from_url(f"redis://127.0.0.1:{free_port()}/9")}
        override = override_settings(CACHES=dead)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(breaker.reset)
        super().setUp()

    def test_a_read_still_counts_in_the_database(self):
        self.read(self.story)
        self.read(self.story)  # the circuit is open now: straight to the database
        self.assertEqual(Read.objects.filter(article=self.story).count(), 1)
        with self.assertRaises(counting.Unavailable):
            counted([hour_of(timezone.now())])  # figures without Redis's would be short


class SaltTests(Reading, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Comeback date set")

    def setUp(self):
        override = override_settings(CACHES=LOCAL_MEMORY)
        override.enable()
        self.addCleanup(override.disable)
        super().setUp()

    def test_the_salt_changes_daily_and_yesterdays_is_deleted(self):
        today = timezone.localtime().replace(hour=12)
        tomorrow = today + dt.timedelta(days=1)
        self.read(self.story, at=today)
        first = ReadSalt.objects.get()
        self.assertEqual(first.day, today.date())
        self.read(self.story, at=tomorrow)
        second = ReadSalt.objects.get()  # yesterday's is gone
        self.assertEqual(second.day, tomorrow.date())
        self.assertNotEqual(first.salt, second.salt)
        readers = list(Read.objects.order_by("hour").values_list("reader", flat=True))
        self.assertEqual(len(readers), 2)
        self.assertNotEqual(readers[0], readers[1])  # the same person, unrecognisable

    def test_the_same_reader_has_the_same_hash_all_day(self):
        morning = timezone.localtime().replace(hour=9)
        self.read(self.story, at=morning)
        counting.forget_salts()  # another process: it reads the day's salt from the database
        self.read(self.story, at=morning + dt.timedelta(hours=8))
        self.assertEqual(len(set(Read.objects.values_list("reader", flat=True))), 1)

    def test_each_days_salt_is_random(self):
        salts = set()
        for n in range(5):
            counting.forget_salts()
            salts.add(counting.day_salt(timezone.localdate() + dt.timedelta(days=n)))
        self.assertEqual(len(salts), 5)
        for salt in salts:
            self.assertRegex(salt, r"^[0-9a-f]{64}$")


class WhereFromTests(SimpleTestCase):
    def test_search_engines_social_networks_sites_this_site_and_nothing(self):
        cases = {
            "https://www.google.com/": ("search", "Google"),
            "https://www.google.co.kr/": ("search", "Google"),
            "https://m.search.naver.com/search.naver?query=rm": ("search", "Naver"),
            "https://search.daum.net/search?q=rm": ("search", "Daum"),
            "https://www.bing.com/search?q=rm": ("search", "Bing"),
            "https://x.com/": ("social", "X"),
            "https://t.co/xyz": ("social", "X"),
            "https://m.facebook.com/": ("social", "Facebook"),
            "https://l.instagram.com/?u=x": ("social", "Instagram"),
            "https://www.tiktok.com/@someone": ("social", "TikTok"),
            "https://www.threads.net/@someone": ("social", "Threads"),
            "android-app://com.google.android.googlequicksearchbox/": ("search", "Google"),
            "https://www.weverse.io/bts/feed": ("site", "weverse.io"),
            "https://m.blog.example.co.kr/post/1": ("site", "blog.example.co.kr"),
            "https://testserver/news/": ("internal", ""),
            "": ("direct", ""),
            "not a link": ("direct", ""),
            "javascript:alert(1)": ("direct", ""),
            "https://notgoogle.com.evil/": ("site", "notgoogle.com.evil"),
            "https://google.com.evil.example/": ("site", "google.com.evil.example"),
            "http://[::1": ("direct", ""),
            "http://[zz]/": ("direct", ""),
        }
        for referrer, expected in cases.items():
            with self.subTest(referrer=referrer):
                self.assertEqual(source_of(referrer, "testserver"), expected)

    def test_a_name_never_carries_more_than_a_domain(self):
        kind, name = source_of("https://user:secret@Example.ORG:8443/a|b?c=d", "testserver")
        self.assertEqual((kind, name), (SourceKind.SITE, "example.org"))
        self.assertEqual(source_of("https://" + "a" * 300 + ".example/", "testserver")[1], "")
        self.assertTrue(re.fullmatch(r"[a-z0-9.-]*", source_of("https://bad_host!.x/", "t")[1]))


class AddressTests(SimpleTestCase):
    def request(self, forwarded="", remote="10.0.0.2"):
        return RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    def test_without_proxies_the_connections_address_and_nothing_a_client_wrote(self):
        self.assertEqual(client_address(self.request("192.0.2.1")), "10.0.0.2")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_it_appended(self):
        self.assertEqual(client_address(self.request("192.0.2.1, 203.0.113.9")), "203.0.113.9")
        self.assertEqual(client_address(self.request("203.0.113.9")), "203.0.113.9")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_behind_two_proxies_the_address_the_outer_one_appended(self):
        forwarded = "192.0.2.1, 203.0.113.9, 10.0.0.1"
        self.assertEqual(client_address(self.request(forwarded)), "203.0.113.9")


@override_settings(PAGE_CACHE_SECONDS=300)
class StoryPageTests(Reading, TestCase):
    """The story page stays in the page cache; its script's post passes it by."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.story = make_article("Comeback date set")
            cls.draft = make_draft("Embargoed tracklist")
            cls.editor = make_role_user(EDITOR, "editor")
        time.sleep(0.1)  # renders start after the purges above: they are kept

    def test_the_page_names_its_script_and_stays_cached_while_reads_are_counted(self):
        page = self.story.get_absolute_url()
        self.client.get(page)
        cached = self.client.get(page)
        self.assertEqual(cached["X-Page-Cache"], "HIT")
        script = f'<script src="/static/js/reads.js" defer data-url="/news/{self.story.pk}/read/">'
        self.assertContains(cached, script)
        self.assertNotRegex(
            cached.content.decode(), r"<script(?![^>]*\b(src|type=\"application/ld\+json\"))"
        )
        self.read(self.story)
        self.assertEqual(self.client.get(page)["X-Page-Cache"], "HIT")  # a read purges nothing
        self.assertEqual(self.readers(self.story), 1)

    def test_previews_carry_no_script_to_count(self):
        self.client.force_login(self.editor)
        preview = self.client.get(self.draft.get_absolute_url())
        self.assertContains(preview, "Embargoed tracklist")
        self.assertNotContains(preview, "reads.js")
