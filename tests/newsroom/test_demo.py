import datetime as dt
import re
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client, TestCase
from django.urls import reverse

from articles import mostread
from articles.models import Article, Byline, Read
from articles.sitemaps import news_stories
from artists.models import Alias, Artist, Membership, Release, Track
from newsroom.management.commands.demo import Command as Demo
from tests.factories import sign_in


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("demo", stdout=StringIO())
        cls.output = StringIO()
        call_command("demo", stdout=cls.output)  # a second run adds nothing

    def test_loading_twice_creates_nothing_new(self):
        self.assertEqual(Article.objects.count(), 11)  # six about RM and BTS, five rookie
        self.assertEqual(Release.objects.count(), 4)
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
        self.assertEqual(len(mostread.on_home()), mostread.SHOWN)
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
        self.assertEqual(Article.everything.count(), 11)


KST = ZoneInfo("Asia/Seoul")
# Two days the demo is loaded on, at noon in Korea; the second six weeks after the first.
FIRST_DAY = dt.datetime(2031, 3, 14, 12, 0, tzinfo=KST)
LATER_DAY = FIRST_DAY + dt.timedelta(days=42)
ROOKIE_STORIES = {
    "tideglass-debut-announced",
    "tideglass-first-teaser",
    "tideglass-concept-photos",
    "tideglass-tracklist",
    "tideglass-member-guide",
}


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def load_demo(moment):
    with frozen(moment):
        call_command("demo", stdout=StringIO())


def vevents(ics):
    return re.findall(r"^BEGIN:VEVENT", ics, flags=re.MULTILINE)


