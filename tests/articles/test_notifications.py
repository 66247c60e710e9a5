"""Workflow buttons on the story, notes with them, and the colleagues each move tells — by
e-mail and a chat webhook, sent by the worker, never in the editor's request."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from articles.services import (
    article_publish,
    article_return_to_draft,
    article_submit,
    article_unpublish,
    workflow_actions,
)
from newsroom.roles import EDITOR, WRITER
from newsroom.taskqueue import run_due
from tests.factories import (
    change_form_data,
    formset_management,
    make_artist,
    make_draft,
    make_role_user,
)
from tests.servers import SMTPServer, WebhookReceiver, free_port

S = Article.Status


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def with_email(user, address):
    user.email = address
    user.save(update_fields=["email"])
    return user


class NotificationTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = with_email(make_role_user(WRITER, "mina", "Mina"), "mina@example.test")
        cls.editor = with_email(make_role_user(EDITOR, "hana", "Hana"), "hana@example.test")
        cls.other_editor = with_email(make_role_user(EDITOR, "jae", "Jae"), "jae@example.test")
        cls.artist = make_artist("IVE")

    def setUp(self):
        self.story = make_draft(
            "IVE announce a world tour",
            dek="Twenty cities from March.",
            bylines=[self.writer],
            created_by=self.writer,
        )
        self.story.artists.add(self.artist)
        self.url = reverse("admin:articles_article_change", args=[self.story.pk])

    def press(self, user, action, **fields):
        client = logged_in(user)
        data = change_form_data(client, self.story, _move=action, **fields)
        return client.post(self.url, data)


class ButtonTests(NotificationTestCase):
    def test_each_person_gets_the_moves_they_may_make(self):
        def actions(user, story):
            return [action for action, _ in workflow_actions(user, story)]

        self.assertEqual(actions(self.writer, self.story), ["submit"])
        self.assertEqual(actions(self.editor, self.story), ["publish", "schedule"])
        from articles.models import Article as Story

        self.assertEqual(actions(self.editor, Story()), ["submit", "publish", "schedule"])
        self.story.status = S.IN_REVIEW
        self.assertEqual(actions(self.writer, self.story), ["withdraw"])
        self.assertEqual(actions(self.editor, self.story), ["publish", "schedule", "return"])
        self.story.status, self.story.published_at = S.PUBLISHED, timezone.now() - dt.timedelta(1)
        self.assertEqual(actions(self.writer, self.story), [])
        self.assertEqual(actions(self.editor, self.story), ["unpublish"])
        self.story.published_at = timezone.now() + dt.timedelta(1)  # scheduled
        self.assertEqual(actions(self.editor, self.story), ["publish", "schedule", "unpublish"])

    def test_the_form_shows_the_buttons_after_save(self):
        page = logged_in(self.writer).get(self.url).content.decode()
        self.assertIn('name="_move" value="submit"', page)
        self.assertNotIn('value="publish"', page)
        self.assertLess(page.index('name="_save"'), page.index('name="_move"'))

    def test_submit_for_review_with_a_note_saves_the_text_too(self):
        response = self.press(
            self.writer, "submit", workflow_note="Quotes checked with the agency.", dek="New dek"
        )
        self.assertEqual(response.status_code, 302)
        self.story.refresh_from_db()
        self.assertEqual((self.story.status, self.story.dek), (S.IN_REVIEW, "New dek"))
        move = self.story.transitions.get()
        self.assertEqual((move.note, move.by), ("Quotes checked with the agency.", self.writer))

    def test_returning_to_the_writer_needs_a_note(self):
        article_submit(article=self.story, by=self.writer)
        refused = self.press(self.editor, "return")
        self.assertContains(refused, "Say in the note what the writer should change.")
        self.assertEqual(
            self.press(self.editor, "return", workflow_note="Trim it.").status_code, 302
        )
        self.story.refresh_from_db()
        self.assertEqual(self.story.status, S.DRAFT)

    def test_schedule_needs_a_time_to_come(self):
        refused = self.press(self.editor, "schedule")
        self.assertContains(refused, "set its publication time (KST) in the future")
        later = timezone.localtime() + dt.timedelta(days=1)
        response = self.press(
            self.editor,
            "schedule",
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1=later.strftime("%H:%M:%S"),
        )
        self.assertEqual(response.status_code, 302)
        self.story.refresh_from_db()
        self.assertTrue(self.story.is_scheduled)

    def test_publish_now_goes_live(self):
        self.assertEqual(self.press(self.editor, "publish").status_code, 302)
        self.story.refresh_from_db()
        self.assertTrue(self.story.is_published())

    def test_a_writer_cannot_press_an_editors_button(self):
        response = self.press(self.writer, "publish")
        self.assertContains(response, "Only editors can publish")
        self.story.refresh_from_db()
        self.assertEqual(self.story.status, S.DRAFT)


class WhoIsToldTests(NotificationTestCase):
    def test_review_requested_tells_the_editors_once_the_worker_runs(self):
        self.press(self.writer, "submit", workflow_note="Ready when you are.")
        self.assertEqual(mail.outbox, [])  # nothing sent during the request
        self.assertEqual(DBTaskResult.objects.count(), 1)
        self.assertEqual(run_due(), 1)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["hana@example.test", "jae@example.test"]
        )
        message = mail.outbox[0]
        self.assertIn("For review: IVE announce a world tour", message.subject)
        self.assertIn("Mina sent", message.body)
        self.assertIn("Ready when you are.", message.body)
        self.assertIn(f"/admin/articles/article/{self.story.pk}/change/", message.body)

    def test_returned_with_a_note_tells_the_writer(self):
        article_submit(article=self.story, by=self.writer)
        article_return_to_draft(article=self.story, by=self.editor, note="Add the dates.")
        run_due()
        returned = [m for m in mail.outbox if "Returned" in m.subject]
        self.assertEqual([m.to for m in returned], [["mina@example.test"]])
        self.assertIn("Add the dates.", returned[0].body)

    def test_a_writer_taking_back_their_own_story_tells_nobody_more(self):
        article_submit(article=self.story, by=self.writer)
        article_return_to_draft(article=self.story, by=self.writer)
        run_due()
        self.assertFalse([m for m in mail.outbox if "Returned" in m.subject])

    def test_published_tells_the_bylined_writers_not_the_editor_who_published(self):
        article_publish(article=self.story, by=self.editor)
        run_due()
        self.assertEqual([m.to for m in mail.outbox], [["mina@example.test"]])
        self.assertIn("Published: IVE announce a world tour", mail.outbox[0].subject)

    def test_scheduled_says_when_in_kst(self):
        at = timezone.now() + dt.timedelta(days=2)
        article_publish(article=self.story, by=self.editor, at=at)
        run_due()
        self.assertIn("Scheduled:", mail.outbox[0].subject)
        self.assertIn("KST", mail.outbox[0].body)

    def test_a_refused_move_queues_nothing(self):
        self.story.artists.clear()  # publishing wants an artist
        with self.assertRaises(ValidationError):
            article_publish(article=self.story, by=self.editor)
        self.assertEqual(DBTaskResult.objects.count(), 0)


class DeliveryTests(NotificationTestCase):
    """Real delivery to local servers: an SMTP server and a chat webhook on 127.0.0.1."""

    def test_e_mail_goes_through_an_smtp_server(self):
        with SMTPServer() as smtp, override_settings(**smtp.settings()):
            article_submit(article=self.story, by=self.writer, note="Over to you.")
            call_command("worker", "--once", stdout=StringIO())
        self.assertEqual(sorted(r for _, rcpt, _ in smtp.messages for r in rcpt), [
            "hana@example.test",
            "jae@example.test",
        ])  # fmt: skip
        _, _, message = smtp.messages[0]
        self.assertIn("For review", message["Subject"])
        self.assertIn("Over to you.", message.get_payload(decode=True).decode())

    def test_the_webhook_gets_the_same_news(self):
        with WebhookReceiver() as hook, override_settings(NOTIFY_WEBHOOK_URL=hook.url):
            article_submit(article=self.story, by=self.writer)
            run_due()
        self.assertEqual(len(hook.received), 1)
        self.assertIn("For review: IVE announce a world tour", hook.received[0]["text"])

    def test_discord_reads_content(self):
        from common.webhooks import payload

        self.assertEqual(payload("https://discord.com/api/webhooks/1/x", "Hi"), {"content": "Hi"})
        self.assertEqual(payload("https://hooks.slack.com/services/x", "Hi"), {"text": "Hi"})

    def test_a_channel_that_fails_is_tried_again_later_alone(self):
        dead_smtp = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": free_port(),  # nothing listens there: the mail server is down
            "EMAIL_TIMEOUT": 2,
        }
        with WebhookReceiver() as hook, override_settings(NOTIFY_WEBHOOK_URL=hook.url, **dead_smtp):
            article_submit(article=self.story, by=self.writer)
            run_due()
            self.assertEqual(len(hook.received), 1)  # the webhook was not held back
        retry = DBTaskResult.objects.filter(status="READY").get()
        self.assertGreater(retry.run_after, timezone.now())
        self.assertEqual(retry.args_kwargs["args"][1:], [2, ["email"]])
        # When it is due and the mail server is back, the e-mail goes; the webhook is not
        # told twice.
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        with WebhookReceiver() as hook, override_settings(NOTIFY_WEBHOOK_URL=hook.url):
            self.assertEqual(run_due(), 1)
        self.assertEqual(hook.received, [])
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox), ["hana@example.test", "jae@example.test"]
        )

    @override_settings(NOTIFY_ATTEMPTS=2)
    def test_it_gives_up_after_the_last_attempt(self):
        with WebhookReceiver(status=500) as hook, override_settings(NOTIFY_WEBHOOK_URL=hook.url):
            article_submit(article=self.story, by=self.writer)
            run_due()
            DBTaskResult.objects.update(run_after=timezone.now())
            run_due()
        self.assertEqual(len(hook.received), 2)
        self.assertFalse(DBTaskResult.objects.filter(status="READY").exists())


class NewStoryButtonTests(NotificationTestCase):
    def test_a_new_story_can_be_written_and_submitted_in_one_press(self):
        client = logged_in(self.writer)
        add = reverse("admin:articles_article_add")
        data = {
            "headline": "IVE add Seoul dates",
            "slug": "ive-add-seoul-dates",
            "dek": "Two nights in June.",
            "body": "The tour ends at home.",
            "status": "draft",
            "artists": [self.artist.pk],
            "bylines": [],
            "workflow_note": "Short one.",
            "_move": "submit",
        }
        page = client.get(add).content.decode()
        response = client.post(add, {**formset_management(page), **data})
        self.assertEqual(response.status_code, 302)
        story = Article.objects.get(slug="ive-add-seoul-dates")
        self.assertEqual(story.status, S.IN_REVIEW)
        self.assertEqual(story.transitions.get().note, "Short one.")


class LastWordTests(NotificationTestCase):
    def test_the_return_note_is_on_the_story_for_the_writer(self):
        article_submit(article=self.story, by=self.writer)
        article_return_to_draft(article=self.story, by=self.editor, note="Add the Seoul dates.")
        page = logged_in(self.writer).get(self.url)
        self.assertContains(page, "workflow__last-note")
        self.assertContains(page, "Add the Seoul dates.")

    def test_taking_a_story_down_tells_its_writers(self):
        article_publish(article=self.story, by=self.editor)
        article_unpublish(article=self.story, by=self.editor, note="Legal asked us to hold it.")
        run_due()
        down = [m for m in mail.outbox if "Taken down" in m.subject]
        self.assertEqual([m.to for m in down], [["mina@example.test"]])
        self.assertIn("Legal asked us to hold it.", down[0].body)
