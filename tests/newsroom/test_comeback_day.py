"""Comeback day: a change purges the pages that show it and nothing else, a takedown is never
served again, one process renders a page while the others wait or serve the previous copy,
strangers cannot multiply cache entries, and Redis trouble slows pages down without failing
them."""

import io
import shutil
import threading
import time
import unittest
from unittest import mock

import redis
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.filters import SearchFilter
from articles.models import Article, tag_cache_tag
from articles.services import article_unpublish
from newsroom import cache as page_cache
from newsroom import cachestore
from newsroom import views as newsroom_views
from newsroom.cachestore import RedisCache, breaker, follower
from newsroom.models import PendingPurge
from newsroom.roles import EDITOR
from newsroom.settings import cache_from_url
from tests.factories import (
    byline_of,
    make_article,
    make_artist,
    make_draft,
    make_release,
    make_role_user,
)
from tests.servers import Proxy, RedisServer

HOME = reverse("home")


def stored_pages():
    """The addresses of the pages the shared cache holds."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client()
        return sorted(key.decode() for key in client.keys(cache.make_key("page:*")))
    return sorted(key for key in backend._cache if ":page:" in key)


class CatalogueMixin:
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):  # the purges, as after a commit
            cls.rm = make_artist("RM")
            cls.jennie = make_artist("Jennie")
            cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm])
            cls.story = make_article(
                "Teaser out", artists=[cls.rm], releases=[cls.album], tags=["teaser"]
            )
            cls.other = make_article("Solo tour dates", artists=[cls.jennie])
            cls.editor = make_role_user(EDITOR, "editor")

    def state(self, path):
        return self.client.get(path)["X-Page-Cache"]

    def warm(self, *paths):
        for path in paths:
            self.client.get(path)
            self.assertEqual(self.state(path), "HIT", path)


@override_settings(PAGE_CACHE_SECONDS=300)
class PurgingTests(CatalogueMixin, TestCase):
    def test_an_edit_purges_the_pages_that_show_the_story_and_no_other(self):
        shown = [
            self.story.get_absolute_url(),
            self.rm.get_absolute_url(),
            self.album.get_absolute_url(),
            reverse("articles:tag", args=["teaser"]),
            HOME,
            reverse("articles:list"),
            reverse("articles:feed"),
        ]
        unrelated = [
            self.other.get_absolute_url(),
            self.jennie.get_absolute_url(),
            reverse("artists:list"),
        ]
        self.warm(*shown, *unrelated)
        with self.captureOnCommitCallbacks(execute=True):
            self.story.dek = "The teaser runs 40 seconds."
            self.story.save()
        for path in shown:
            self.assertEqual(self.state(path), "MISS", path)
        for path in unrelated:
            self.assertEqual(self.state(path), "HIT", path)
        self.assertContains(self.client.get(self.story.get_absolute_url()), "40 seconds")

    def test_a_correction_leaves_stories_that_share_its_tag_or_writer_cached(self):
        writer = make_role_user(EDITOR, "writer")
        with self.captureOnCommitCallbacks(execute=True):
            cousin = make_article("Another teaser", tags=["teaser"])
            cousin.set_bylines([byline_of(writer)])
            self.story.set_bylines([byline_of(writer)])
        time.sleep(page_cache.CLOCK_MARGIN_NS / 1e9)
        self.warm(cousin.get_absolute_url(), self.story.get_absolute_url())
        with self.captureOnCommitCallbacks(execute=True):
            self.story.dek = "The teaser runs 40 seconds."
            self.story.save()
        self.assertEqual(self.state(self.story.get_absolute_url()), "MISS")
        self.assertEqual(self.state(cousin.get_absolute_url()), "HIT")

    def test_publishing_purges_the_lists_the_story_joins(self):
        lists = [reverse("articles:list"), self.rm.get_absolute_url(), HOME]
        self.warm(*lists, self.other.get_absolute_url())
        with self.captureOnCommitCallbacks(execute=True):
            make_article("Comeback date set", artists=[self.rm])
        for path in lists:
            self.assertContains(self.client.get(path), "Comeback date set")
        self.assertEqual(self.state(self.other.get_absolute_url()), "HIT")

    def test_search_shows_an_edit_of_a_result_at_once_and_is_kept_a_minute_at_most(self):
        search = reverse("search") + "?q=teaser"
        self.warm(search)
        with self.captureOnCommitCallbacks(execute=True):
            self.story.headline = "Teaser out at midnight"
            self.story.save()
        self.assertContains(self.client.get(search), "at midnight")
        self.assertEqual(self.state(search), "HIT")
        later = time.time() + newsroom_views.SEARCH_CACHE_SECONDS + 1
        with mock.patch("newsroom.cache.time.time", return_value=later):
            self.assertEqual(self.state(search), "MISS")

    def test_a_copy_from_the_cache_carries_the_content_security_policy(self):
        self.warm(HOME)
        hit = self.client.get(HOME)
        self.assertEqual(hit["X-Page-Cache"], "HIT")
        self.assertIn("default-src", hit["Content-Security-Policy"])

    def test_pages_carry_what_they_show_as_surrogate_keys(self):
        keys = self.client.get(self.story.get_absolute_url())["Surrogate-Key"].split()
        for tag in (self.story.cache_tag, self.rm.cache_tag, self.album.cache_tag, "all"):
            self.assertIn(tag, keys)
        self.assertNotIn(self.other.cache_tag, keys)

    def test_an_edit_of_an_artist_purges_its_page_not_the_stories(self):
        self.warm(self.rm.get_absolute_url(), self.other.get_absolute_url())
        with self.captureOnCommitCallbacks(execute=True):
            self.rm.name = "RM (Kim Namjoon)"
            self.rm.save()
        self.assertEqual(self.state(self.rm.get_absolute_url()), "MISS")
        self.assertEqual(self.state(self.other.get_absolute_url()), "HIT")

    def test_an_edit_may_be_served_stale_while_another_process_renders(self):
        path = self.story.get_absolute_url()
        self.warm(path)
        with self.captureOnCommitCallbacks(execute=True):
            self.story.dek = "The teaser runs 40 seconds."
            self.story.save()
        key, _ = page_cache.page_key(RequestFactory().get(path))
        cache.add(f"lock:{key}", 1, 10)  # another process is rendering it
        response = self.client.get(path)
        self.assertEqual(response["X-Page-Cache"], "STALE")
        self.assertNotContains(response, "40 seconds")
        self.assertEqual(response["Cache-Control"], "public, max-age=0")
        with (
            mock.patch.object(page_cache, "STALE_FOR", 0),  # now too old to serve
            mock.patch.object(page_cache, "WAIT_FOR_RENDER", 0.05),
        ):
            self.assertContains(self.client.get(path), "40 seconds")

    def test_a_takedown_is_never_served_stale_even_while_another_process_renders(self):
        path = self.story.get_absolute_url()
        self.warm(path, self.rm.get_absolute_url())
        with self.captureOnCommitCallbacks(execute=True):
            article_unpublish(article=self.story, by=self.editor)
        for address in (path, self.rm.get_absolute_url()):
            key, _ = page_cache.page_key(RequestFactory().get(address))
            cache.add(f"lock:{key}", 1, 10)
        with mock.patch.object(page_cache, "WAIT_FOR_RENDER", 0.05):
            self.assertEqual(self.client.get(path).status_code, 404)
            self.assertNotContains(self.client.get(self.rm.get_absolute_url()), "Teaser out")

    def test_junk_query_strings_are_served_the_page_and_add_no_entries(self):
        self.client.get(HOME)
        before = stored_pages()
        for n in range(20):
            response = self.client.get(HOME, {"x": n, "utm_source": "feed"})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["X-Page-Cache"], "HIT")
        cache.delete(page_cache.page_key(RequestFactory().get(HOME))[0])
        follower.forget()
        self.assertEqual(self.client.get(HOME, {"x": "fresh"})["X-Page-Cache"], "MISS")
        self.assertEqual(stored_pages(), [])  # a junk address renders, but stores nothing
        self.assertEqual(self.state(HOME), "MISS")
        self.assertEqual(stored_pages(), before)

    def test_a_value_cannot_pass_for_another_parameter(self):
        """An encoded `&` in a value must not make the page another address's entry."""
        planted = self.client.get(reverse("search") + "?page=1%26q%3Dteaser")
        self.assertEqual(planted["X-Page-Cache"], "MISS")
        real = self.client.get(reverse("search"), {"q": "teaser", "page": "1"})
        self.assertEqual(real["X-Page-Cache"], "MISS")
        self.assertContains(real, "“teaser”")
        self.assertNotContains(planted, "“teaser”")

    def test_long_or_spaced_queries_make_keys_any_cache_takes(self):
        key, _ = page_cache.page_key(RequestFactory().get("/search/", {"q": "come back " * 40}))
        self.assertLessEqual(len(key), page_cache.MAX_KEY_LENGTH)
        self.assertNotIn(" ", key)

    def test_a_copy_another_process_rendered_since_is_served_not_rendered_again(self):
        path = self.story.get_absolute_url()
        key, _ = page_cache.page_key(RequestFactory().get(path))
        self.warm(path)
        own_copy = follower.page(key)
        with self.captureOnCommitCallbacks(execute=True):
            self.story.dek = "The teaser runs 40 seconds."
            self.story.save()
        time.sleep(page_cache.CLOCK_MARGIN_NS / 1e9)
        self.client.get(path)  # "another process" renders and stores the page
        follower.pages[key] = own_copy  # while this one still holds the old copy
        response = self.client.get(path)
        self.assertEqual(response["X-Page-Cache"], "HIT")
        self.assertContains(response, "40 seconds")

    def test_the_parameters_pages_read_make_their_own_entries(self):
        self.client.get(reverse("search"), {"q": "teaser"})
        self.client.get(reverse("search"), {"q": "tour"})
        self.assertEqual(len(stored_pages()), 2)

    def test_every_filter_a_page_offers_is_a_page_parameter(self):
        names = {"page", "q"}
        for name, field in SearchFilter().form.fields.items():
            widget = field.widget
            suffixes = getattr(widget, "suffixes", None)
            names |= {f"{name}_{suffix}" for suffix in suffixes} if suffixes else {name}
        self.assertLessEqual(names, page_cache.PAGE_PARAMETERS)


