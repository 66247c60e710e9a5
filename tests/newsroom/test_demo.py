from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from articles import mostread
from articles.models import Article, Byline, Read
from artists.models import Alias, Artist, Release
from newsroom.management.commands.demo import Command as Demo
from tests.factories import sign_in


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("demo", stdout=StringIO())
        cls.output = StringIO()
        call_command("demo", stdout=cls.output)  # a second run adds nothing

    def test_loading_twice_creates_nothing_new(self):
        self.assertEqual(Article.objects.count(), 6)
        self.assertEqual(Release.objects.count(), 2)
        self.assertEqual(Artist.objects.filter(slug="rm").count(), 1)
        self.assertEqual(Release.objects.get(slug="right-place-wrong-person").tracks.count(), 11)

    def test_demo_stories_carry_contributors_without_accounts(self):
        self.assertEqual(Byline.objects.count(), 3)  # the editor's, and two loaded twice
        video = Article.objects.get(slug="inside-come-back-to-me-music-video")
        signed = [(b.name, b.kind, b.user_id is None) for b in video.bylines_in_order]
        self.assertEqual(
            signed, [("Hana Seo", "staff", False), ("Yuna Choi", "photographer", True)]
        )
        self.assertContains(self.client.get(video.get_absolute_url()), "Yuna Choi</a>")
        outlet = Byline.objects.get(slug="han-river-beat")
        self.assertEqual(outlet.kind, Byline.Kind.PARTNER)
        self.assertContains(self.client.get(outlet.get_absolute_url()), "BTS marks 11 years")

    def test_the_facts_are_there(self):
        rm = Artist.objects.get(slug="rm")
        self.assertEqual(rm.birth_name, "Kim Namjoon")
        self.assertTrue(Alias.objects.filter(artist=rm, name="김남준").exists())
        self.assertEqual(rm.agency.name, "BIGHIT MUSIC")
        self.assertEqual(rm.memberships.get().group.name, "BTS")
        single = Release.objects.get(slug="come-back-to-me")
        self.assertEqual(single.parent_album.title, "Right Place, Wrong Person")
        self.assertEqual(
            single.parent_album.release_at.isoformat(), "2024-05-24T04:00:00+00:00"
        )  # 1 PM KST

    def test_the_releases_have_links_that_pass_the_forms_checks(self):
        album = Release.objects.get(slug="right-place-wrong-person")
        single = Release.objects.get(slug="come-back-to-me")
        self.assertEqual(album.links.count(), 6)  # loaded twice, kept once
        self.assertEqual([link.is_shop for link in album.links.all()], [False] * 4 + [True] * 2)
        self.assertFalse(any(link.is_shop for link in single.links.all()))
        for link in [*album.links.all(), *single.links.all()]:
            with self.subTest(link=link):
                link.full_clean()
        page = self.client.get(album.get_absolute_url())
        self.assertContains(page, 'id="listen-heading"')
        self.assertContains(page, 'id="buy-heading"')

    def test_the_anniversary_story_shows_its_social_posts_as_cards_until_fetched(self):
        story = Article.objects.get(slug="bts-11th-anniversary")
        page = self.client.get(story.get_absolute_url())
        self.assertContains(page, '<span class="link-card__platform">X</span>')
        self.assertContains(page, '<span class="link-card__platform">Weverse</span>')
        self.assertContains(page, 'href="https://weverse.io/bts/artist"')

    def test_the_printed_credentials_log_in(self):
        lines = dict(
            line.strip().split(": ", 1)
            for line in self.output.getvalue().splitlines()
            if line.strip().startswith(("username", "password"))
        )
        self.assertTrue(sign_in(lines["username"], lines["password"]))
        self.assertTrue(get_user_model().objects.get(username="editor").is_staff)

    def test_release_page_lists_both_published_stories_and_no_draft(self):
        single = Release.objects.get(slug="come-back-to-me")
        response = self.client.get(single.get_absolute_url())
        mv_stories = Article.objects.published().filter(releases=single)
        self.assertEqual(mv_stories.count(), 2)
        for story in mv_stories:
            self.assertContains(response, story.get_absolute_url())

    def test_each_story_links_to_the_other_under_more_on(self):
        first, second = Article.objects.published().filter(releases__slug="come-back-to-me")
        for story, other in ((first, second), (second, first)):
            response = self.client.get(story.get_absolute_url())
            self.assertContains(response, "More on Come Back to Me")
            self.assertContains(response, f'href="{other.get_absolute_url()}"')

    def test_the_demo_comes_with_readers_for_the_most_read_lists(self):
        seeded = Read.objects.count()
        self.assertGreater(seeded, 0)
        Demo().reads()  # as loading it once more would: each reader once an hour
        self.assertEqual(Read.objects.count(), seeded)
        self.assertEqual(len(mostread.on_home()), Article.objects.published().count())
        rm = Artist.objects.get(slug="rm")
        self.assertTrue(mostread.about_artist(rm))
        self.assertContains(self.client.get(reverse("home")), 'id="most-read-heading"')

    def test_the_draft_appears_nowhere_for_a_reader(self):
        draft = Article.objects.get(status=Article.Status.DRAFT)
        urls = [
            reverse("home"),
            reverse("articles:list"),
            reverse("artists:list"),
            reverse("artists:releases"),
        ]
        urls += [a.get_absolute_url() for a in Article.objects.published()]
        urls += [a.get_absolute_url() for a in Artist.objects.all()]
        urls += [r.get_absolute_url() for r in Release.objects.all()]
        urls += [reverse("articles:tag", args=[slug]) for slug in ("album", "music-video")]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, draft.headline)
                self.assertNotContains(response, draft.get_absolute_url())
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)

    def test_every_name_of_rm_and_the_album_finds_the_demo_stories(self):
        about_rm_and_album = {
            "rm-come-back-to-me-release-date",
            "inside-come-back-to-me-music-video",
            "rm-right-place-wrong-person-out-now",
            "right-place-wrong-person-release-day-live",
        }
        for q in ["김남준", "Kim Namjoon", "Right Place Wrong Person"]:
            with self.subTest(q=q):
                response = Client().get(reverse("search"), {"q": q})
                found = {a.slug for a in response.context["page_obj"]}
                self.assertEqual(found, about_rm_and_album)
                self.assertNotContains(response, "at his most restless")  # the draft review


class DemoLiveCoverageTests(TestCase):
    def test_the_release_day_is_ended_live_coverage_with_its_entries_once(self):
        call_command("demo", stdout=StringIO())
        call_command("demo", stdout=StringIO())
        story = Article.objects.get(slug="right-place-wrong-person-release-day-live")
        self.assertEqual(story.live, "ended")
        self.assertEqual(story.live_entries.count(), 6)
        self.assertEqual(story.live_entries.filter(key_moment=True).count(), 2)
        page = Client().get(story.get_absolute_url())
        self.assertContains(page, "Key moments")
        self.assertContains(page, "LiveBlogPosting")


class DemoAfterTrashTests(TestCase):
    def test_reloading_the_demo_survives_a_trashed_demo_story(self):
        call_command("demo", stdout=StringIO())
        story = Article.objects.get(slug="bts-11th-anniversary")
        Article.objects.filter(pk=story.pk).update(deleted_at=story.published_at)
        call_command("demo", stdout=StringIO())
        self.assertEqual(Article.everything.filter(slug="bts-11th-anniversary").count(), 1)
        self.assertEqual(Article.everything.count(), 6)
