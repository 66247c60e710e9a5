import datetime as dt
import threading
import unittest
from io import StringIO
from unittest import mock

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.publishing import publication_problems, repeated_paragraph
from articles.services import (
    article_publish,
    article_return_to_draft,
    article_submit,
    article_transition,
    article_unpublish,
    articles_move,
)
from newsroom.roles import EDITOR, WRITER
from tests.factories import (
    change_form_data,
    hours,
    make_article,
    make_artist,
    make_draft,
    make_picture,
    make_role_user,
    now,
    sign_in,
)

S = Article.Status


def ready_draft(author=None, **fields):
    """A draft that passes every check before publishing."""
    fields.setdefault("dek", "A standfirst.")
    article = make_draft(artists=[make_artist()], **fields)
    if author:
        article.created_by = author
        article.save()
    return article


class RolesTests(TestCase):
    def test_roles_exist_with_the_right_powers(self):
        writer, editor = Group.objects.get(name=WRITER), Group.objects.get(name=EDITOR)
        writer_perms = set(writer.permissions.values_list("codename", flat=True))
        self.assertIn("add_article", writer_perms)
        self.assertNotIn("publish_article", writer_perms)
        self.assertNotIn("edit_any_article", writer_perms)
        editor_perms = set(editor.permissions.values_list("codename", flat=True))
        self.assertTrue({"publish_article", "edit_any_article", "delete_article"} <= editor_perms)

    def test_create_account_makes_a_staff_member_with_one_role(self):
        out = StringIO()
        call_command(
            "create_account", "mina", "--role", "writer", "--name", "Mina Park", stdout=out
        )
        password = out.getvalue().split("password: ")[1].strip()
        self.assertTrue(sign_in("mina", password))
        call_command("create_account", "mina", "--role", "editor", stdout=StringIO())
        user = Group.objects.get(name=EDITOR).user_set.get()
        self.assertEqual(
            (user.username, user.get_full_name(), user.is_staff), ("mina", "Mina Park", True)
        )
        self.assertFalse(user.groups.filter(name=WRITER).exists())


class CreateAccountPasswordTests(TestCase):
    def test_an_existing_account_keeps_its_password_unless_asked(self):
        call_command("create_account", "mina", "--role", "writer", stdout=StringIO())
        out = StringIO()
        call_command("create_account", "mina", "--role", "writer", stdout=out)
        self.assertNotIn("password:", out.getvalue())
        call_command("create_account", "mina", "--role", "writer", "--reset-password", stdout=out)
        password = out.getvalue().split("password: ")[1].strip()
        self.assertTrue(sign_in("mina", password))


class ServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER)
        cls.other_writer = make_role_user(WRITER)
        cls.editor = make_role_user(EDITOR)

    def test_who_may_make_each_move(self):
        moves = [
            # (starting status, move, user, allowed)
            (S.DRAFT, article_submit, "writer", True),
            (S.DRAFT, article_submit, "other_writer", False),
            (S.DRAFT, article_publish, "writer", False),
            (S.IN_REVIEW, article_publish, "writer", False),
            (S.IN_REVIEW, article_return_to_draft, "writer", True),
            (S.PUBLISHED, article_unpublish, "writer", False),
            (S.DRAFT, article_submit, "editor", True),
            (S.DRAFT, article_publish, "editor", True),
            (S.IN_REVIEW, article_publish, "editor", True),
            (S.IN_REVIEW, article_return_to_draft, "editor", True),
            (S.PUBLISHED, article_unpublish, "editor", True),
            (S.UNPUBLISHED, article_return_to_draft, "editor", True),
            (S.UNPUBLISHED, article_publish, "editor", True),
        ]
        for status, move, who, allowed in moves:
            with self.subTest(status=status, move=move.__name__, who=who):
                article = ready_draft(author=self.writer)
                Article.objects.filter(pk=article.pk).update(status=status)
                article.refresh_from_db()
                if allowed:
                    move(article=article, by=getattr(self, who))
                else:
                    with self.assertRaises(PermissionDenied):
                        move(article=article, by=getattr(self, who))
                    article.refresh_from_db()
                    self.assertEqual(article.status, status)

    def test_impossible_moves_are_refused_for_everyone(self):
        article = ready_draft()
        with self.assertRaisesMessage(PermissionDenied, "cannot go from Draft to Unpublished"):
            article_unpublish(article=article, by=self.editor)

    def test_each_move_records_who_and_when(self):
        article = ready_draft(author=self.writer)
        at = now() + hours(3)
        article_submit(article=article, by=self.writer)
        article_publish(article=article, by=self.editor, at=at)
        steps = list(article.transitions.order_by("at", "pk"))
        self.assertEqual(
            [(s.from_status, s.to_status, s.by) for s in steps],
            [(S.DRAFT, S.IN_REVIEW, self.writer), (S.IN_REVIEW, S.PUBLISHED, self.editor)],
        )
        self.assertEqual(steps[1].publish_at, at)
        self.assertTrue(article.is_scheduled)
        self.assertEqual(article.state_label, "Scheduled")

    def test_publishing_runs_the_checks(self):
        article = make_draft(body="x")
        with self.assertRaises(ValidationError) as raised:
            article_publish(article=article, by=self.editor)
        self.assertIn("Link at least one artist.", raised.exception.messages)
        self.assertEqual(Article.objects.get(pk=article.pk).status, S.DRAFT)