class CoalescingTests(SimpleTestCase):
    """Many readers missing one page at once: one render, the rest wait for it."""

    def test_concurrent_misses_give_one_render(self):
        renders = []

        def slow_view(request):
            renders.append(1)
            time.sleep(0.3)
            response = HttpResponse(f"render {len(renders)}")
            response.cache_tags = {"story-1"}
            return response

        middleware = page_cache.PublicPageCache(slow_view)
        results = []

        def read():
            results.append(middleware(RequestFactory().get("/news/story-1/")))

        with (
            override_settings(PAGE_CACHE_SECONDS=300),
            mock.patch.object(page_cache, "_when_next", return_value=300.0),
            mock.patch.object(page_cache, "apply_pending", return_value=True),
        ):
            threads = [threading.Thread(target=read) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(len(renders), 1)
        self.assertEqual({r.content for r in results}, {b"render 1"})
        self.assertEqual(sorted(r["X-Page-Cache"] for r in results), ["HIT"] * 7 + ["MISS"])


class RedisFailingMidRenderTests(SimpleTestCase):
    def test_a_page_rendered_before_redis_failed_is_served_not_rendered_again(self):
        renders = []

        def view(request):
            renders.append(1)
            return HttpResponse("the page")

        middleware = page_cache.PublicPageCache(view)
        with (
            override_settings(PAGE_CACHE_SECONDS=300),
            mock.patch.object(page_cache, "_when_next", return_value=300.0),
            mock.patch.object(page_cache, "apply_pending", return_value=True),
            mock.patch.object(page_cache, "versions", side_effect=redis.ConnectionError),
            self.assertLogs("newsroom.cachestore", "WARNING"),
        ):
            response = middleware(RequestFactory().get("/news/story-1/"))
        self.addCleanup(breaker.reset)
        self.assertEqual(len(renders), 1)
        self.assertEqual((response.content, response["X-Page-Cache"]), (b"the page", "BYPASS"))


@unittest.skipUnless(shutil.which("redis-server"), "needs redis-server")
class RedisTroubleTests(CatalogueMixin, TestCase):
    """A Redis of the test's own behind a proxy that can refuse or hang, as a network in
    trouble would."""

    @classmethod
    def setUpClass(cls):
        cls.redis = cls.enterClassContext(RedisServer())
        cls.proxy = cls.enterClassContext(Proxy(cls.redis.port))
        url = f"redis://127.0.0.1:{cls.proxy.port}/0"
        cls.enterClassContext(
            override_settings(CACHES={"default": cache_from_url(url)}, PAGE_CACHE_SECONDS=300)
        )
        super().setUpClass()

    def setUp(self):
        self.proxy.set("pass")
        follower.disconnect()
        breaker.reset()
        cache.clear()
        self.addCleanup(follower.disconnect)
        self.addCleanup(breaker.reset)
        self.addCleanup(self.proxy.set, "pass")

    def timed_get(self, path):
        started = time.monotonic()
        response = self.client.get(path)
        return response, time.monotonic() - started

    def come_back(self):
        """Redis answers again, and the circuit's wait is over."""
        self.proxy.set("pass")
        breaker.open_until = 0.0

    def test_redis_down_serves_pages_from_the_database(self):
        path = self.story.get_absolute_url()
        self.warm(path)
        self.proxy.set("refuse")
        for _ in range(5):
            response, took = self.timed_get(path)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["X-Page-Cache"], "BYPASS")
            self.assertLess(took, 1.0)
        self.come_back()
        self.client.get(path)
        self.assertEqual(self.state(path), "HIT")

    def test_a_hung_redis_costs_a_reader_a_quarter_second_once(self):
        path = self.story.get_absolute_url()
        self.warm(path)
        self.proxy.set("hang")
        time.sleep(cachestore.TRUSTED_FOR)  # this process's copy is trusted this long
        first, took = self.timed_get(path)
        self.assertEqual((first.status_code, first["X-Page-Cache"]), (200, "BYPASS"))
        self.assertLess(took, 1.5)
        with mock.patch.object(redis.Redis, "execute_command", side_effect=AssertionError):
            again = self.client.get(path)  # the circuit is open: Redis is not asked at all
        self.assertEqual((again.status_code, again["X-Page-Cache"]), (200, "BYPASS"))

    def test_a_takedown_while_redis_is_unreachable_is_never_served(self):
        path = self.story.get_absolute_url()
        self.warm(path, self.rm.get_absolute_url())
        self.proxy.set("refuse")
        with self.captureOnCommitCallbacks(execute=True):
            article_unpublish(article=self.story, by=self.editor)
        self.assertTrue(PendingPurge.objects.filter(hard=True).exists())  # written down
        self.assertEqual(self.client.get(path).status_code, 404)
        self.come_back()  # Redis still holds the page and the versions from before
        self.assertEqual(self.client.get(path).status_code, 404)
        self.assertNotContains(self.client.get(self.rm.get_absolute_url()), "Teaser out")
        self.assertFalse(PendingPurge.objects.exists())
        self.assertEqual(self.client.get(path).status_code, 404)

    def test_a_process_that_missed_the_outage_learns_of_the_takedown_from_the_worker(self):
        """Another app server's purge never reached Redis, which this process still reaches
        and trusts: the worker applies the outstanding purge within its next pass."""
        path = self.story.get_absolute_url()
        self.warm(path)
        with (  # on the other server
            mock.patch.object(breaker, "call", side_effect=page_cache.CacheUnavailable),
            self.captureOnCommitCallbacks(execute=True),
        ):
            article_unpublish(article=self.story, by=self.editor)
        self.assertTrue(PendingPurge.objects.exists())
        with self.assertNumQueries(0):  # serving a cached page asks the database nothing
            self.client.get(path)
        call_command("worker", "--once", stdout=io.StringIO())
        self.assertFalse(PendingPurge.objects.exists())
        self.assertEqual(self.client.get(path).status_code, 404)

    def test_a_story_published_during_the_outage_replaces_its_cached_404(self):
        with self.captureOnCommitCallbacks(execute=True):
            article_unpublish(article=self.story, by=self.editor)
        path = self.story.get_absolute_url()
        time.sleep(page_cache.CLOCK_MARGIN_NS / 1e9)  # a render right after a purge is not kept
        self.client.get(path)
        self.assertEqual(self.state(path), "HIT")
        self.proxy.set("refuse")
        with self.captureOnCommitCallbacks(execute=True):
            self.story.status = self.story.Status.PUBLISHED
            self.story.save()
        self.assertEqual(self.client.get(path).status_code, 200)
        self.come_back()
        self.assertEqual(self.client.get(path).status_code, 200)


