"""The admin site's byline picker: every member of the desk may sign a story, by name."""

from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from newsroom.roles import EDITOR, WRITER
from tests.factories import make_artist, make_role_user, make_user


class BylinePickerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER, "writer", first_name="Hana")
        cls.editor = make_role_user(EDITOR, "editor", first_name="Jiwoo")
        cls.colleague = make_user("seo.min@example.com", staff=True)
        cls.colleague.first_name, cls.colleague.last_name = "Min", "Seo"
        cls.colleague.email = "seo.min@example.com"
        cls.colleague.save()
        cls.former = make_user("former", staff=True)
        cls.former.first_name, cls.former.is_active = "Minji", False
        cls.former.save()
        cls.reader = make_user("reader-min")  # not staff
        cls.rm = make_artist("RM")

    def pick(self, term, field="authors"):
        return self.client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "articles", "model_name": "article", "field_name": field},
        )

    def test_writers_and_editors_find_colleagues_by_name(self):
        for user in (self.writer, self.editor):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.pick("min seo")
                self.assertEqual(response.status_code, 200)
                results = response.json()["results"]
                self.assertEqual(results, [{"id": str(self.colleague.pk), "text": "Min Seo"}])

    def test_colleagues_of_one_name_are_told_apart(self):
        make_role_user(EDITOR, "hana.k", first_name="Hana")
        self.client.force_login(self.editor)
        offered = [result["text"] for result in self.pick("hana").json()["results"]]
        self.assertEqual(sorted(offered), ["Hana (hana.k)", "Hana (writer)"])

    def test_only_active_staff_are_offered_and_no_address_is_shown(self):
        self.client.force_login(self.writer)
        offered = [result["text"] for result in self.pick("min").json()["results"]]
        self.assertEqual(offered, ["Min Seo"])  # not the former colleague, not a reader
        self.assertNotIn("example.com", self.pick("").content.decode())

    def test_other_pickers_keep_their_own_permissions(self):
        self.client.force_login(self.writer)
        self.assertEqual(self.pick("RM", field="artists").status_code, 200)
        self.client.force_login(make_user("nobody", staff=True))
        self.assertEqual(self.pick("min").status_code, 403)

    def test_a_new_story_is_signed_by_its_writer_and_cannot_go_out_unsigned(self):
        self.client.force_login(self.editor)
        form = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(
            form, f'<option value="{self.editor.pk}" selected>Jiwoo (editor)</option>'
        )
        response = self.client.post(
            reverse("admin:articles_article_add"),
            {
                "headline": "Unsigned",
                "slug": "unsigned",
                "dek": "A standfirst.",
                "body": "Words.",
                "status": "published",
                "artists": [self.rm.pk],
            },
        )
        self.assertContains(response, "Add a byline: nobody is named as the story&#x27;s writer.")
        self.assertFalse(Article.objects.filter(slug="unsigned").exists())