class PublicationCheckTests(TestCase):
    def test_every_check_has_a_clear_message(self):
        article = make_draft(
            dek="",
            body="A paragraph long enough to count.\n\nA  paragraph long enough to count.",
            hero=make_picture(alt_text="", credit=""),
        )
        problems = publication_problems(article, now() - hours(2))
        self.assertEqual(
            problems,
            [
                "Write a standfirst (dek).",
                "Link at least one artist.",
                "The hero picture needs alt text (in the picture library).",
                "The hero picture needs a credit (in the picture library).",
                "This paragraph appears twice: “A paragraph long enough to count.…”",
                "The publication time is in the past; choose now or a later time.",
            ],
        )

    def test_a_clean_story_passes(self):
        article = ready_draft(hero=make_picture(alt_text="A card", credit="Agency"))
        self.assertEqual(publication_problems(article, now()), [])

    def test_repeats_are_found_despite_spacing_and_quote_style(self):
        body = '“We shot it in Paju,” he said.\n\nOther.\n\n"We shot it   in Paju," he said.'
        self.assertEqual(repeated_paragraph(body), '"We shot it in Paju," he said.')
        self.assertIsNone(repeated_paragraph("* * *\n\nText here.\n\n* * *"))


class AdminWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER)
        cls.other_writer = make_role_user(WRITER)
        cls.editor = make_role_user(EDITOR)
        cls.artist = make_artist()

    def change_url(self, article):
        return reverse("admin:articles_article_change", args=[article.pk])

    def form_data(self, article, **overrides):
        return change_form_data(self.client, article, **overrides)

    def test_a_writer_cannot_publish_with_a_crafted_form(self):
        article = ready_draft(author=self.writer)
        self.client.force_login(self.writer)
        data = self.form_data(
            article, status="published", published_at_0="2030-01-01", published_at_1="13:00:00"
        )
        response = self.client.post(self.change_url(article), data)
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertEqual((article.status, article.published_at), (S.DRAFT, None))

    def test_a_writer_cannot_run_editor_actions_with_a_crafted_post(self):
        article = ready_draft(author=self.writer)
        self.client.force_login(self.writer)
        self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_now", "_selected_action": [article.pk], "confirm": "yes"},
        )
        article.refresh_from_db()
        self.assertEqual(article.status, S.DRAFT)

    def test_writers_edit_only_their_own_drafts(self):
        own = ready_draft(author=self.writer)
        others = ready_draft(author=self.other_writer)
        in_review = ready_draft(author=self.writer)
        article_submit(article=in_review, by=self.writer)
        self.client.force_login(self.writer)
        self.assertEqual(
            self.client.post(self.change_url(own), self.form_data(own)).status_code, 302
        )
        for article in (others, in_review):
            with self.subTest(article=article.pk):
                response = self.client.post(
                    self.change_url(article), self.form_data(article, headline="Hijacked")
                )
                self.assertEqual(response.status_code, 403)
                article.refresh_from_db()
                self.assertNotEqual(article.headline, "Hijacked")

    def test_a_writer_submits_for_review_with_the_action(self):
        article = ready_draft(author=self.writer)
        self.client.force_login(self.writer)
        url = reverse("admin:articles_article_changelist")
        confirm = self.client.post(
            url, {"action": "submit_for_review", "_selected_action": [article.pk]}
        )
        self.assertContains(confirm, "Submit for review this story?")
        self.client.post(
            url, {"action": "submit_for_review", "_selected_action": [article.pk], "confirm": "yes"}
        )
        article.refresh_from_db()
        self.assertEqual(article.status, S.IN_REVIEW)

    def test_an_editor_publishes_schedules_and_unpublishes_with_actions(self):
        url = reverse("admin:articles_article_changelist")
        article = ready_draft(author=self.writer)
        self.client.force_login(self.editor)
        at = (now() + hours(30)).astimezone(dt.timezone(dt.timedelta(hours=9)))
        confirm = self.client.post(url, {"action": "schedule", "_selected_action": [article.pk]})
        self.assertContains(confirm, "Publication time (KST)")
        self.client.post(
            url,
            {
                "action": "schedule",
                "_selected_action": [article.pk],
                "confirm": "yes",
                "publish_at": at.strftime("%Y-%m-%dT%H:%M"),
            },
        )
        article.refresh_from_db()
        self.assertTrue(article.is_scheduled)
        self.assertEqual(article.published_at, at.replace(second=0, microsecond=0))
        self.client.post(
            url, {"action": "publish_now", "_selected_action": [article.pk], "confirm": "yes"}
        )
        article.refresh_from_db()
        self.assertTrue(article.is_published())
        self.client.post(
            url, {"action": "unpublish", "_selected_action": [article.pk], "confirm": "yes"}
        )
        article.refresh_from_db()
        self.assertEqual(article.status, S.UNPUBLISHED)
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 200)  # preview
        self.assertEqual(Client().get(article.get_absolute_url()).status_code, 404)

    def test_a_failed_check_is_reported_per_story_and_changes_nothing(self):
        article = make_draft("No artist yet", dek="Dek")
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish_now", "_selected_action": [article.pk], "confirm": "yes"},
            follow=True,
        )
        self.assertContains(response, "“No artist yet”: Link at least one artist.")
        article.refresh_from_db()
        self.assertEqual(article.status, S.DRAFT)

    def test_publishing_from_the_form_shows_problems_as_form_errors(self):
        article = make_draft("Form story", dek="")
        self.client.force_login(self.editor)
        response = self.client.post(
            self.change_url(article),
            self.form_data(
                article, status="published", published_at_0="2020-01-01", published_at_1="13:00:00"
            ),
        )
        self.assertEqual(response.status_code, 200)
        for message in (
            "Write a standfirst (dek).",
            "Link at least one artist.",
            "The publication time is in the past",
        ):
            self.assertContains(response, message)
        article.refresh_from_db()
        self.assertEqual(article.status, S.DRAFT)

    def test_the_change_page_shows_the_workflow_history(self):
        article = ready_draft(author=self.writer)
        article_submit(article=article, by=self.writer)
        self.client.force_login(self.editor)
        response = self.client.get(self.change_url(article))
        self.assertContains(response, "Workflow history")
        self.assertContains(response, "In review")


