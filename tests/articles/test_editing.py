"""The story form's writing tools: autosave and recovery, who else has the story open, and
the live preview of unsaved text."""

import datetime as dt
import json

from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Autosave, Presence
from newsroom.models import PendingPurge
from newsroom.roles import EDITOR, WRITER
from tests.factories import change_form_data, make_draft, make_role_user, make_user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, article=None):
    if article is None:
        return reverse(f"admin:articles_article_new_{name}")
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


class EditingTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER, "jae", "Jae")
        cls.other_writer = make_role_user(WRITER, "mina", "Mina")
        cls.editor = make_role_user(EDITOR, "hana", "Hana")
        cls.draft = make_draft(
            "Seventeen's tour reaches Busan", created_by=cls.writer, body="The first draft."
        )

    def setUp(self):
        self.draft.refresh_from_db()
        self.client = logged_in(self.writer)

    def autosave(self, client=None, article="draft", **fields):
        article = self.draft if article == "draft" else article
        data = {"headline": self.draft.headline, "body": "Typed, not saved."}
        if article is not None:
            data["base_version"] = article.version
        return (client or self.client).post(url("autosave", article), {**data, **fields})


class AutosaveTests(EditingTestCase):
    def test_autosave_keeps_the_text_and_nothing_else_changes(self):
        """Only the autosave row is written: the story, its revisions, its version and the
        page cache are as they were."""
        revisions, version = self.draft.history.count(), self.draft.version
        purges = PendingPurge.objects.count()
        with self.captureOnCommitCallbacks() as after_commit:
            response = self.autosave(body="A sentence typed a moment ago.")
        self.assertEqual(response.status_code, 200)
        self.assertIn("KST", response.json()["message"])
        kept = Autosave.objects.get(user=self.writer, article=self.draft)
        self.assertEqual(kept.fields["body"], "A sentence typed a moment ago.")
        self.assertEqual(kept.base_version, version)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.body, "The first draft.")
        self.assertEqual(self.draft.version, version)
        self.assertEqual(self.draft.history.count(), revisions)
        self.assertEqual(PendingPurge.objects.count(), purges)
        self.assertEqual(after_commit, [])

    def test_a_later_autosave_replaces_the_earlier_one(self):
        self.autosave(body="First words.")
        self.autosave(body="First words, and more.")
        kept = Autosave.objects.get(user=self.writer, article=self.draft)
        self.assertEqual(kept.fields["body"], "First words, and more.")
        self.assertEqual(Autosave.objects.count(), 1)

    def test_only_the_text_fields_are_kept(self):
        self.autosave(status="published", slug="elsewhere", seo_title="For search")
        kept = Autosave.objects.get(user=self.writer, article=self.draft).fields
        self.assertEqual(kept["seo_title"], "For search")
        self.assertNotIn("status", kept)
        self.assertNotIn("slug", kept)

    def test_a_new_story_has_one_autosave_per_writer(self):
        self.autosave(article=None, headline="A new story", body="Its first line.")
        self.autosave(article=None, headline="A new story", body="Its first two lines.")
        kept = Autosave.objects.get(user=self.writer, article=None)
        self.assertEqual(kept.fields["body"], "Its first two lines.")
        self.assertEqual(Autosave.objects.filter(user=self.writer).count(), 1)

    def test_autosave_pauses_once_a_colleague_saved_the_story(self):
        opened_at = self.draft.version
        self.draft.body = "The editor's cut."
        self.draft._history_user = self.editor
        self.draft.save()
        response = self.client.post(
            url("autosave", self.draft), {"body": "My text.", "base_version": opened_at}
        )
        self.assertEqual(response.status_code, 409)
        message = response.json()["message"]
        self.assertIn("Hana saved this story at", message)
        self.assertIn("KST", message)
        self.assertIn("autosave paused", message)
        self.assertFalse(Autosave.objects.exists())

    def test_discarding_forgets_the_autosave(self):
        self.autosave(body="Not wanted after all.")
        self.client.post(url("autosave", self.draft), {"discard": "1"})
        self.assertFalse(Autosave.objects.exists())


