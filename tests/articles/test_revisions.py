from django.test import Client, SimpleTestCase, TestCase
from django.urls import reverse

from articles.diff import folded_diff, word_diff
from articles.models import Article
from newsroom.roles import EDITOR, WRITER
from tests.factories import change_form_data, make_artist, make_role_user


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


class WordDiffTests(SimpleTestCase):
    def test_removed_and_added_words_are_marked(self):
        html = word_diff("Shot over two days in Paju.", "Shot over three days in Paju.")
        self.assertEqual(html, "Shot over <del>two</del><ins>three</ins> days in Paju.")

    def test_markup_in_the_text_is_escaped(self):
        self.assertIn("&lt;script&gt;", word_diff("", "<script>"))


class FoldedDiffTests(SimpleTestCase):
    """A long body's difference shows what changed with a paragraph of context around it."""

    body = "\n\n".join(f"Paragraph {n} of the interview." for n in range(1, 31))

    def test_unchanged_paragraphs_are_folded_around_a_change(self):
        edited = self.body.replace("Paragraph 15 of", "Paragraph fifteen of")
        html = folded_diff(self.body, edited)
        self.assertIn("<del>15</del><ins>fifteen</ins>", html)
        self.assertIn("Paragraph 14 of", html)  # context on each side
        self.assertIn("Paragraph 16 of", html)
        self.assertNotIn("Paragraph 3 of", html)
        self.assertIn("… 13 unchanged paragraphs …", html)
        self.assertIn("… 14 unchanged paragraphs …", html)

    def test_added_and_removed_paragraphs_are_shown_whole(self):
        edited = self.body.replace("Paragraph 10 of the interview.\n\n", "")
        html = folded_diff(self.body, edited + "\n\nAnd a last word.")
        self.assertIn("<del>Paragraph 10 of the interview.</del>", html)
        self.assertIn("<ins>And a last word.</ins>", html)
        self.assertIn("… 8 unchanged paragraphs …", html)  # 1-8 before the removal
        self.assertIn("… 18 unchanged paragraphs …", html)  # 12-29 between the two

    def test_an_unchanged_body_is_one_line_and_text_stays_escaped(self):
        self.assertEqual(str(folded_diff(self.body, self.body)).count("unchanged"), 1)
        self.assertIn("&lt;b&gt;", folded_diff("<b>x</b>", "<b>y</b>"))


class RevisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR, "hana", "Hana")
        cls.writer = make_role_user(WRITER, "jae", "Jae")
        cls.artist = make_artist()

    def setUp(self):
        self.client.force_login(self.editor)
        self.client.post(
            reverse("admin:articles_article_add"),
            {
                "headline": "First headline",
                "slug": "story",
                "body": "Two days in Paju.",
                "status": "draft",
            },
        )
        self.article = Article.objects.get(slug="story")
        data = change_form_data(self.client, self.article)
        data.update(headline="Better headline", body="Three days in Paju.")
        self.client.post(reverse("admin:articles_article_change", args=[self.article.pk]), data)
        self.article.refresh_from_db()

    def test_every_save_is_kept_with_who_and_when(self):
        revisions = list(self.article.history.all())
        self.assertEqual([r.headline for r in revisions], ["Better headline", "First headline"])
        self.assertEqual({r.history_user for r in revisions}, {self.editor})

    def test_the_revisions_page_and_a_readable_diff(self):
        url = reverse("admin:articles_article_revisions", args=[self.article.pk])
        self.assertContains(self.client.get(url), "First headline")
        new, old = self.article.history.all()
        compare = reverse("admin:articles_article_compare", args=[self.article.pk])
        response = self.client.get(compare, {"a": new.history_id, "b": old.history_id})
        self.assertContains(response, "<del>Two</del><ins>Three</ins> days in Paju.")
        self.assertContains(response, "<del>First</del><ins>Better</ins> headline")

    def test_a_hand_edited_compare_address_is_a_404_not_a_crash(self):
        compare = reverse("admin:articles_article_compare", args=[self.article.pk])
        for query in ({"a": "x", "b": "1"}, {"a": "999999"}, {}):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(compare, query).status_code, 404)

    def test_restore_in_one_click_keeps_the_workflow_state(self):
        old = self.article.history.last()
        url = reverse("admin:articles_article_restore", args=[self.article.pk, old.history_id])
        response = self.client.post(url)
        self.assertRedirects(
            response, reverse("admin:articles_article_change", args=[self.article.pk])
        )
        self.article.refresh_from_db()
        self.assertEqual(
            (self.article.headline, self.article.body), ("First headline", "Two days in Paju.")
        )
        self.assertEqual(self.article.status, Article.Status.DRAFT)
        latest = self.article.history.first()
        self.assertTrue(latest.history_change_reason.startswith("Restored the version of"))
        self.assertEqual(self.article.history.count(), 3)  # the overwritten text is kept too

    def test_restoring_needs_edit_rights(self):
        old = self.article.history.last()
        url = reverse("admin:articles_article_restore", args=[self.article.pk, old.history_id])
        self.assertEqual(logged_in(self.writer).post(url).status_code, 403)
        self.article.refresh_from_db()
        self.assertEqual(self.article.headline, "Better headline")