def queries_kept_and_made(fragment, render):
    """The queries of `render()` with `fragment` kept, then made again; the last response."""
    render()
    with CaptureQueriesContext(connection) as kept:
        render()
    cache.delete(f"fragment:{fragment}")
    follower.forget()
    with CaptureQueriesContext(connection) as made:
        response = render()
    return kept, made, response


@override_settings(PAGE_CACHE_SECONDS=300)
class StoryPartsTests(CatalogueMixin, TestCase):
    """A story's own parts (its article, description, social tags and JSON-LD) are made once
    and kept until the story or anything it names changes; a page purged for something else,
    or asked for by a signed-in reader, does not make them again."""

    def setUp(self):
        time.sleep(page_cache.CLOCK_MARGIN_NS / 1e9)  # made right after a purge: not kept
        self.path = self.story.get_absolute_url()

    def signed_in(self):
        self.client.force_login(self.editor)
        return self.client.get(self.path)

    def test_once_made_a_story_page_asks_the_database_only_for_the_story(self):
        parts = f"story:testserver:{self.story.pk}"
        kept, made, response = queries_kept_and_made(parts, self.signed_in)
        # Its bylines, artists, releases, tags and notes.
        self.assertEqual(len(made) - len(kept), 5)
        self.assertContains(response, "Teaser out")
        self.assertContains(response, '"@type":"NewsArticle"')

    def test_an_edit_of_the_story_or_of_what_it_names_shows_at_once(self):
        self.signed_in()
        with self.captureOnCommitCallbacks(execute=True):
            self.story.headline = "Teaser out: a first look"
            self.story.save()
        # The title, og:title, the JSON-LD and the headline.
        self.assertContains(self.signed_in(), "Teaser out: a first look", count=4)
        with self.captureOnCommitCallbacks(execute=True):
            self.rm.name = "RM (Kim Namjoon)"
            self.rm.save()
        self.assertContains(self.signed_in(), "RM (Kim Namjoon)")

    def test_a_page_purged_for_its_boxes_keeps_the_story_and_its_tags(self):
        self.client.get(self.path)
        shown = set(self.client.get(self.path)["Surrogate-Key"].split())
        with self.captureOnCommitCallbacks(execute=True):
            make_article("Behind the concept photos", artists=[self.rm])
        time.sleep(page_cache.CLOCK_MARGIN_NS / 1e9)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.path)
        self.assertEqual(response["X-Page-Cache"], "MISS")
        self.assertContains(response, "Behind the concept photos")  # the boxes, made again
        self.assertFalse(any("articles_note" in q["sql"] for q in queries))  # the story, kept
        now_shown = set(response["Surrogate-Key"].split())
        named = {self.story.cache_tag, self.rm.cache_tag, self.album.cache_tag}
        named |= {tag_cache_tag(tag.pk) for tag in self.story.tags.all()}
        self.assertLessEqual(named, now_shown)
        self.assertLessEqual(named, shown)

    def test_previews_are_never_kept(self):
        draft = make_draft("Unannounced collaboration", artists=[self.rm])
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(draft.get_absolute_url()), "Unannounced collaboration")
        self.assertIsNone(cache.get(f"fragment:story:testserver:{draft.pk}"))


