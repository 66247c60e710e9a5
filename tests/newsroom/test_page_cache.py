"""The page cache: anonymous readers get cached pages, and any change shows on the next request."""

import io
import json
import time
import unittest
from unittest import mock

import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_unpublish, share_link_create
from newsroom import cachestore
from newsroom.cache import RedisCache
from newsroom.roles import EDITOR
from tests.factories import (
    hours,
    make_article,
    make_artist,
    make_draft,
    make_release,
    make_role_user,
    now,
)

HOME = reverse("home")


@override_settings(PAGE_CACHE_SECONDS=300, CDN_CACHE_SECONDS=60)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):  # the purges, as after a commit
            cls.rm = make_artist("RM")
            cls.story = make_article("Teaser out", artists=[cls.rm])
            cls.draft = make_draft("Embargoed comeback", dek="Out Friday.", artists=[cls.rm])
            cls.editor = make_role_user(EDITOR, "editor")

    def get(self, path=HOME, **extra):
        return self.client.get(path, **extra)

    def change(self):
        """Changes commit in real life; TestCase holds them in a transaction, so run the
        callbacks that would follow the commit."""
        return self.captureOnCommitCallbacks(execute=True)

    def test_a_repeat_visit_is_served_from_the_cache_without_queries(self):
        self.assertEqual(self.get()["X-Page-Cache"], "MISS")
        with self.assertNumQueries(0):
            response = self.get()
        self.assertEqual(response["X-Page-Cache"], "HIT")
        self.assertContains(response, "Teaser out")

    def test_publishing_shows_on_the_next_request(self):
        self.assertNotContains(self.get(), "Embargoed comeback")
        with self.change():
            article_publish(article=self.draft, by=self.editor)
        self.assertContains(self.get(), "Embargoed comeback")
        self.assertContains(self.get(self.rm.get_absolute_url()), "Embargoed comeback")

    def test_unpublishing_removes_the_story_at_once(self):
        self.assertEqual(self.get(self.story.get_absolute_url()).status_code, 200)
        with self.change():
            article_unpublish(article=self.story, by=self.editor)
        self.assertEqual(self.get(self.story.get_absolute_url()).status_code, 404)
        self.assertNotContains(self.get(), "Teaser out")

    def test_remaking_renditions_in_place_makes_the_pages_fresh(self):
        """The renditions command updates rows without saving them: its signal bumps."""
        self.assertEqual(self.get()["X-Page-Cache"], "MISS")
        self.assertEqual(self.get()["X-Page-Cache"], "HIT")
        with self.change():
            call_command("renditions", stdout=io.StringIO())
        self.assertEqual(self.get()["X-Page-Cache"], "MISS")

    def test_editing_an_artist_or_a_story_link_shows_at_once(self):
        self.get(self.story.get_absolute_url())
        with self.change():
            self.rm.name = "RM (BTS)"
            self.rm.save()
        self.assertContains(self.get(self.story.get_absolute_url()), "RM (BTS)")
        album = make_release("Right Place, Wrong Person")
        with self.change():
            self.story.releases.add(album)
        self.assertContains(self.get(self.story.get_absolute_url()), "Right Place, Wrong Person")

    def test_a_correction_note_or_a_new_tag_shows_at_once(self):
        address = self.story.get_absolute_url()
        self.get(address)
        with self.change():
            self.story.notes.create(text="An earlier version gave the wrong date.")
        self.assertContains(self.get(address), "An earlier version gave the wrong date.")
        with self.change():
            self.story.tags.add("Music video")
        self.assertContains(self.get(address), "Music video")

    def test_a_scheduled_story_appears_on_time_with_no_edit(self):
        scheduled = make_article("Out at one", published_at=now() + hours(1))
        self.assertNotContains(self.get(), "Out at one")
        self.assertLessEqual(int(self.get()["Cache-Control"].split("max-age=")[1]), 3600)
        later = scheduled.published_at + timezone.timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            self.assertContains(self.get(), "Out at one")

    def test_a_release_coming_out_refreshes_pages(self):
        album = make_release("Next Chapter", release_at=now() + hours(2))
        self.assertContains(self.get(album.get_absolute_url()), "Out in")
        with mock.patch("django.utils.timezone.now", return_value=album.release_at + hours(1)):
            self.assertNotContains(self.get(album.get_absolute_url()), "Out in")

    def test_headers_let_a_cdn_hold_the_page_briefly(self):
        response = self.get()
        self.assertEqual(response["Cache-Control"], "public, max-age=60")
        self.assertIn("Cookie", response["Vary"])
        self.assertTrue(response["ETag"])
        self.assertTrue(response["Last-Modified"])
        again = self.get(HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")

    def test_a_304_promises_no_body(self):
        """A revalidated page carries no length: a client reading the page's own (wrk's HTTP
        parser does) would wait for a body that never comes."""
        self.assertIn("Content-Length", self.get())
        etag = self.get()["ETag"]  # the copy served from the cache
        again = self.get(HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(again.status_code, 304)
        self.assertNotIn("Content-Length", again)

    def test_a_copy_is_served_with_the_headers_of_the_page_it_keeps(self):
        stored = self.client.get(HOME)
        served = [self.client.get(HOME) for _ in range(2)]  # the shared copy, then this process's
        self.assertEqual(stored["X-Page-Cache"], "MISS")
        for response in served:
            self.assertEqual(response["X-Page-Cache"], "HIT")
            for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "ETag",
                         "Vary", "Surrogate-Key", "Last-Modified"):  # fmt: skip
                self.assertEqual(response[name], stored[name], name)
            self.assertEqual(response.content, stored.content)

    def test_the_cdn_lifetime_stops_at_the_next_scheduled_story(self):
        make_article("Soon", published_at=now() + timezone.timedelta(seconds=20))
        self.assertLessEqual(int(self.get()["Cache-Control"].split("max-age=")[1]), 20)

    def test_staff_previews_and_share_links_are_never_cached(self):
        self.client.force_login(self.editor)
        preview = self.get(self.draft.get_absolute_url())
        self.assertEqual(preview.status_code, 200)
        self.assertNotIn("X-Page-Cache", preview)
        self.assertIn("private", preview["Cache-Control"])
        self.assertNotIn("X-Page-Cache", self.get())  # signed in: the live site, not a copy
        self.client.logout()
        self.assertEqual(self.get(self.draft.get_absolute_url()).status_code, 404)
        link = share_link_create(article=self.draft, by=self.editor)
        shared = self.get(link.get_absolute_url())
        self.assertNotIn("X-Page-Cache", shared)
        self.assertContains(shared, "Embargoed comeback")

    def test_a_404_is_cached_until_the_story_is_published(self):
        self.assertEqual(self.get(self.draft.get_absolute_url()).status_code, 404)
        self.assertEqual(self.get(self.draft.get_absolute_url())["X-Page-Cache"], "HIT")
        with self.change():
            article_publish(article=self.draft, by=self.editor)
        self.assertEqual(self.get(self.draft.get_absolute_url()).status_code, 200)

    def test_as_of_and_posts_are_not_cached(self):
        self.assertNotIn("X-Page-Cache", self.get(HOME + "?as_of=2030-01-01T13:00"))
        self.assertNotIn("X-Page-Cache", self.client.post(reverse("search")))

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_the_cache_can_be_turned_off(self):
        self.assertNotIn("X-Page-Cache", self.get())


@unittest.skipUnless(
    isinstance(caches["default"], RedisCache), "needs Redis (set CACHE_URL=redis://…)"
)
@override_settings(PAGE_CACHE_SECONDS=300)
class FollowingRedisTests(TestCase):
    """With Redis, each process keeps the pages it served and follows the purge announcements;
    another server's purge must still show on this one's next request."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.story = make_article("Teaser out")

    def setUp(self):
        self.page = self.story.get_absolute_url()
        # Another app server: its own connection to the same Redis.
        self.other_server = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
        self.addCleanup(self.other_server.close)

    def purge_elsewhere(self, tag, announce=True, hard=True):
        """What a purge does on another server, without this process knowing."""
        version = time.time_ns()
        self.other_server.set(cache.make_key(f"tag:v:{tag}"), version)
        if hard:
            self.other_server.set(cache.make_key(f"tag:h:{tag}"), version)
        number = self.other_server.incr(cache.make_key(cachestore.PURGES))  # always counted
        if announce:
            message = json.dumps({"number": number, "tags": [tag]})
            self.other_server.publish(cache.make_key(cachestore.CHANNEL), message)

    def retitle_quietly(self, headline):
        """Change the story in the database without this process's signals."""
        Article.objects.filter(pk=self.story.pk).update(headline=headline)

    def test_a_page_served_before_costs_no_round_trip_to_redis(self):
        self.client.get(self.page)
        self.client.get(self.page)  # the tag versions are now known and followed
        with mock.patch.object(redis.Redis, "execute_command", side_effect=AssertionError):
            response = self.client.get(self.page)
        self.assertEqual(response["X-Page-Cache"], "HIT")

    def test_tags_redis_has_no_record_of_cost_two_round_trips_not_one_per_tag(self):
        tags = [f"story-{n}" for n in range(1000, 1020)]
        with mock.patch.object(
            redis.Redis, "execute_command", autospec=True, side_effect=redis.Redis.execute_command
        ) as asked:
            found = cachestore.versions(tags)
        self.assertLessEqual(asked.call_count, 2)  # read them, then read them back
        self.assertTrue(all(version < 0 and hard < 0 for version, hard in found.values()))
        self.assertEqual(cachestore.versions(tags), found)  # the same unknown versions, kept

    def test_a_purge_on_another_server_shows_on_the_next_request(self):
        self.client.get(self.page)
        self.client.get(self.page)
        self.retitle_quietly("Music video out")
        self.purge_elsewhere(self.story.cache_tag)
        self.assertContains(self.client.get(self.page), "Music video out")

    def test_a_purge_of_something_else_leaves_the_copy_in_use(self):
        self.client.get(self.page)
        self.client.get(self.page)
        self.purge_elsewhere("story-999999")
        with mock.patch.object(redis.Redis, "execute_command", side_effect=AssertionError):
            self.assertEqual(self.client.get(self.page)["X-Page-Cache"], "HIT")

    def test_without_an_announcement_the_copy_is_trusted_for_a_second_at_most(self):
        self.client.get(self.page)
        self.client.get(self.page)
        self.retitle_quietly("Music video out")
        self.purge_elsewhere(self.story.cache_tag, announce=False)  # the subscription missed it
        self.assertContains(self.client.get(self.page), "Teaser out")
        later = time.monotonic() + cachestore.TRUSTED_FOR + 0.1
        with mock.patch("newsroom.cachestore.time.monotonic", return_value=later):
            self.assertContains(self.client.get(self.page), "Music video out")

    def test_after_a_quiet_second_one_round_trip_confirms_every_copy(self):
        self.client.get(self.page)
        self.client.get(self.page)
        later = time.monotonic() + cachestore.TRUSTED_FOR + 0.1
        with (
            mock.patch("newsroom.cachestore.time.monotonic", return_value=later),
            mock.patch.object(
                redis.Redis,
                "execute_command",
                autospec=True,
                side_effect=redis.Redis.execute_command,
            ) as asked,
        ):
            self.assertEqual(self.client.get(self.page)["X-Page-Cache"], "HIT")
            self.assertEqual(self.client.get(self.page)["X-Page-Cache"], "HIT")
        self.assertEqual([call.args[1] for call in asked.call_args_list], ["MGET"])

    def test_an_announcement_out_of_order_sends_every_copy_back_to_redis(self):
        self.client.get(self.page)
        self.client.get(self.page)
        self.retitle_quietly("Music video out")
        self.purge_elsewhere(self.story.cache_tag, announce=False)  # purge n, never heard of
        self.purge_elsewhere("story-999999")  # purge n + 1, heard of
        self.assertContains(self.client.get(self.page), "Music video out")

    def test_a_lost_subscription_sends_every_request_to_redis(self):
        self.client.get(self.page)
        self.client.get(self.page)
        cachestore.follower.pubsub.connection.disconnect()
        self.retitle_quietly("Music video out")
        self.purge_elsewhere(self.story.cache_tag, announce=False)
        self.assertContains(self.client.get(self.page), "Music video out")