class WorkflowHistoryOnTheFormTests(TestCase):
    def test_the_story_form_lists_each_move_with_who_when_and_the_note(self):
        writer = make_role_user(WRITER, first_name="Hana")
        editor = make_role_user(EDITOR, first_name="Minji")
        article = ready_draft(author=writer)
        url = reverse("admin:articles_article_change", args=[article.pk])
        self.client.force_login(editor)
        self.assertContains(self.client.get(url), "No moves yet.")
        article_submit(article=article, by=writer, note="Ready when you are")
        article_return_to_draft(article=article, by=editor, note="Check the <dates>")
        page = self.client.get(url).content.decode()
        history = page[page.index('class="workflow-history"') :]
        returned, submitted = history.index("Minji:"), history.index("Hana:")
        self.assertLess(returned, submitted)  # newest first
        self.assertIn("“Check the &lt;dates&gt;”", history)  # escaped
        self.assertIn("“Ready when you are”", history)
        self.assertIn("KST", history)


class ScheduledGoesLiveOnTimeTests(TestCase):
    """With the clock frozen either side of 13:00:00 KST, every surface agrees."""

    def test_a_story_scheduled_for_1_pm_kst_is_public_at_1_pm_sharp(self):
        go_live = dt.datetime(2030, 5, 24, 4, 0, 0, tzinfo=dt.UTC)  # 13:00:00 KST
        artist = make_artist()
        story = make_article("On the stroke of one", artists=[artist], published_at=go_live)
        surfaces = [reverse("home"), reverse("articles:list"), artist.get_absolute_url()]
        for instant, visible in ((go_live - dt.timedelta(seconds=1), False), (go_live, True)):
            frozen = mock.patch("django.utils.timezone.now", return_value=instant)
            with frozen, self.subTest(instant=instant):
                status = self.client.get(story.get_absolute_url()).status_code
                self.assertEqual(status, 200 if visible else 404)
                for url in surfaces:
                    page = self.client.get(url).content.decode()
                    self.assertEqual("On the stroke of one" in page, visible, url)


