"""The live desk in the admin: posting, correcting, pinning, deleting and splitting entries,
starting and ending the coverage, each as a plain form and in the background."""

from django.test import TestCase
from django.urls import reverse

from articles.live import entry_post
from articles.models import Article, LiveEntry, LiveState
from newsroom.roles import EDITOR, WRITER
from tests.factories import make_article, make_picture, make_role_user


class LiveDeskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "editor", first_name="Hana")
        cls.writer = make_role_user(WRITER, "writer")
        cls.story = make_article("Golden Disc Awards, live")

    def setUp(self):
        self.client.force_login(self.editor)

    @property
    def desk(self):
        return reverse("admin:articles_article_live", args=[self.story.pk])

    def entry_url(self, entry):
        return reverse("admin:articles_article_live_entry", args=[self.story.pk, entry.pk])

    def test_the_desk_opens_from_the_story_and_goes_live_with_the_first_post(self):
        change = reverse("admin:articles_article_change", args=[self.story.pk])
        self.assertContains(self.client.get(change), self.desk)
        page = self.client.get(self.desk)
        self.assertContains(page, "Not live yet")
        self.assertContains(page, 'name="state" value="live"')
        response = self.client.post(self.desk, {"body": "Doors open at KSPO Dome."})
        self.assertRedirects(response, self.desk, fetch_redirect_response=False)
        self.story.refresh_from_db()
        self.assertEqual(self.story.live, LiveState.LIVE)
        self.assertIsNotNone(self.story.coverage_start)
        entry = LiveEntry.objects.get()
        self.assertEqual((entry.body, entry.posted_by), ("Doors open at KSPO Dome.", self.editor))
        page = self.client.get(self.desk)
        self.assertContains(page, "Posted.")
        self.assertContains(page, "Doors open at KSPO Dome.")

    def test_an_empty_entry_is_a_form_error(self):
        response = self.client.post(self.desk, {"body": "   "})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Write the entry before posting it.")
        self.assertFalse(LiveEntry.objects.exists())
        background = self.client.post(self.desk, {"body": ""}, HTTP_X_LIVE_DESK="1")
        self.assertEqual(background.status_code, 400)
        self.assertEqual(background["X-Live-Desk-Message"], "Write the entry before posting it.")

    def test_posting_in_the_background_answers_with_the_list(self):
        picture = make_picture(caption="Confetti", credit="Newsroom / Kim")
        response = self.client.post(
            self.desk,
            {"body": "Confetti falls.", "picture": picture.pk, "pinned": "on", "key_moment": "on"},
            HTTP_X_LIVE_DESK="1",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["X-Live-Desk-Message"], "Posted.")
        self.assertContains(response, "Confetti falls.")
        self.assertContains(response, "1 entry")
        entry = LiveEntry.objects.get()
        self.assertTrue(entry.pinned and entry.key_moment)
        self.assertEqual(entry.picture, picture)

    def test_moving_the_coverage_between_states(self):
        for state, word in (("live", "Live"), ("paused", "Paused"), ("ended", "Ended")):
            self.client.post(self.desk, {"state": state})
            self.story.refresh_from_db()
            self.assertEqual(self.story.live, state)
            self.assertContains(self.client.get(self.desk), word)
        self.assertIsNotNone(self.story.coverage_end)
        self.assertContains(self.client.get(self.desk), "Reopen the coverage")

    def test_correct_pin_mark_and_delete_an_entry(self):
        entry = entry_post(article=self.story, body="Best New Artist: ILLIT", by=self.editor)
        url = self.entry_url(entry)
        self.client.post(url, {"action": "pin"})
        self.client.post(url, {"action": "key"})
        entry.refresh_from_db()
        self.assertTrue(entry.pinned and entry.key_moment)
        self.assertIsNone(entry.corrected_at)
        response = self.client.post(
            url,
            {"action": "correct", "body": "Best New Artist: ILLIT and TWS", "key_moment": "on"},
            HTTP_X_LIVE_DESK="1",
        )
        self.assertContains(response, "Best New Artist: ILLIT and TWS")
        entry.refresh_from_db()
        self.assertIsNotNone(entry.corrected_at)
        self.assertFalse(entry.pinned)
        self.assertEqual(
            self.client.post(url, {"action": "correct", "body": ""}, HTTP_X_LIVE_DESK="1")[
                "X-Live-Desk-Message"
            ],
            "An entry needs words: delete it instead.",
        )
        self.client.post(url, {"action": "delete"})
        entry.refresh_from_db()
        self.assertIsNotNone(entry.deleted_at)
        self.assertNotContains(self.client.get(self.desk), "ILLIT")
        self.assertEqual(self.client.post(url, {"action": "pin"}).status_code, 404)

    def test_split_out_makes_a_draft_and_opens_it(self):
        entry = entry_post(
            article=self.story, body="## Daesang\n\nThe night's top prize.", by=self.editor
        )
        response = self.client.post(self.entry_url(entry), {"action": "split"})
        story = Article.objects.exclude(pk=self.story.pk).get()
        self.assertRedirects(
            response, reverse("admin:articles_article_change", args=[story.pk]), 302, 200
        )
        self.assertEqual(story.headline, "Daesang")
        again = self.client.post(self.entry_url(entry), {"action": "split"})
        self.assertEqual(Article.objects.count(), 2)  # the same story opened again
        self.assertRedirects(
            again, reverse("admin:articles_article_change", args=[story.pk]), 302, 200
        )

    def test_a_writer_may_not_use_the_desk_of_someone_elses_story(self):
        self.client.force_login(self.writer)
        self.assertEqual(self.client.get(self.desk).status_code, 403)
        self.assertEqual(self.client.post(self.desk, {"body": "Hi"}).status_code, 403)
        self.assertFalse(LiveEntry.objects.exists())

    def test_a_draft_story_says_readers_wait_for_it(self):
        draft = make_article("Not yet", status=Article.Status.DRAFT, published_at=None)
        page = self.client.get(reverse("admin:articles_article_live", args=[draft.pk]))
        self.assertContains(page, "The story is not published")
