from django.test import TestCase
from django.urls import reverse

from articles.models import Article, Note
from newsroom.roles import EDITOR, assign_role
from tests.factories import (
    change_form_data,
    hours,
    kst_parts,
    make_article,
    make_artist,
    make_user,
    now,
)


class CorrectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user()
        assign_role(cls.editor, EDITOR)
        cls.story = make_article(
            "Chart story", dek="Dek", artists=[make_artist()], published_at=now() - hours(5)
        )

    def test_an_editor_appends_a_correction_in_the_admin(self):
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_change", args=[self.story.pk])
        before = self.story.updated_at
        day, time = kst_parts(now())
        data = change_form_data(self.client, self.story)
        data.update(
            {
                "notes-TOTAL_FORMS": "1",
                "notes-0-kind": "correction",
                "notes-0-text": "An earlier version gave the wrong chart position.",
                "notes-0-at_0": day,
                "notes-0-at_1": time,
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        note = Note.objects.get()
        self.assertEqual(note.kind, "correction")
        self.story.refresh_from_db()
        self.assertGreater(self.story.updated_at, before)  # its modified time moves

    def test_readers_see_notes_at_the_foot_and_updated_at_the_top(self):
        note = Note.objects.create(article=self.story, kind="update", text="Now at No. 1.")
        response = self.client.get(self.story.get_absolute_url())
        self.assertContains(response, "Corrections and updates")
        self.assertContains(response, "<strong>Update</strong>")
        self.assertContains(response, "Now at No. 1.")
        self.assertEqual(response.context["article"].updated_notice_at, note.at)
        self.assertContains(response, "· Updated <time")

    def test_no_notes_no_updated_line_for_a_fresh_story(self):
        fresh = make_article(published_at=now())
        self.assertNotContains(self.client.get(fresh.get_absolute_url()), "· Updated")
        self.assertFalse(Article.objects.get(pk=fresh.pk).notes.exists())
