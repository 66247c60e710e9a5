"""The editors' most-read dashboard: who may open it, and the figures it shows."""

import datetime as dt
import re

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import mostread
from articles.services import article_unpublish
from newsroom.cachestore import breaker
from newsroom.roles import EDITOR, WRITER
from newsroom.settings import cache_from_url
from tests.articles.test_mostread import read
from tests.factories import make_article, make_role_user, make_user
from tests.servers import free_port

DASHBOARD = reverse("admin:articles_article_reads")


def text_of(response):
    """The page's text, tags and runs of white space taken out."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "editor")
        cls.writer = make_role_user(WRITER, "writer")
        cls.superuser = make_user("boss", superuser=True)
        cls.top = make_article("Comeback date set")
        cls.second = make_article("Teaser out")
        cls.old = make_article(
            "Last week's interview", published_at=timezone.now() - dt.timedelta(days=9)
        )

    def open(self, user, **query):
        self.client.force_login(user)
        return self.client.get(DASHBOARD, query)

    def test_editors_and_superusers_open_it_writers_and_strangers_do_not(self):
        self.assertRedirects(
            self.client.get(DASHBOARD), f"{reverse('admin:login')}?next={DASHBOARD}"
        )
        self.assertEqual(self.open(self.writer).status_code, 403)
        self.assertEqual(self.open(self.editor).status_code, 200)
        self.assertEqual(self.open(self.superuser).status_code, 200)

    def test_the_desk_links_to_it_for_editors_only(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("admin:index")), DASHBOARD)
        self.client.force_login(self.writer)
        self.assertNotContains(self.client.get(reverse("admin:index")), DASHBOARD)

    def test_the_last_hour_the_stories_read_most_and_where_readers_came_from(self):
        read(self.top, 3, kind="search", source="Naver")
        read(self.top, 1, kind="social", source="X")
        read(self.second, 2, kind="direct")
        read(self.old, 9, at=timezone.now() - dt.timedelta(hours=3))  # outside the hour
        response = self.open(self.editor, window="hour")
        self.assertEqual(response.context["window"], "hour")
        figures = response.context["figures"]
        self.assertEqual(figures.readers, 6)
        self.assertEqual(
            [(row.story.headline, row.readers) for row in figures.stories],
            [("Comeback date set", 4), ("Teaser out", 2)],
        )
        self.assertEqual(figures.stories[0].top_source.label, "Naver")
        self.assertEqual(figures.stories[0].top_source.percent, 75)
        self.assertEqual(
            [(share.label, share.readers, share.percent) for share in figures.kinds],
            [("Search engines", 3, 50), ("Direct or unknown", 2, 33), ("Social media", 1, 17)],
        )
        page = text_of(response)
        self.assertIn("6 readers since", page)
        self.assertLess(page.index("Comeback date set"), page.index("Teaser out"))
        self.assertNotIn("Last week's interview", page)
        self.assertIn("Naver 3 · 50%", page)

    def test_24_hours_take_in_the_hours_before(self):
        read(self.old, 9, at=timezone.now() - dt.timedelta(hours=3))
        read(self.top, 1)
        figures = self.open(self.editor).context["figures"]  # the last 24 hours by default
        self.assertEqual(
            [row.story.headline for row in figures.stories][:1], ["Last week's interview"]
        )
        self.assertEqual(figures.readers, 10)

    def test_7_days_come_from_the_rollup(self):
        read(self.top, 2, at=timezone.now() - dt.timedelta(days=2))
        read(self.second, 5)
        for days_ago in (2, 0):
            mostread.reads_roll_up(now=timezone.now() - dt.timedelta(days=days_ago))
        figures = self.open(self.editor, window="week").context["figures"]
        self.assertEqual(
            [(row.story.headline, row.readers) for row in figures.stories],
            [("Teaser out", 5), ("Comeback date set", 2)],
        )
        self.assertIsNotNone(figures.rolled_up_at)
        self.assertContains(self.open(self.editor, window="week"), "today's as of")

    def test_a_story_taken_down_is_listed_with_its_state(self):
        read(self.top, 2)
        article_unpublish(article=self.top, by=self.editor)
        page = text_of(self.open(self.editor, window="hour"))
        self.assertIn("Comeback date set (Unpublished)", page)

    def test_an_unknown_period_says_so_and_shows_the_last_24_hours(self):
        response = self.open(self.editor, window="month")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["window"], "day")
        self.assertContains(response, "There is no such period")

    def test_nothing_read_yet(self):
        self.assertContains(
            self.open(self.editor, window="hour"), "No readers counted in this period yet."
        )

    def test_the_page_costs_the_same_with_2_or_20_stories_read(self):
        read(self.top, 1)
        self.open(self.editor)
        with self.assertNumQueries(6) as two:  # session, user, permissions ×2; reads; stories
            self.client.get(DASHBOARD)
        for n in range(18):
            read(make_article(f"Extra {n}"), 1)
        with self.assertNumQueries(len(two)):
            self.client.get(DASHBOARD)


class DashboardWithRedisDownTests(TestCase):
    def test_the_hours_cannot_be_added_up_and_the_page_says_so(self):
        editor = make_role_user(EDITOR, "editor")
        self.addCleanup(breaker.reset)
        dead = {"default": cache_from_url(f"redis://127.0.0.1:{free_port()}/9")}
        self.client.force_login(editor)
        with override_settings(CACHES=dead):
            response = self.client.get(DASHBOARD, {"window": "hour"})
            week = self.client.get(DASHBOARD, {"window": "week"})
        self.assertContains(response, "cannot be reached")
        self.assertIsNotNone(week.context["figures"])
