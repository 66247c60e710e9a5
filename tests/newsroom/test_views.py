from django.test import TestCase
from django.urls import reverse

from tests.factories import hours, make_article, make_artist, make_release, now


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.older = make_article("Older story", published_at=now() - hours(5))
        cls.newest = make_article("Newest story", published_at=now() - hours(1))
        cls.soon = make_release(
            "Coming soon", artists=[make_artist("RM")], release_at=now() + hours(48)
        )
        cls.past = make_release("Already out")

    def test_the_newest_story_leads_and_the_rest_follow(self):
        response = self.client.get(reverse("home"))
        self.assertEqual(response.context["lead"], self.newest)
        self.assertEqual(list(response.context["latest"]), [self.older])
        self.assertContains(response, '<article class="card card--lead">', count=1)

    def test_upcoming_releases_only(self):
        response = self.client.get(reverse("home"))
        self.assertEqual(list(response.context["upcoming"]), [self.soon])
        self.assertContains(response, "Coming soon")
        self.assertNotContains(response, "Already out")

    def test_an_empty_site_still_renders(self):
        self.older.delete()
        self.newest.delete()
        self.assertContains(self.client.get(reverse("home")), "No stories yet.")


class FaviconTests(TestCase):
    def test_browsers_asking_for_favicon_ico_get_the_site_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].endswith("newsroom/icon.svg"))
