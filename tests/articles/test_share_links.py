import datetime as dt
import re
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ShareLink
from articles.services import article_trash, share_link_create
from newsroom.roles import EDITOR, WRITER
from tests.factories import hours, make_article, make_draft, make_role_user, now

INVALID = "This preview link is no longer valid"


class ShareLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)
        cls.writer = make_role_user(WRITER)
        cls.draft = make_draft("Embargoed comeback story", body="Secret tracklist.")

    def make_link_in_admin(self, hours_=72):
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_share", args=[self.draft.pk])
        response = self.client.post(url, {"hours": hours_})
        return re.search(
            r'id="share-url" type="text" readonly value="([^"]+)"', response.content.decode()
        )[1]

    def test_anyone_with_a_live_link_sees_the_current_draft_as_readers_will(self):
        url = self.make_link_in_admin()
        Article.objects.filter(pk=self.draft.pk).update(body_html="<p>Edited since.</p>")
        response = Client().get(url)
        self.assertContains(response, "Embargoed comeback story")
        self.assertContains(response, "Edited since.")
        self.assertContains(response, "Shared in confidence")
        self.assertContains(response, '<meta name="robots" content="noindex, nofollow">')
        self.assertNotContains(response, "Edit in the admin")
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.assertEqual(ShareLink.objects.get().open_count, 1)

    def test_links_expire_after_the_chosen_time(self):
        url = self.make_link_in_admin(hours_=1)
        link = ShareLink.objects.get()
        self.assertEqual(link.expires_at - link.created_at, dt.timedelta(hours=1))
        self.assertEqual(Client().get(url).status_code, 200)
        with mock.patch("django.utils.timezone.now", return_value=link.expires_at):
            response = Client().get(url)
        self.assertContains(response, INVALID, status_code=404)
        self.assertNotContains(response, "Embargoed", status_code=404)

    def test_the_default_lifetime_is_72_hours(self):
        link = share_link_create(article=self.draft, by=self.editor)
        self.assertEqual(link.expires_at - link.created_at, dt.timedelta(hours=72))

    def test_one_click_revokes_every_earlier_link(self):
        first, second = self.make_link_in_admin(), self.make_link_in_admin()
        self.client.post(
            reverse("admin:articles_article_share", args=[self.draft.pk]), {"revoke": "yes"}
        )
        for url in (first, second):
            self.assertContains(Client().get(url), INVALID, status_code=404)
        self.assertEqual(Client().get(self.make_link_in_admin()).status_code, 200)

    def test_the_share_page_shows_each_links_state(self):
        live = share_link_create(article=self.draft, by=self.editor)
        expired = share_link_create(article=self.draft, by=self.editor, hours=1)
        ShareLink.objects.filter(pk=expired.pk).update(expires_at=now() - hours(1))
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_share", args=[self.draft.pk])
        page = self.client.get(url).content.decode()
        self.assertEqual((page.count("<td>Live</td>"), page.count("<td>Expired</td>")), (1, 1))
        self.client.post(url, {"revoke": "yes"})
        page = self.client.get(url).content.decode()
        self.assertEqual((page.count("<td>Revoked</td>"), page.count("<td>Live</td>")), (1, 0))
        self.assertIsNotNone(ShareLink.objects.get(pk=live.pk).revoked_at)

    def test_tampered_or_invented_links_reveal_nothing(self):
        url = self.make_link_in_admin()
        token = url.rstrip("/").rsplit("/", 1)[1]
        key, signature = token.split(":")
        for bad in (f"{key}:{signature[:-1]}x", f"{key}x:{signature}", key, "anything"):
            with self.subTest(token=bad):
                response = Client().get(reverse("articles:shared", args=[bad]))
                self.assertContains(response, INVALID, status_code=404)
                self.assertNotContains(response, "Embargoed", status_code=404)
                self.assertIn("no-store", response["Cache-Control"])

    def test_a_trashed_story_cannot_be_previewed(self):
        url = self.make_link_in_admin()
        article_trash(article=self.draft, by=self.editor)
        self.assertContains(Client().get(url), INVALID, status_code=404)

    def test_only_editors_share(self):
        self.client.force_login(self.writer)
        url = reverse("admin:articles_article_share", args=[self.draft.pk])
        self.assertEqual(self.client.post(url, {"hours": 72}).status_code, 403)
        with self.assertRaises(PermissionDenied):
            share_link_create(article=self.draft, by=self.writer)
        self.assertFalse(ShareLink.objects.exists())

    def test_a_bad_lifetime_is_a_form_error(self):
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_share", args=[self.draft.pk])
        response = self.client.post(url, {"hours": 0})
        self.assertContains(response, "Ensure this value is greater than or equal to 1.")
        self.assertFalse(ShareLink.objects.exists())


class AsOfPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)
        cls.future = make_article("Goes out tomorrow", published_at=now() + hours(24))

    def test_editors_see_home_and_lists_as_they_will_be(self):
        self.client.force_login(self.editor)
        moment = timezone.localtime(now() + hours(25)).strftime("%Y-%m-%dT%H:%M")  # KST
        for url in (reverse("home"), reverse("articles:list")):
            with self.subTest(url=url):
                response = self.client.get(url, {"as_of": moment})
                self.assertContains(response, "Goes out tomorrow")
                self.assertContains(response, "the site as readers will see it at")
                self.assertIn("no-store", response["Cache-Control"])
                self.assertNotContains(self.client.get(url), "Goes out tomorrow")

    def test_readers_cannot_look_ahead(self):
        moment = timezone.localtime(now() + hours(25)).strftime("%Y-%m-%dT%H:%M")  # KST
        response = self.client.get(reverse("home"), {"as_of": moment})
        self.assertNotContains(response, "Goes out tomorrow")
        self.assertNotContains(response, "as readers will see it")
