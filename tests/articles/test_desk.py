from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from articles.services import article_return_to_draft, article_submit
from newsroom.roles import EDITOR, WRITER, assign_role
from tests.factories import byline_of, hours, make_article, make_draft, make_user, now


class EditorsDeskTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor, cls.writer = make_user(), make_user()
        assign_role(cls.editor, EDITOR)
        assign_role(cls.writer, WRITER)
        cls.mine = make_draft("My own draft", created_by=cls.editor)
        cls.bylined = make_draft("Draft with my byline")
        cls.bylined.set_bylines([byline_of(cls.editor)])
        cls.others = make_draft("Someone else's draft", created_by=cls.writer)
        cls.review = make_article("Waiting on an editor", status=Article.Status.IN_REVIEW)
        cls.soon = make_article("Goes out in two days", published_at=now() + hours(48))
        cls.later = make_article("Goes out next month", published_at=now() + hours(24 * 30))
        cls.out = make_article("Went out an hour ago")

    def desk(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("admin:index"))

    def test_the_desk_shows_each_queue(self):
        response = self.desk(self.editor)
        context = response.context
        self.assertEqual(set(context["my_drafts"]), {self.mine, self.bylined})
        self.assertEqual(list(context["in_review"]), [self.review])
        self.assertEqual(list(context["scheduled"]), [self.soon])
        self.assertIn(self.out, context["recent"])
        self.assertNotIn(self.soon, context["recent"])
        self.assertContains(response, "Scheduled, next 7 days")
        self.assertContains(response, " KST</strong>")

    def test_a_writer_sees_their_own_drafts(self):
        context = self.desk(self.writer).context
        self.assertEqual(list(context["my_drafts"]), [self.others])

    def test_the_desk_costs_a_fixed_number_of_queries(self):
        self.client.force_login(self.editor)
        self.client.get(reverse("admin:index"))
        for i in range(20):
            make_draft(f"Extra {i}", created_by=self.editor)
            make_article(f"Extra scheduled {i}", published_at=now() + hours(i + 1))
        # session, user, two permission queries, four queues, pictures whose licence ends
        # this week (none), recent actions
        with self.assertNumQueries(10):
            self.client.get(reverse("admin:index"))


class WritersDeskTests(TestCase):
    """A writer's front page is about their own stories, and shows an editor's return note."""

    @classmethod
    def setUpTestData(cls):
        cls.editor, cls.writer = make_user(), make_user()
        cls.editor.first_name = "Hana"
        cls.editor.save()
        assign_role(cls.editor, EDITOR)
        assign_role(cls.writer, WRITER)
        cls.returned = make_draft("Came back to me", created_by=cls.writer, dek="Dek")
        cls.returned.set_bylines([byline_of(cls.writer)])
        article_submit(article=cls.returned, by=cls.writer)
        article_return_to_draft(article=cls.returned, by=cls.editor, note="Check the tour dates.")
        cls.waiting = make_draft("Mine, in review", created_by=cls.writer)
        article_submit(article=cls.waiting, by=cls.writer)
        cls.someone_elses = make_article(
            "Someone else's, in review", status=Article.Status.IN_REVIEW
        )

    def test_the_writers_desk_is_titled_for_writers_and_lists_only_theirs(self):
        self.client.force_login(self.writer)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "<h1>Writer&#x27;s desk</h1>")
        self.assertContains(response, "Mine, waiting for an editor")
        self.assertEqual(list(response.context["in_review"]), [self.waiting])
        self.assertContains(response, "Returned by Hana:")
        self.assertContains(response, "Check the tour dates.")

    def test_an_editors_front_page_stays_the_editors_desk(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "<h1>Newsdesk</h1>")
        self.assertContains(response, "Editor's desk")
        self.assertNotContains(response, "Writer's desk")
