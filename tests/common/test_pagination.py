"""Pages found by peeking one row ahead instead of counting them all, and the admin's pages
that count exactly only up to a point."""

import unittest
from unittest import mock

from django.db import connection
from django.test import TestCase

from articles.models import Article
from common.pagination import MAX_PAGE, EstimatedCountPaginator, page_of
from tests.factories import hours, make_article, now


class PageOfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n in range(5):
            make_article(f"Story {n}", published_at=now() - hours(n + 1))

    def stories(self):
        return Article.objects.published().for_cards()

    def test_pages_know_their_neighbours_without_a_count(self):
        with self.assertNumQueries(1):
            first = page_of(self.stories(), "1", 2)
            self.assertEqual([a.headline for a in first], ["Story 0", "Story 1"])
        self.assertTrue(first.has_next)
        self.assertFalse(first.has_previous())
        last = page_of(self.stories(), 3, 2)
        self.assertEqual([a.headline for a in last], ["Story 4"])
        self.assertFalse(last.has_next)
        self.assertEqual(last.previous_page_number(), 2)

    def test_odd_page_numbers_mean_the_first_or_are_capped(self):
        for odd in (None, "", "x", "-3", "0", "1.5"):
            with self.subTest(odd=odd):
                self.assertEqual(page_of(self.stories(), odd, 2).number, 1)
        self.assertEqual(page_of(self.stories(), "99999999999", 2).number, MAX_PAGE)

    def test_a_page_past_the_end_is_empty_not_an_error(self):
        page = page_of(self.stories(), 50, 2)
        self.assertEqual(list(page), [])
        self.assertFalse(page.has_next)


class EstimatedCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n in range(5):
            make_article(f"Story {n}", published_at=now() - hours(n + 1))

    def paginator(self, stories=None):
        stories = Article.objects.order_by("-published_at") if stories is None else stories
        return EstimatedCountPaginator(stories, 2)

    def test_up_to_the_limit_the_count_is_exact(self):
        paginator = self.paginator()
        with self.assertNumQueries(1):
            self.assertEqual((paginator.count, paginator.estimated), (5, False))
        self.assertEqual(paginator.num_pages, 3)
        filtered = self.paginator(Article.objects.filter(headline="Story 2"))
        self.assertEqual((filtered.count, filtered.estimated), (1, False))

    @mock.patch.object(EstimatedCountPaginator, "EXACT_UP_TO", 2)
    def test_past_the_limit_postgresql_estimates_and_other_databases_count(self):
        paginator = self.paginator()
        if connection.vendor == "postgresql":
            self.assertTrue(paginator.estimated)
            self.assertGreaterEqual(paginator.count, 3)  # never fewer than it saw
        else:
            self.assertEqual((paginator.count, paginator.estimated), (5, False))
        self.assertEqual([a.headline for a in paginator.page(1)], ["Story 0", "Story 1"])

    @unittest.skipUnless(connection.vendor == "postgresql", "the planner's estimate")
    @mock.patch.object(EstimatedCountPaginator, "EXACT_UP_TO", 2)
    def test_the_estimate_is_the_planners_without_counting_every_row(self):
        with self.assertNumQueries(2) as queries:  # the first three, the plan
            count = self.paginator().count
        self.assertGreaterEqual(count, 3)
        self.assertIn("LIMIT 3", queries.captured_queries[0]["sql"])
        self.assertTrue(queries.captured_queries[1]["sql"].startswith("EXPLAIN"))