class AutosavePermissionTests(EditingTestCase):
    def test_a_writer_cannot_autosave_someone_elses_story(self):
        response = self.autosave(client=logged_in(self.other_writer))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Autosave.objects.exists())

    def test_a_writer_cannot_autosave_a_story_in_review(self):
        self.draft.status = self.draft.Status.IN_REVIEW
        self.draft.save()
        self.assertEqual(self.autosave().status_code, 403)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.autosave(client=Client())
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
        self.assertFalse(Autosave.objects.exists())

    def test_autosave_is_a_post_with_the_csrf_token(self):
        self.assertEqual(self.client.get(url("autosave", self.draft)).status_code, 405)
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(self.writer)
        self.assertEqual(self.autosave(client=strict).status_code, 403)
        self.assertFalse(Autosave.objects.exists())

    def test_a_writer_never_sees_someone_elses_autosave(self):
        Autosave.objects.keep(
            user=self.editor, article=self.draft, fields={"body": "The editor's secret cut."}
        )
        page = self.client.get(url("change", self.draft))
        self.assertNotContains(page, "secret cut")
        self.assertNotContains(page, 'id="writing-tools-autosave"')


class RecoveryTests(EditingTestCase):
    def test_the_form_offers_an_autosave_that_differs_from_the_story(self):
        Autosave.objects.keep(
            user=self.writer,
            article=self.draft,
            fields={"headline": self.draft.headline, "body": "Words typed before the crash."},
            base_version=self.draft.version,
        )
        page = self.client.get(url("change", self.draft))
        self.assertContains(page, 'id="writing-tools-autosave"')
        self.assertContains(page, "Words typed before the crash.")
        self.assertContains(page, "You have unsaved text from")
        self.assertContains(page, "KST")

    def test_an_autosave_matching_the_story_is_not_offered(self):
        # Spaces and line endings a save would tidy away make no difference.
        Autosave.objects.keep(
            user=self.writer,
            article=self.draft,
            fields={"headline": f"  {self.draft.headline} ", "body": "The first draft.\r\n"},
            base_version=self.draft.version,
        )
        page = self.client.get(url("change", self.draft))
        self.assertNotContains(page, 'id="writing-tools-autosave"')

    def test_an_autosave_typed_over_an_older_version_says_so(self):
        Autosave.objects.keep(
            user=self.writer,
            article=self.draft,
            fields={"body": "Older words."},
            base_version=self.draft.version,
        )
        self.draft.save()
        page = self.client.get(url("change", self.draft))
        self.assertContains(page, "data-behind")

    def test_a_new_story_offers_its_autosave(self):
        Autosave.objects.keep(user=self.writer, fields={"headline": "Half a headline"})
        page = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(page, 'id="writing-tools-autosave"')
        self.assertContains(page, "Half a headline")

    def test_saving_the_story_discards_the_autosave(self):
        Autosave.objects.keep(
            user=self.writer, article=self.draft, fields={"body": "Kept while typing."}
        )
        data = change_form_data(self.client, self.draft, body="Kept while typing.")
        response = self.client.post(url("change", self.draft), data)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Autosave.objects.filter(article=self.draft).exists())

    def test_saving_a_new_story_discards_its_autosave(self):
        Autosave.objects.keep(user=self.writer, fields={"headline": "Soon a story"})
        add = reverse("admin:articles_article_add")
        data = change_form_data(self.client, self.draft)
        data.update(headline="Soon a story", slug="soon-a-story", base_version="")
        response = self.client.post(add, data)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        self.assertFalse(Autosave.objects.filter(user=self.writer, article=None).exists())