@override_settings(PAGE_CACHE_SECONDS=300)
class MoreOnBoxTests(CatalogueMixin, TestCase):
    """The "More on" boxes under a story are built once, and rebuilt when a story about its
    artists or releases changes."""

    def setUp(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.sibling = make_article("Album review", artists=[self.rm], releases=[self.album])
        time.sleep(
            page_cache.CLOCK_MARGIN_NS / 1e9
        )  # what is built right after a purge is not kept

    def render(self):
        """The story page as the view makes it (the page cache is not asked with a session)."""
        self.client.force_login(self.editor)
        return self.client.get(self.story.get_absolute_url())

    def test_the_boxes_cost_no_query_once_built(self):
        built, building, response = queries_kept_and_made(f"more-on:{self.story.pk}", self.render)
        self.assertContains(response, "Album review")
        # The story's artists and releases (not fetched while its parts are kept), the boxes.
        self.assertEqual(len(building) - len(built), 4)

    def test_an_edit_of_a_story_in_the_box_shows_at_once(self):
        self.render()
        with self.captureOnCommitCallbacks(execute=True):
            self.sibling.headline = "Album review: ten tracks, no filler"
            self.sibling.save()
        self.assertContains(self.render(), "ten tracks, no filler")

    def test_a_new_story_about_the_artist_joins_the_box(self):
        self.render()
        with self.captureOnCommitCallbacks(execute=True):
            make_article("Behind the concept photos", artists=[self.rm])
        self.assertContains(self.render(), "Behind the concept photos")

    def test_a_story_taken_down_leaves_the_box_and_the_cached_page_at_once(self):
        time.sleep(page_cache.CLOCK_MARGIN_NS / 1e9)  # a render right after a purge is not kept
        self.warm(self.story.get_absolute_url())
        with self.captureOnCommitCallbacks(execute=True):
            article_unpublish(article=self.sibling, by=self.editor)
        cache.add(  # another process is rendering the page: still no stale copy
            f"lock:{page_cache.page_key(RequestFactory().get(self.story.get_absolute_url()))[0]}",
            1,
            10,
        )
        with mock.patch.object(page_cache, "WAIT_FOR_RENDER", 0.05):
            self.assertNotContains(self.client.get(self.story.get_absolute_url()), "Album review")
        self.assertNotContains(self.render(), "Album review")

    def test_a_deleted_story_leaves_the_box(self):
        self.render()
        with self.captureOnCommitCallbacks(execute=True):
            self.sibling.delete()
        self.assertNotContains(self.render(), "Album review")


class DatabaseTroubleTests(CatalogueMixin, TestCase):
    def test_a_page_that_needs_the_database_answers_503_with_a_plain_page(self):
        refused = OperationalError("connection refused\nIs the server running?")
        with (
            mock.patch.object(Article.objects, "defer", side_effect=refused),
            self.assertLogs("newsroom.faults", "ERROR") as logged,
        ):
            response = self.client.get(self.story.get_absolute_url())
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertContains(response, "will be back in a moment", status_code=503)
        self.assertContains(response, "site.css", status_code=503)
        self.assertEqual(len(logged.output), 1)
        self.assertNotIn("Traceback", logged.output[0])
        self.assertIn("connection refused", logged.output[0])

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_cached_pages_are_served_without_the_database(self):
        path = self.story.get_absolute_url()
        time.sleep(page_cache.CLOCK_MARGIN_NS / 1e9)
        self.warm(path)
        with self.assertNumQueries(0):
            self.assertEqual(self.client.get(path).status_code, 200)
