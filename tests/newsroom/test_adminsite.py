"""The admin site's byline picker: every member of the desk may sign a story, by name, with
colleagues and contributors, in the order chosen."""

import re

from django.test import TestCase
from django.urls import reverse

from articles.models import Article, Byline
from newsroom.roles import EDITOR, WRITER
from tests.factories import byline_of, make_artist, make_byline, make_role_user, make_user


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
        cls.reader = make_user("reader-min")  # not staff: no byline
        cls.photographer = make_byline("Yuna Choi", kind=Byline.Kind.PHOTOGRAPHER)
        cls.rm = make_artist("RM")

    def pick(self, term, field="byline", model="articlebyline"):
        return self.client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "articles", "model_name": model, "field_name": field},
        )

    def offered(self, term):
        return [result["text"] for result in self.pick(term).json()["results"]]

    def test_writers_and_editors_find_colleagues_and_contributors_by_name(self):
        for user in (self.writer, self.editor):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.pick("min seo")
                self.assertEqual(response.status_code, 200)
                colleague = byline_of(self.colleague)
                expected = [{"id": str(colleague.pk), "text": "Min Seo (Staff)"}]
                self.assertEqual(response.json()["results"], expected)
                self.assertEqual(self.offered("choi"), ["Yuna Choi (Photographer)"])

    def test_colleagues_of_one_name_are_told_apart(self):
        make_role_user(EDITOR, "hana.k", first_name="Hana")
        self.client.force_login(self.editor)
        self.assertEqual(sorted(self.offered("hana")), ["Hana (Staff)", "Hana (Staff, hana-2)"])

    def test_only_bylines_that_may_sign_are_offered_and_no_address_is_shown(self):
        self.client.force_login(self.writer)
        # Not the former colleague, not a reader.
        self.assertEqual(self.offered("min"), ["Min Seo (Staff)"])
        everyone = self.pick("").content.decode()
        self.assertNotIn("example.com", everyone)
        self.assertNotIn("@", everyone)

    def test_other_pickers_keep_their_own_permissions(self):
        self.client.force_login(self.writer)
        self.assertEqual(self.pick("RM", field="artists", model="article").status_code, 200)
        self.client.force_login(make_user("nobody", staff=True))
        self.assertEqual(self.pick("min").status_code, 403)

    def test_a_new_story_is_signed_by_its_writer_and_cannot_go_out_unsigned(self):
        self.client.force_login(self.editor)
        form = self.client.get(reverse("admin:articles_article_add"))
        own = byline_of(self.editor)
        self.assertContains(form, f'<option value="{own.pk}" selected>Jiwoo (Staff)</option>')
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

    def test_bylines_keep_the_order_chosen(self):
        self.client.force_login(self.editor)
        own, colleague = byline_of(self.editor), byline_of(self.colleague)
        order = [self.photographer, own, colleague]
        response = self.client.post(
            reverse("admin:articles_article_add"),
            {
                "headline": "Shot in Paju",
                "slug": "shot-in-paju",
                "body": "Words.",
                "status": "draft",
                "bylines": [b.pk for b in order],
            },
        )
        self.assertEqual(response.status_code, 302)
        story = Article.objects.get(slug="shot-in-paju")
        self.assertEqual(story.bylines_in_order, order)
        form = self.client.get(reverse("admin:articles_article_change", args=[story.pk]))
        shown = re.findall(r'<option value="(\d+)" selected>', form.content.decode())
        self.assertEqual(shown, [str(b.pk) for b in order])


class ContributorFromTheStoryFormTests(TestCase):
    """A writer meets a freelancer on a shoot and signs the story with them."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER, "writer", first_name="Hana")
        cls.editor = make_role_user(EDITOR, "editor", first_name="Jiwoo")
        cls.add_url = reverse("admin:articles_byline_add")

    def test_writers_get_the_add_button_and_add_a_contributor(self):
        self.client.force_login(self.writer)
        form = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(form, 'id="add_id_bylines"')
        popup = self.client.get(self.add_url, {"_popup": 1, "_to_field": "id"})
        self.assertNotContains(popup, 'name="user"')  # no account to link
        self.assertNotContains(popup, 'value="staff"')
        response = self.client.post(
            self.add_url + "?_popup=1&_to_field=id",
            {
                "name": "Yuna Choi",
                "slug": "yuna-choi",
                "kind": "photographer",
                "links": "https://example.com/yuna",
                "_popup": "1",
                "_to_field": "id",
            },
        )
        self.assertContains(response, "data-popup-response")
        yuna = Byline.objects.get(slug="yuna-choi")
        self.assertIsNone(yuna.user)

    def test_writers_cannot_make_a_staff_byline_or_change_one(self):
        self.client.force_login(self.writer)
        refused = self.client.post(self.add_url, {"name": "Me too", "slug": "me", "kind": "staff"})
        self.assertContains(refused, "Select a valid choice")
        colleague = make_user("seo.min@example.com", staff=True)
        page = self.client.get(reverse("admin:articles_byline_change", args=[colleague.byline.pk]))
        self.assertNotContains(page, "example.com")  # the account is not shown to writers
        own = byline_of(self.writer)
        change = reverse("admin:articles_byline_change", args=[own.pk])
        self.client.post(change, {"name": "Renamed", "slug": own.slug, "kind": "staff"})
        own.refresh_from_db()
        self.assertEqual(own.name, "Hana")

    def test_editors_link_accounts(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(self.add_url), 'name="user"')