class PreviewTests(EditingTestCase):
    def preview(self, article="draft", client=None, **fields):
        article = self.draft if article == "draft" else article
        return (client or self.client).post(url("preview", article), fields)

    def test_the_preview_shows_the_unsaved_text_as_readers_will(self):
        revisions, version = self.draft.history.count(), self.draft.version
        with self.captureOnCommitCallbacks() as after_commit:
            response = self.preview(
                headline="Seventeen add a night in Busan",
                dek="A second show, on Sunday.",
                body="Tickets go on sale **Friday at 8 PM KST**.",
            )
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "articles/article_detail.html")
        self.assertTemplateUsed(response, "articles/includes/story.html")
        self.assertContains(response, "Seventeen add a night in Busan")
        self.assertContains(response, "A second show, on Sunday.")
        self.assertContains(response, "<strong>Friday at 8 PM KST</strong>", html=True)
        self.assertContains(response, "Preview of text not saved yet.")
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.headline, "Seventeen's tour reaches Busan")
        self.assertEqual((self.draft.version, self.draft.history.count()), (version, revisions))
        self.assertFalse(Autosave.objects.exists())
        self.assertEqual(after_commit, [])

    def test_the_preview_is_framed_by_the_story_form_only_and_never_cached(self):
        response = self.preview(body="Words.")
        self.assertEqual(response["X-Frame-Options"], "SAMEORIGIN")
        self.assertIn("frame-ancestors 'self'", response["Content-Security-Policy"])
        self.assertIn("no-cache", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        form = self.client.get(url("change", self.draft))
        self.assertRegex(form["Content-Security-Policy"], r"frame-src [^;]*'self'")
        self.assertEqual(form["X-Frame-Options"], "DENY")

    def test_bad_markdown_is_shown_not_an_error(self):
        body = "[x](javascript:alert(1))\n\n<script>alert(1)</script>\n\n" + "> [*" * 300
        response = self.preview(body=body + "\x00\x0b")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "story__body")
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, 'href="javascript:')

    def test_a_new_story_can_be_previewed(self):
        response = self.client.post(
            url("preview"), {"headline": "A story not saved once", "body": "*Soon.*"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A story not saved once")
        self.assertContains(response, "<em>Soon.</em>", html=True)

    def test_only_staff_who_can_see_the_story_get_a_preview(self):
        outsider = make_user(staff=True)
        self.assertEqual(self.preview(client=logged_in(outsider), body="x").status_code, 403)
        self.assertEqual(self.preview(client=Client(), body="x").status_code, 302)
        self.assertEqual(self.client.get(url("preview", self.draft)).status_code, 405)


class PresenceTests(EditingTestCase):
    def seen(self, user, seconds_ago):
        at = timezone.now() - dt.timedelta(seconds=seconds_ago)
        Presence.objects.create(article=self.draft, user=user, seen_at=at)

    def test_the_form_names_colleagues_who_had_the_story_open_within_the_minute(self):
        self.seen(self.editor, 30)
        self.seen(self.other_writer, 45)
        page = self.client.get(url("change", self.draft))
        self.assertContains(page, "Hana (hana) and Mina (mina) are editing this story.")

    def test_nobody_is_named_after_a_minute_or_for_their_own_visit(self):
        self.seen(self.editor, 90)
        self.seen(self.writer, 5)
        page = self.client.get(url("change", self.draft))
        self.assertNotContains(page, "editing this story")

    def test_the_heartbeat_records_the_visit_and_names_the_others(self):
        self.seen(self.editor, 10)
        response = self.client.post(url("presence", self.draft))
        self.assertEqual(response.json(), {"message": "Hana (hana) is editing this story."})
        self.assertTrue(Presence.objects.recent().filter(user=self.writer).exists())
        colleague = logged_in(self.editor).post(url("presence", self.draft))
        self.assertEqual(colleague.json(), {"message": "Jae (jae) is editing this story."})

    def test_a_colleague_who_may_only_read_the_story_is_told_and_not_counted(self):
        self.seen(self.writer, 5)
        reader = logged_in(self.other_writer)
        page = reader.get(url("change", self.draft))
        self.assertContains(page, "Jae (jae) is editing this story.")
        self.assertNotContains(page, "data-autosave-url")
        self.assertNotContains(page, 'id="story-preview"')
        reader.post(url("presence", self.draft))
        self.assertFalse(Presence.objects.filter(user=self.other_writer).exists())

    def test_an_email_address_is_never_shown(self):
        user = get_user_model().objects.create_user("joon@example.com", is_staff=True)
        self.seen(user, 5)
        response = self.client.post(url("presence", self.draft))
        self.assertEqual(json.loads(response.content), {"message": "joon is editing this story."})
