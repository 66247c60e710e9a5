"""The corpus generator: linked, searchable, visible data in bulk, and a summary."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase

from articles.models import Article
from artists.models import Artist, Membership, Release


class GenerateCorpusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.out, cls.err = StringIO(), StringIO()
        call_command(
            "generate_corpus", stories=300, artists=40, releases=60, stdout=cls.out, stderr=cls.err
        )

    def test_makes_what_was_asked_and_says_so(self):
        self.assertEqual(Article.everything.count(), 300)
        self.assertEqual(Artist.objects.count(), 40)
        self.assertEqual(Release.objects.count(), 60)
        self.assertIn("Made 40 artists, 60 releases and 300 stories", self.out.getvalue())
        self.assertIn("Stories    [##############################] 300/300", self.err.getvalue())

    def test_rows_are_linked_like_real_ones(self):
        self.assertTrue(Membership.objects.exists())
        story = Article.objects.published().first()
        self.assertEqual(story.artists.count(), 1)
        self.assertEqual(story.releases.count(), 1)
        self.assertEqual(story.tags.count(), 2)
        self.assertTrue(story.body_html.startswith("<p>"))
        self.assertGreater(Article.objects.published().count(), 250)

    def test_stories_and_names_are_searchable(self):
        story = Article.objects.published().select_related().first()
        artist = story.artists.get()
        results = Article.objects.published().search(artist.name)
        self.assertIn(artist, results.artists)
        self.assertIn(story, results.stories)

    def test_a_count_below_one_is_refused(self):
        with self.assertRaisesMessage(CommandError, "--stories must be at least 1."):
            call_command("generate_corpus", stories=0, stderr=StringIO())
