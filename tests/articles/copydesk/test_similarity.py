from django.test import SimpleTestCase, TestCase

from articles.copydesk.cleaning import clean
from articles.copydesk.duplicates import article_fingerprint, likely_duplicates
from articles.copydesk.similarity import fingerprints
from articles.models import Article
from articles.services import article_trash
from tests.articles.copydesk.stories import (
    ALBUM_REVIEW,
    INTERVIEW_OUTLET_A,
    INTERVIEW_OUTLET_B,
    TRACKLIST_NEWS,
)
from tests.factories import make_draft, make_user


def story_from(copy, **fields):
    cleaned = clean(copy)
    return make_draft(cleaned.headline, dek=cleaned.dek, body=cleaned.body, **fields)


class FingerprintTests(SimpleTestCase):
    def test_the_same_text_gives_the_same_fingerprints(self):
        self.assertEqual(fingerprints(INTERVIEW_OUTLET_A), fingerprints(INTERVIEW_OUTLET_A))
        self.assertTrue(fingerprints(INTERVIEW_OUTLET_A))

    def test_case_and_punctuation_do_not_change_them(self):
        text = "The members kept singing when the lights went out in the tunnel."
        self.assertEqual(fingerprints(text), fingerprints(text.upper().replace(" ", "  ")))

    def test_common_words_alone_leave_no_fingerprint(self):
        self.assertEqual(fingerprints("and the of in to it was is that on for"), set())


class SameStoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.interview = story_from(INTERVIEW_OUTLET_A)
        cls.review = story_from(ALBUM_REVIEW)
        cls.tracklist = story_from(TRACKLIST_NEWS)
        for story in (cls.interview, cls.review, cls.tracklist):
            article_fingerprint(article=story)

    def test_two_outlets_write_ups_of_one_interview_are_flagged(self):
        other = story_from(INTERVIEW_OUTLET_B)
        found = likely_duplicates(other)
        self.assertEqual([story for story, _ in found], [self.interview])
        self.assertGreaterEqual(found[0][1], 0.2)

    def test_different_stories_about_the_same_album_are_not(self):
        for copy in (ALBUM_REVIEW, TRACKLIST_NEWS):
            with self.subTest(copy=copy[:30]):
                fresh = Article(headline="x", body=copy)
                flagged = [story for story, _ in likely_duplicates(fresh)]
                self.assertNotIn(self.interview, flagged)
        self.assertEqual(likely_duplicates(self.review), [])

    def test_the_same_copy_twice_scores_one(self):
        again = story_from(INTERVIEW_OUTLET_A)
        self.assertEqual(likely_duplicates(again), [(self.interview, 1.0)])

    def test_a_story_is_not_its_own_duplicate_and_the_trash_is_ignored(self):
        self.assertEqual(likely_duplicates(self.interview), [])
        again = story_from(INTERVIEW_OUTLET_A)
        article_trash(article=self.interview, by=make_user(superuser=True))
        self.assertEqual(likely_duplicates(again), [])

    def test_fingerprints_follow_edits(self):
        self.interview.body = ALBUM_REVIEW
        self.interview.save()
        article_fingerprint(article=self.interview)
        self.assertEqual(likely_duplicates(story_from(INTERVIEW_OUTLET_B)), [])

    def test_the_lookup_is_six_small_queries(self):
        other = story_from(INTERVIEW_OUTLET_B)
        # Whether the catalogue's names changed, fingerprint frequencies, the holders of the
        # rarest shingles, quotes, names, dates and words, the newest holders of the rarest
        # few shingles, what the candidates share, the stories flagged.
        with self.assertNumQueries(6):
            likely_duplicates(other)

    def test_a_saved_and_fingerprinted_story_finds_its_copy_not_itself(self):
        again = story_from(INTERVIEW_OUTLET_A)
        article_fingerprint(article=again)
        self.assertEqual(likely_duplicates(again), [(self.interview, 1.0)])
        self.assertEqual(likely_duplicates(self.interview), [(again, 1.0)])

    def test_boilerplate_is_skipped_but_heavily_repeated_copy_is_still_found(self):
        from articles.copydesk import duplicates

        copies = [story_from(INTERVIEW_OUTLET_A) for _ in range(4)]
        for story in copies:
            article_fingerprint(article=story)
        # With every fingerprint now "boilerplate", the rarest few still find the copies.
        original = duplicates.BOILERPLATE_STORIES
        duplicates.BOILERPLATE_STORIES = 1
        try:
            found = [story for story, _ in likely_duplicates(story_from(INTERVIEW_OUTLET_A))]
        finally:
            duplicates.BOILERPLATE_STORIES = original
        self.assertTrue(set(copies) <= set(found) | {self.interview})
        self.assertTrue(found)


class AdminSameStoryTests(TestCase):
    def test_saving_in_the_admin_fingerprints_and_the_page_warns(self):
        from django.urls import reverse

        self.client.force_login(make_user(superuser=True))
        add = reverse("admin:articles_article_add")
        cleaned = clean(INTERVIEW_OUTLET_A)
        data = {
            "headline": cleaned.headline,
            "slug": "first",
            "dek": cleaned.dek,
            "body": cleaned.body,
            "status": "draft",
        }
        self.client.post(add, data)
        self.client.post(add, {**data, "slug": "second"})
        first, second = Article.objects.get(slug="first"), Article.objects.get(slug="second")
        self.assertGreater(first.fingerprint_count, 0)
        page = self.client.get(reverse("admin:articles_article_change", args=[second.pk]))
        self.assertContains(page, "100% alike")
        self.assertContains(page, reverse("admin:articles_article_change", args=[first.pk]))


class FingerprintCommandTests(TestCase):
    def test_backfill_fingerprints_stories_saved_without_them(self):
        from io import StringIO

        from django.core.management import call_command

        old = story_from(INTERVIEW_OUTLET_A)  # saved directly: no fingerprints yet
        self.assertEqual(likely_duplicates(story_from(INTERVIEW_OUTLET_B)), [])
        out = StringIO()
        call_command("fingerprint_stories", stdout=out)
        self.assertIn("Fingerprinted 2 stories.", out.getvalue())
        probe = Article(headline="x", body=INTERVIEW_OUTLET_B)
        self.assertIn(old, [story for story, _ in likely_duplicates(probe)])
