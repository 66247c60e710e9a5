"""Pages found by peeking one row ahead instead of counting them all."""

from django.test import TestCase

from articles.models import Article
from common.pagination import MAX_PAGE, page_of
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
