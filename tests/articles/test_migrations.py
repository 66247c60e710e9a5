"""Data migrations of stories: what they leave in the stored HTML readers are served."""

from importlib import import_module

from django.apps import apps
from django.test import TestCase

from articles.live import LiveEntry, coverage_set, entry_post
from articles.models import Article, LiveState
from articles.services import article_trash
from newsroom.roles import EDITOR
from tests.factories import hours, make_article, make_role_user, now

headings_from_h2 = import_module("articles.migrations.0024_headings_from_h2")

BODY = "Intro.\n\n## The tour\n\nDates.\n\n#### Seoul\n\nTwo nights."
# As the renderer stored it before: every level shifted one down, h2 → h3, h4 → h5.
BEFORE = "<p>Intro.</p>\n<h3>The tour</h3>\n<p>Dates.</p>\n<h5>Seoul</h5>\n<p>Two nights.</p>\n"


class HeadingsFromH2Tests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "editor")
        cls.story = make_article("Tour dates announced", body=BODY)
        cls.trashed = make_article("An old draft", body=BODY)
        article_trash(article=cls.trashed, by=cls.editor)
        coverage_set(article=cls.story, state=LiveState.LIVE, now=now() - hours(1))
        cls.entry = entry_post(article=cls.story, body=BODY, by=cls.editor, now=now())
        Article.everything.update(body_html=BEFORE)
        LiveEntry.objects.update(body_html=BEFORE)

    def migrate(self):
        headings_from_h2.render_again(apps, None)

    def stored(self, row):
        return type(row)._base_manager.values_list("body_html", flat=True).get(pk=row.pk)

    def test_stories_start_at_h2_and_live_entries_at_h3_without_a_gap(self):
        self.migrate()
        for row in (self.story, self.trashed):
            html = self.stored(row)
            self.assertIn("<h2>The tour</h2>", html)
            self.assertIn("<h3>Seoul</h3>", html)
        html = self.stored(self.entry)
        self.assertIn("<h3>The tour</h3>", html)
        self.assertIn("<h4>Seoul</h4>", html)

    def test_it_renders_as_saving_does(self):
        self.migrate()
        for row in (self.story, self.entry):
            migrated = self.stored(row)
            saved = type(row)._base_manager.get(pk=row.pk)
            saved.save()
            self.assertEqual(self.stored(row), migrated)

    def test_running_it_again_writes_nothing(self):
        self.migrate()
        rows = (self.story, self.trashed, self.entry)
        first = [self.stored(row) for row in rows]
        with self.assertNumQueries(2):  # one read a table, no write
            self.migrate()
        self.assertEqual([self.stored(row) for row in rows], first)