class EditConflictTests(TestCase):
    """Two editors open the same story; the second save is refused and loses nothing."""

    @classmethod
    def setUpTestData(cls):
        cls.hana = make_role_user(EDITOR, "hana", "Hana")
        cls.jae = make_role_user(EDITOR, "jae", "Jae")
        cls.article = Article.objects.create(
            headline="MV review", slug="mv-review", dek="Dek", body="The video is long."
        )

    def test_the_second_save_is_refused_with_the_first_persons_changes(self):
        first, second = logged_in(self.hana), logged_in(self.jae)
        url = reverse("admin:articles_article_change", args=[self.article.pk])
        hana_form, jae_form = (
            change_form_data(first, self.article),
            change_form_data(second, self.article),
        )

        hana_form["body"] = "The video is short."
        self.assertEqual(first.post(url, hana_form).status_code, 302)

        jae_form["body"] = "The video is long, and worth it. Jae's careful paragraph."
        refused = second.post(url, jae_form)
        self.assertEqual(refused.status_code, 200)
        self.assertContains(refused, "Hana saved this story at")
        self.assertContains(refused, "<del>long</del><ins>short</ins>")
        self.assertContains(refused, "Jae&#x27;s careful paragraph.")  # still on the form
        self.article.refresh_from_db()
        self.assertEqual(self.article.body, "The video is short.")

        # Having seen the changes, saving again keeps Jae's version.
        again = dict(
            jae_form, base_version=refused.context["adminform"].form["base_version"].value()
        )
        self.assertEqual(second.post(url, again).status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(
            self.article.body, "The video is long, and worth it. Jae's careful paragraph."
        )

    def test_saving_twice_in_a_row_alone_is_not_a_conflict(self):
        client = logged_in(self.hana)
        url = reverse("admin:articles_article_change", args=[self.article.pk])
        for body in ("One.", "Two."):
            data = change_form_data(client, self.article)
            data["body"] = body
            self.assertEqual(client.post(url, data).status_code, 302)
            self.article.refresh_from_db()
        self.assertEqual(self.article.body, "Two.")


class RevisionEdgeTests(TestCase):
    def test_a_revision_saved_without_a_user_still_lists(self):
        editor = make_role_user(EDITOR, "hana", "Hana")
        article = Article.objects.create(headline="Saved by a script", slug="script", body="x")
        client = logged_in(editor)
        response = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
        self.assertContains(response, "Saved by a script")
        self.assertContains(response, '<td data-label="Who">—</td>')

    def test_line_endings_from_browsers_are_not_a_change(self):
        article = Article.objects.create(headline="H", slug="crlf", body="One.\n\nTwo.")
        article.body = "One.\r\n\r\nTwo."
        article.save()
        self.assertEqual(article.body, "One.\n\nTwo.")
        old, new = article.history.all()[1], article.history.all()[0]
        from articles.diff import compare

        self.assertFalse(any(changed for _, _, changed in compare(old, new)))
