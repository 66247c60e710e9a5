from django.test import TestCase
from django.urls import reverse

from articles.models import FormerSlug
from articles.services import article_slug_changed
from tests.factories import change_form_data, make_article, make_draft, make_user


def rename(article, slug):
    old = article.slug
    article.slug = slug
    article.save()
    article_slug_changed(article=article, old_slug=old)


class SlugRedirectTests(TestCase):
    def test_an_old_address_redirects_permanently_to_the_new_one(self):
        story = make_article(slug="rm-teaser-typo")
        rename(story, "rm-teaser")
        rename(story, "rm-come-back-to-me-teaser")
        for old in ("/news/rm-teaser-typo/", "/news/rm-teaser/"):
            with self.subTest(old=old):
                response = self.client.get(old)
                self.assertRedirects(response, "/news/rm-come-back-to-me-teaser/", status_code=301)

    def test_taking_an_old_name_back_leaves_no_loop(self):
        story = make_article(slug="first")
        rename(story, "second")
        rename(story, "first")
        self.assertEqual(list(FormerSlug.objects.values_list("slug", flat=True)), ["second"])
        self.assertEqual(self.client.get("/news/first/").status_code, 200)

    def test_a_live_story_wins_over_another_storys_old_address(self):
        old_story = make_article(slug="shared-name")
        rename(old_story, "renamed")
        new_story = make_article("New story", slug="shared-name")
        self.assertContains(self.client.get("/news/shared-name/"), "New story")
        self.assertEqual(new_story.slug, "shared-name")

    def test_a_drafts_old_address_reveals_nothing_to_readers(self):
        draft = make_draft(slug="secret-old")
        rename(draft, "secret-new")
        self.assertEqual(self.client.get("/news/secret-old/").status_code, 404)
        self.client.force_login(make_user(superuser=True))
        self.assertRedirects(
            self.client.get("/news/secret-old/"),
            "/news/secret-new/",
            status_code=301,
            target_status_code=200,
        )

    def test_renaming_in_the_admin_records_the_old_address(self):
        story = make_article(slug="admin-old", dek="Dek")
        self.client.force_login(make_user(superuser=True))
        url = reverse("admin:articles_article_change", args=[story.pk])
        data = change_form_data(self.client, story, slug="admin-new")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertRedirects(
            self.client.get("/news/admin-old/"), "/news/admin-new/", status_code=301
        )