class MoveSelectionTests(TestCase):
    """`articles_move`: what the story list's workflow actions do with a selection."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "editor")
        cls.writer = make_role_user(WRITER, "writer")

    def test_each_story_moves_on_its_own_and_is_reported(self):
        ready, live, unready = ready_draft(), make_article(), make_draft(dek="")
        moves = articles_move(articles=[ready, live, unready], to=S.PUBLISHED, by=self.editor)
        self.assertEqual(moves.moved, [ready])
        self.assertEqual(moves.already_live, [live])
        [(refused, reasons)] = moves.refused
        self.assertEqual(refused, unready)
        self.assertIn("Write a standfirst (dek).", reasons)
        self.assertTrue(Article.objects.get(pk=ready.pk).is_published())
        self.assertEqual(Article.objects.get(pk=unready.pk).status, S.DRAFT)

    def test_a_time_reschedules_even_a_live_story(self):
        live = ready_draft()
        article_publish(article=live, by=self.editor)
        moves = articles_move(
            articles=[live], to=S.PUBLISHED, by=self.editor, publish_at=now() + hours(2)
        )
        self.assertEqual(moves.moved, [live])
        self.assertTrue(Article.objects.get(pk=live.pk).is_scheduled)

    def test_a_writer_is_refused_in_words(self):
        moves = articles_move(articles=[ready_draft()], to=S.PUBLISHED, by=self.writer)
        self.assertEqual(moves.moved, [])
        [(_, reasons)] = moves.refused
        self.assertIn("Only editors can publish, schedule or unpublish stories.", reasons)


class SimultaneousMoveTests(TestCase):
    """Two editors move the same story from two screens: exactly one move happens."""

    @classmethod
    def setUpTestData(cls):
        cls.hana = make_role_user(EDITOR, "hana", first_name="Hana")
        cls.jiwoo = make_role_user(EDITOR, "jiwoo", first_name="Jiwoo")
        cls.story = make_draft("Comeback confirmed", artists=[make_artist()], dek="A standfirst.")

    def test_the_second_move_is_refused_and_told_whose_came_first(self):
        on_hanas_screen = Article.objects.get(pk=self.story.pk)
        on_jiwoos_screen = Article.objects.get(pk=self.story.pk)
        article_transition(article=on_hanas_screen, to=S.PUBLISHED, by=self.hana)
        with self.assertRaises(ValidationError) as refused:
            article_transition(
                article=on_jiwoos_screen, to=S.PUBLISHED, by=self.jiwoo,
                publish_at=timezone.now() + dt.timedelta(days=1),
            )  # fmt: skip
        self.assertIn("Hana moved this story to “Published” at", refused.exception.messages[0])
        self.story.refresh_from_db()
        self.assertTrue(self.story.is_published())  # now, as Hana chose, not tomorrow
        self.assertEqual(self.story.transitions.count(), 1)

    def test_the_list_action_reports_the_refusal_for_that_story(self):
        seen_earlier = list(Article.objects.filter(pk=self.story.pk))
        article_transition(
            article=Article.objects.get(pk=self.story.pk), to=S.IN_REVIEW, by=self.hana
        )
        tomorrow = timezone.now() + dt.timedelta(days=1)
        moves = articles_move(
            articles=seen_earlier, to=S.PUBLISHED, by=self.jiwoo, publish_at=tomorrow
        )
        self.assertEqual(moves.moved, [])
        self.assertIn("Hana moved this story to “In review”", moves.refused[0][1][0])


@unittest.skipUnless(connection.vendor == "postgresql", "row locks need PostgreSQL")
class MovesAtTheSameMomentTests(TransactionTestCase):
    """Publish now and Schedule pressed at the same moment on two screens, for real: two
    threads, two database connections."""

    def test_exactly_one_of_two_simultaneous_moves_happens(self):
        hana = make_role_user(EDITOR, "hana", first_name="Hana")
        jiwoo = make_role_user(EDITOR, "jiwoo", first_name="Jiwoo")
        artist = make_artist()
        tomorrow = timezone.now() + dt.timedelta(days=1)
        for trial in range(10):
            story = make_draft(f"Trial {trial}", artists=[artist], dek="A standfirst.")
            start = threading.Barrier(2)
            outcomes = []

            def press(by, publish_at, story=story, start=start, outcomes=outcomes):
                seen = list(Article.objects.filter(pk=story.pk))  # the screen, opened earlier
                start.wait()
                try:
                    moves = articles_move(
                        articles=seen, to=S.PUBLISHED, by=by, publish_at=publish_at
                    )
                    outcomes.append((by.username, bool(moves.moved)))
                finally:
                    connection.close()

            threads = [
                threading.Thread(target=press, args=(hana, None)),
                threading.Thread(target=press, args=(jiwoo, tomorrow)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            with self.subTest(trial=trial):
                self.assertEqual(sorted(moved for _, moved in outcomes), [False, True])
                self.assertEqual(story.transitions.count(), 1)
                winner = next(name for name, moved in outcomes if moved)
                story.refresh_from_db()
                self.assertEqual(story.is_published(), winner == "hana")


class ProposedHeadlineTests(TestCase):
    """A headline the copy desk drew from the lead is confirmed or rewritten by an editor
    before the story goes out: rewriting it, or ticking "Keep the proposed headline"."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)

    def setUp(self):
        self.story = ready_draft(headline="NOVA9 rode a night train for Blue Hour")
        Article.objects.filter(pk=self.story.pk).update(headline_proposed=True)
        self.story.refresh_from_db()
        self.url = reverse("admin:articles_article_change", args=[self.story.pk])
        self.client.force_login(self.editor)

    def publish(self, **overrides):
        data = change_form_data(self.client, self.story, _move="publish", **overrides)
        response = self.client.post(self.url, data)
        self.story.refresh_from_db()
        return response

    def test_a_proposed_headline_cannot_be_published(self):
        self.assertEqual(
            publication_problems(self.story, now()),
            ["Confirm or rewrite the headline the copy desk proposed."],
        )
        with self.assertRaisesMessage(ValidationError, "Confirm or rewrite the headline"):
            article_publish(article=self.story, by=self.editor)

    def test_the_form_shows_the_proposal_beside_the_headline(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Proposed by the copy desk.")
        self.assertContains(response, 'name="keep_proposed_headline"')
        self.assertContains(response, "Keep the proposed headline")
        self.story.headline_proposed = False
        self.story.save()
        self.assertNotContains(self.client.get(self.url), "keep_proposed_headline")

    def test_publishing_without_checking_it_is_refused(self):
        response = self.publish()
        self.assertContains(response, "Confirm or rewrite the headline the copy desk proposed.")
        self.assertEqual((self.story.status, self.story.headline_proposed), (S.DRAFT, True))

    def test_keeping_it_confirms_it_and_the_story_publishes(self):
        self.assertEqual(self.publish(keep_proposed_headline="on").status_code, 302)
        self.assertEqual((self.story.status, self.story.headline_proposed), (S.PUBLISHED, False))
        self.assertEqual(self.story.headline, "NOVA9 rode a night train for Blue Hour")

    def test_rewriting_it_confirms_it(self):
        response = self.publish(headline="NOVA9 shot Blue Hour in one night")
        self.assertEqual(response.status_code, 302)
        self.assertEqual((self.story.status, self.story.headline_proposed), (S.PUBLISHED, False))

    def test_a_save_that_neither_rewrites_nor_keeps_it_leaves_it_proposed(self):
        data = change_form_data(self.client, self.story, dek="A new standfirst.")
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.story.refresh_from_db()
        self.assertEqual(self.story.dek, "A new standfirst.")
        self.assertTrue(self.story.headline_proposed)
