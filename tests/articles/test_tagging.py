"""The tag box's suggestions: existing tags starting with what is typed, most used first."""

from django.test import TestCase
from django.urls import reverse

from newsroom.roles import WRITER
from tests.factories import make_article, make_role_user, make_user

URL = reverse("admin:articles_article_tag_suggestions")


class TagSuggestionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER, "jae", "Jae")
        for _ in range(3):
            make_article(tags=["Comeback stage"])
        make_article(tags=["comeback", "Jin comeback", "방탄소년단", "방송"])

    def suggested(self, prefix):
        self.client.force_login(self.writer)
        response = self.client.get(URL, {"q": prefix})
        self.assertEqual(response.status_code, 200)
        return response.json()["tags"]

    def test_tags_starting_with_the_text_in_any_case_most_used_first(self):
        self.assertEqual(self.suggested("COME"), ["Comeback stage", "comeback"])
        self.assertEqual(self.suggested("comeback s"), ["Comeback stage"])

    def test_hangul_prefixes(self):
        self.assertEqual(self.suggested("방"), ["방송", "방탄소년단"])
        self.assertEqual(self.suggested("방탄"), ["방탄소년단"])

    def test_only_the_start_of_a_tag_matches_and_nothing_for_nothing(self):
        self.assertEqual(self.suggested("back"), [])
        self.assertEqual(self.suggested("  "), [])

    def test_at_most_ten(self):
        make_article(tags=[f"tour {n:02d}" for n in range(12)])
        self.assertEqual(self.suggested("tour"), [f"tour {n:02d}" for n in range(10)])

    def test_only_for_staff_who_work_on_stories(self):
        self.assertRedirects(
            self.client.get(URL, {"q": "co"}),
            f"{reverse('admin:login')}?next={URL}%3Fq%3Dco",
        )
        self.client.force_login(make_user("reader"))
        self.assertEqual(self.client.get(URL, {"q": "co"}).status_code, 302)  # not staff
        self.client.force_login(make_user("it", staff=True))
        self.assertEqual(self.client.get(URL, {"q": "co"}).status_code, 403)

    def test_the_story_form_asks_for_suggestions(self):
        self.client.force_login(self.writer)
        response = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(response, f'data-suggestions="{URL}"')
        self.assertContains(response, 'name="tags"')
        self.assertContains(response, 'autocomplete="off"')
        self.assertContains(response, "articles/tags.js")
        self.assertContains(response, "articles/tags.css")