class DemoRookieGroupTests(TestCase):
    """The made-up group keeps the demo's calendars, countdowns and news sitemap filled on
    whatever day the demo is loaded."""

    @classmethod
    def setUpTestData(cls):
        load_demo(FIRST_DAY)

    def test_the_group_is_fictional_with_five_members_and_their_names(self):
        group = Artist.objects.get(slug="tideglass")
        self.assertIn("fictional", group.bio)
        members = Membership.objects.filter(group=group)
        self.assertEqual([m.member.name for m in members], ["Haon", "Riu", "Dajun", "Sol", "Jaeon"])
        self.assertEqual(members[0].role, "Leader, vocalist")
        self.assertTrue(Alias.objects.filter(artist__slug="tideglass-haon", name="서하온").exists())
        self.assertTrue(Alias.objects.filter(artist=group, name="Tide Glass").exists())
        for slug in ROOKIE_STORIES:
            with self.subTest(slug=slug):
                self.assertIn("fictional group", Article.objects.get(slug=slug).body)

    def test_the_debut_is_in_sixteen_days_at_6_pm_kst_and_the_comeback_later(self):
        debut = Release.objects.get(slug="tideglass-low-tide-light")
        comeback = Release.objects.get(slug="tideglass-undertow")
        self.assertEqual(debut.release_at, dt.datetime(2031, 3, 30, 18, 0, tzinfo=KST))
        self.assertEqual(comeback.release_at, dt.datetime(2031, 6, 15, 18, 0, tzinfo=KST))
        self.assertEqual(debut.track_count, 3)
        self.assertEqual(comeback.track_count, 6)  # announced, no tracklist yet
        self.assertEqual(Artist.objects.get(slug="tideglass").debut_date, dt.date(2031, 3, 30))

    def test_the_calendar_and_coming_up_list_the_debut_and_the_comeback(self):
        with frozen(FIRST_DAY):
            calendar = Client().get(reverse("artists:calendar"))
            home = Client().get(reverse("home"))
        for title in ("Low Tide Light", "Undertow"):
            with self.subTest(title=title):
                self.assertContains(calendar, title)
                self.assertContains(home, title)

    def test_the_groups_calendar_has_both_events(self):
        with frozen(FIRST_DAY):
            url = reverse("artists:artist_ics", kwargs={"slug": "tideglass"})
            ics = Client().get(url).content.decode()
        self.assertEqual(len(vevents(ics)), 2)
        self.assertIn("DTSTART:20310330T090000Z", ics)  # 6 PM KST
        self.assertIn("TIDEGLASS — Low Tide Light (Single album)", ics)

    def test_the_news_sitemap_lists_the_last_two_days_of_stories(self):
        with frozen(FIRST_DAY):
            listed = [story.slug for story in news_stories()]
            sitemap = Client().get(reverse("news_sitemap"))
        self.assertEqual(
            listed, ["tideglass-tracklist", "tideglass-concept-photos", "tideglass-first-teaser"]
        )
        story = Article.objects.get(slug="tideglass-tracklist")
        self.assertContains(sitemap, story.get_absolute_url())

    def test_the_stories_are_dated_around_the_day_with_tomorrows_scheduled(self):
        def day(slug):
            return Article.objects.get(slug=slug).published_at.astimezone(KST).date()

        self.assertEqual(day("tideglass-debut-announced"), dt.date(2031, 3, 8))
        self.assertEqual(day("tideglass-concept-photos"), dt.date(2031, 3, 13))
        today = Article.objects.get(slug="tideglass-tracklist")
        self.assertEqual(today.published_at, dt.datetime(2031, 3, 14, 9, 0, tzinfo=KST))
        guide = Article.objects.get(slug="tideglass-member-guide")
        with frozen(FIRST_DAY):
            self.assertTrue(guide.is_scheduled)
            self.assertEqual(Client().get(guide.get_absolute_url()).status_code, 404)
        with frozen(FIRST_DAY + dt.timedelta(days=1)):
            self.assertEqual(Client().get(guide.get_absolute_url()).status_code, 200)

    def test_a_story_of_today_is_never_after_the_moment_the_demo_is_loaded(self):
        early = dt.datetime(2031, 3, 14, 7, 30, tzinfo=KST)
        load_demo(early)
        story = Article.objects.get(slug="tideglass-tracklist")
        self.assertEqual(story.published_at, early - dt.timedelta(minutes=5))
        with frozen(early):
            self.assertContains(Client().get(story.get_absolute_url()), story.headline)

    def test_loading_on_a_later_day_moves_the_dates_and_adds_nothing(self):
        models = (Article.everything, Release.objects, Artist.objects, Track.objects)
        counts = [manager.count() for manager in (*models, Alias.objects, Membership.objects)]
        before = {r.slug: r.release_at for r in Release.objects.all()}
        stories = dict(Article.everything.values_list("slug", "published_at"))
        load_demo(LATER_DAY)
        after = [manager.count() for manager in (*models, Alias.objects, Membership.objects)]
        self.assertEqual(after, counts)
        moved = {r.slug: r.release_at - before[r.slug] for r in Release.objects.all()}
        self.assertEqual(moved["tideglass-low-tide-light"], dt.timedelta(days=42))
        self.assertEqual(moved["tideglass-undertow"], dt.timedelta(days=42))
        self.assertEqual(moved["right-place-wrong-person"], dt.timedelta(0))  # as it happened
        shifts = {
            slug: at - stories[slug]
            for slug, at in Article.everything.values_list("slug", "published_at")
            if at  # the draft has no date to move
        }
        self.assertEqual(
            shifts,
            {slug: dt.timedelta(days=42 if slug in ROOKIE_STORIES else 0) for slug in shifts},
        )
        with frozen(LATER_DAY):
            calendar = Client().get(reverse("artists:calendar"))
            self.assertEqual(len(news_stories()), 3)
        self.assertContains(calendar, "Low Tide Light")
        self.assertContains(calendar, "Undertow")

    def test_today_can_be_given_and_a_wrong_day_is_refused_clearly(self):
        with frozen(FIRST_DAY):
            call_command("demo", "--today", "2031-05-01", stdout=StringIO())
        debut = Release.objects.get(slug="tideglass-low-tide-light")
        self.assertEqual(debut.release_at, dt.datetime(2031, 5, 17, 18, 0, tzinfo=KST))
        with self.assertRaisesMessage(CommandError, "“soon” is not a date like 2025-03-14."):
            call_command("demo", "--today", "soon", stdout=StringIO())
