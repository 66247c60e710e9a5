from django.test import Client, TestCase
from django.urls import reverse

from articles.models import Article, TrashedArticle
from articles.services import article_trash
from newsroom.roles import EDITOR, WRITER
from tests.factories import make_article, make_artist, make_draft, make_role_user, make_user


class TrashTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)
        cls.writer = make_role_user(WRITER)
        cls.superuser = make_user(superuser=True)
        cls.artist = make_artist()

    def trash_via_admin(self, user, article):
        client = Client()
        client.force_login(user)
        url = reverse("admin:articles_article_delete", args=[article.pk])
        confirm = client.get(url)
        response = client.post(url, {"post": "yes"})
        return confirm, response

    def test_deleting_moves_a_story_to_the_trash_and_off_the_site(self):
        story = make_article("Live story", artists=[self.artist])
        confirm, response = self.trash_via_admin(self.editor, story)
        self.assertContains(confirm, "Move to the trash?")
        self.assertEqual(response.status_code, 302)
        story = Article.everything.get(pk=story.pk)
        self.assertEqual(story.deleted_by, self.editor)
        self.assertFalse(story.is_published())
        self.assertNotIn(story, Article.objects.all())
        self.assertNotIn(story, Article.everything.published())
        self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 404)
        for url in (reverse("home"), reverse("articles:list"), self.artist.get_absolute_url()):
            self.assertNotContains(self.client.get(url), "Live story")

    def test_the_desk_is_told_the_story_is_in_the_trash_not_deleted(self):
        story = make_article("Live story", artists=[self.artist])
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_delete", args=[story.pk])
        page = self.client.post(url, {"post": "yes"}, follow=True)
        self.assertContains(page, "“Live story” is in the trash: an editor can restore it")
        self.assertNotContains(page, "deleted")

    def test_moving_several_stories_says_how_many_are_in_the_trash(self):
        stories = [make_draft(created_by=self.writer) for _ in range(2)]
        self.client.force_login(self.writer)
        chosen = {"action": "delete_selected", "_selected_action": [s.pk for s in stories]}
        changelist = reverse("admin:articles_article_changelist")
        confirm = self.client.post(changelist, chosen)
        self.assertContains(confirm, "Move to the trash?")
        page = self.client.post(changelist, {**chosen, "post": "yes"}, follow=True)
        self.assertContains(page, "2 stories are in the trash: an editor can restore them")
        self.assertNotContains(page, "deleted")
        self.assertEqual(TrashedArticle.objects.trashed().count(), 2)

    def test_a_writer_cannot_trash_another_writers_draft_among_their_own(self):
        own, others = make_draft(created_by=self.writer), make_draft(created_by=self.editor)
        self.client.force_login(self.writer)
        chosen = {"action": "delete_selected", "_selected_action": [own.pk, others.pk]}
        changelist = reverse("admin:articles_article_changelist")
        response = self.client.post(changelist, {**chosen, "post": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(TrashedArticle.objects.trashed().count(), 0)

    def test_a_writer_can_trash_their_own_draft_only(self):
        own = make_draft(created_by=self.writer)
        others = make_draft(created_by=self.editor)
        self.trash_via_admin(self.writer, own)
        self.assertIsNotNone(Article.everything.get(pk=own.pk).deleted_at)
        _, response = self.trash_via_admin(self.writer, others)
        self.assertEqual(response.status_code, 403)
        self.assertIsNone(Article.everything.get(pk=others.pk).deleted_at)

    def test_editors_restore_from_the_trash(self):
        story = make_article("Back again")
        article_trash(article=story, by=self.editor)
        self.client.force_login(self.editor)
        url = reverse("admin:articles_trashedarticle_changelist")
        self.assertContains(self.client.get(url), "Back again")
        self.client.post(url, {"action": "restore", "_selected_action": [story.pk]})
        story.refresh_from_db()
        self.assertIsNone(story.deleted_at)
        self.assertTrue(story.is_published())

    def test_writers_cannot_open_the_trash(self):
        self.client.force_login(self.writer)
        url = reverse("admin:articles_trashedarticle_changelist")
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_only_a_superuser_empties_the_trash(self):
        story = make_draft("Gone for good")
        article_trash(article=story, by=self.editor)
        url = reverse("admin:articles_trashedarticle_changelist")
        data = {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"}
        self.client.force_login(self.editor)
        self.client.post(url, data)
        self.assertTrue(TrashedArticle.objects.filter(pk=story.pk).exists())
        self.client.force_login(self.superuser)
        self.client.post(url, data)
        self.assertFalse(Article.everything.filter(pk=story.pk).exists())

    def test_a_trashed_storys_slug_stays_taken(self):
        story = make_draft("Taken", slug="taken")
        article_trash(article=story, by=self.editor)
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:articles_article_add"),
            {"headline": "New", "slug": "taken", "body": "x", "status": "draft"},
        )
        self.assertContains(response, "Story with this Slug already exists.")
        self.assertEqual(make_article("Taken", slug="").slug, "taken-2")
