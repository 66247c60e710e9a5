"""Most read: the daily rollup, the lists on the home, artist and release pages, and what they
cost. Reads are counted as the endpoint counts them (articles.counting.count_read), in Redis
where CACHE_URL names it, else in the database."""

import datetime as dt
import io
import time

from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles import counting, mostread
from articles.models import Article, DailyReads, DailySource, Read, ReadDay, ReadSalt
from articles.services import article_trash, article_unpublish
from newsroom.cache import page_key
from newsroom.roles import EDITOR
from newsroom.views import home
from tests.factories import (
    make_article,
    make_artist,
    make_group,
    make_membership,
    make_release,
    make_role_user,
)

_readers = iter(range(10**9))


def noon(days_ago=0):
    """Noon in Korea, `days_ago` days before today."""
    return timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0) - dt.timedelta(
        days=days_ago
    )


def read(story, readers=1, at=None, kind="direct", source=""):
    """`readers` different readers of `story` in the hour of `at` (now)."""
    for _ in range(readers):
        counting.count_read(
            article_id=story.pk, reader=f"r{next(_readers)}", kind=kind, source=source, now=at
        )


class RollupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Comeback date set", published_at=noon(3))
        cls.other = make_article("Teaser out", published_at=noon(3))

    def test_each_day_gets_its_readers_and_where_they_came_from(self):
        yesterday, today = noon(1), noon(0)
        read(self.story, 3, yesterday, "search", "Naver")
        read(self.story, 2, yesterday + dt.timedelta(hours=5), "social", "X")
        read(self.other, 1, yesterday)
        read(self.story, 4, today)
        mostread.reads_roll_up(now=today + dt.timedelta(minutes=30))
        day = yesterday.date()
        self.assertEqual(
            dict(DailyReads.objects.filter(day=day).values_list("article", "reads")),
            {self.story.pk: 5, self.other.pk: 1},
        )
        self.assertEqual(
            set(
                DailySource.objects.filter(day=day).values_list(
                    "article", "kind", "source", "reads"
                )
            ),
            {
                (self.story.pk, "search", "Naver", 3),
                (self.story.pk, "social", "X", 2),
                (self.other.pk, "direct", "", 1),
            },
        )
        self.assertEqual(DailyReads.objects.get(day=today.date()).reads, 4)
        self.assertTrue(ReadDay.objects.get(day=day).final)
        self.assertFalse(ReadDay.objects.get(day=today.date()).final)  # today goes on

    def test_rolling_up_twice_writes_the_same_figures(self):
        read(self.story, 3, noon(1))
        read(self.story, 2, noon(0))
        later = noon(0) + dt.timedelta(hours=1)
        mostread.reads_roll_up(now=later)
        first = sorted(DailyReads.objects.values_list("article", "day", "reads"))
        mostread.reads_roll_up(now=later)
        mostread.reads_roll_up(now=later + dt.timedelta(minutes=5))
        self.assertEqual(sorted(DailyReads.objects.values_list("article", "day", "reads")), first)
        self.assertEqual(DailySource.objects.count(), 2)

    def test_today_is_written_again_as_readers_come(self):
        read(self.story, 2, noon(0))
        mostread.reads_roll_up(now=noon(0) + dt.timedelta(minutes=10))
        read(self.story, 3, noon(0) + dt.timedelta(hours=1))
        mostread.reads_roll_up(now=noon(0) + dt.timedelta(hours=1, minutes=10))
        self.assertEqual(DailyReads.objects.get().reads, 5)

    def test_a_day_rolled_up_for_good_is_never_written_again(self):
        read(self.story, 3, noon(1))
        mostread.reads_roll_up(now=noon(0))
        read(self.story, 10, noon(1) + dt.timedelta(minutes=5))  # a clock far behind
        mostread.reads_roll_up(now=noon(0) + dt.timedelta(hours=1))
        self.assertEqual(DailyReads.objects.get(day=noon(1).date()).reads, 3)

    def test_a_story_deleted_for_good_is_left_out(self):
        gone = make_article("Deleted for good", published_at=noon(3))
        read(gone, 2, noon(0))
        read(self.story, 1, noon(0))
        Article.everything.filter(pk=gone.pk).delete()
        mostread.reads_roll_up(now=noon(0) + dt.timedelta(minutes=1))
        self.assertEqual(
            list(DailyReads.objects.values_list("article", flat=True)), [self.story.pk]
        )

    def test_hours_past_keeping_and_yesterdays_salt_are_forgotten(self):
        with override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        ):
            old = noon(4)
            read(self.story, 2, old)
            read(self.story, 1, noon(0))
            ReadSalt.objects.create(day=noon(1).date(), salt="0" * 64)
            mostread.reads_roll_up(now=noon(0) + dt.timedelta(minutes=1))
            self.assertEqual(Read.objects.count(), 1)
            self.assertFalse(ReadSalt.objects.exists())

    def test_the_worker_rolls_up(self):
        read(self.story, 2)
        call_command("worker", "--once", stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(DailyReads.objects.get(day=timezone.localdate()).reads, 2)


def stories_in(box):
    return [story.headline for story in box]


class BoxTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        week = timezone.now() - dt.timedelta(days=6)
        cls.editor = make_role_user(EDITOR, "editor")
        cls.group = make_group("BTS")
        cls.member = make_artist("RM")
        make_membership(cls.member, cls.group, started_on=dt.date(2013, 6, 13))
        cls.soloist = make_artist("IU")
        cls.album = make_release("Right Place, Wrong Person")
        cls.single = make_release("Come Back to Me", parent_album=cls.album)
        cls.other_release = make_release("The Winning")
        cls.on_group = make_article("Group tour announced", artists=[cls.group], published_at=week)
        cls.on_member = make_article("RM solo interview", artists=[cls.member], published_at=week)
        cls.on_soloist = make_article("IU concert review", artists=[cls.soloist], published_at=week)
        cls.on_album = make_article("Album tracklist", releases=[cls.album], published_at=week)
        cls.on_single = make_article("Single video", releases=[cls.single], published_at=week)
        cls.on_other = make_article(
            "Winning review", releases=[cls.other_release], published_at=week
        )

    def test_the_home_page_lists_the_last_24_hours_most_read_first(self):
        read(self.on_group, 2)
        read(self.on_member, 5, timezone.now() - dt.timedelta(hours=20))
        read(self.on_soloist, 3)
        read(self.on_album, 50, timezone.now() - dt.timedelta(hours=30))  # too long ago
        self.assertEqual(
            stories_in(mostread.on_home()),
            ["RM solo interview", "IU concert review", "Group tour announced"],
        )
        self.assertEqual([story.reads for story in mostread.on_home()], [5, 3, 2])
        page = self.client.get(reverse("home")).content.decode()
        box = page[page.index('id="most-read-heading"') :]
        self.assertLess(box.index("RM solo interview"), box.index("IU concert review"))
        self.assertNotIn("Album tracklist", box[: box.index("</section>")])

    def test_five_at_most(self):
        stories = [make_article(f"Story {n}") for n in range(8)]
        for n, story in enumerate(stories):
            read(story, n + 1)
        self.assertEqual(stories_in(mostread.on_home()), [f"Story {n}" for n in (7, 6, 5, 4, 3)])

    def test_a_groups_list_holds_its_members_stories_and_a_members_not_the_groups(self):
        read(self.on_group, 2)
        read(self.on_member, 5)
        read(self.on_soloist, 9)
        mostread.reads_roll_up()
        self.assertEqual(
            stories_in(mostread.about_artist(self.group)),
            ["RM solo interview", "Group tour announced"],
        )
        self.assertEqual(stories_in(mostread.about_artist(self.member)), ["RM solo interview"])
        page = self.client.get(self.group.get_absolute_url())
        self.assertContains(page, "Most read on BTS this week")
        self.assertEqual(
            stories_in(page.context["most_read"]), stories_in(mostread.about_artist(self.group))
        )

    def test_a_former_members_later_stories_stay_off_the_group(self):
        former = make_artist("Former member")
        make_membership(
            former, self.group, started_on=dt.date(2013, 6, 13), ended_on=dt.date(2015, 1, 1)
        )
        later = make_article("Former member's solo debut", artists=[former])
        read(later, 20)
        mostread.reads_roll_up()
        self.assertNotIn(
            "Former member's solo debut", stories_in(mostread.about_artist(self.group))
        )

    def test_a_releases_list_holds_its_whole_family(self):
        read(self.on_album, 2)
        read(self.on_single, 4)
        read(self.on_other, 9)
        mostread.reads_roll_up()
        expected = ["Single video", "Album tracklist"]
        self.assertEqual(stories_in(mostread.about_release(self.album)), expected)
        self.assertEqual(stories_in(mostread.about_release(self.single)), expected)
        page = self.client.get(self.album.get_absolute_url())
        self.assertContains(page, "Most read on Right Place, Wrong Person this week")

    def test_the_week_is_seven_days_today_included(self):
        read(self.on_album, 9, noon(7))
        read(self.on_single, 1, noon(6))
        for days_ago in (7, 6):
            mostread.reads_roll_up(now=noon(days_ago) + dt.timedelta(hours=1))
        mostread.reads_roll_up()
        self.assertEqual(stories_in(mostread.about_release(self.album)), ["Single video"])

    def test_nothing_read_shows_no_list(self):
        self.assertEqual(mostread.on_home(), [])
        self.assertNotContains(self.client.get(reverse("home")), "most-read-heading")
        self.assertNotContains(self.client.get(self.group.get_absolute_url()), "most-read-heading")

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_a_list_is_worked_out_every_few_minutes_and_a_takedown_leaves_it_at_once(self):
        read(self.on_group, 3)
        read(self.on_soloist, 2)
        self.assertEqual(
            stories_in(mostread.on_home()), ["Group tour announced", "IU concert review"]
        )
        read(self.on_member, 9)  # kept: the list is the same until it is worked out again
        self.assertEqual(
            stories_in(mostread.on_home()), ["Group tour announced", "IU concert review"]
        )
        with self.captureOnCommitCallbacks(execute=True):
            article_unpublish(article=self.on_group, by=self.editor)
            article_trash(article=self.on_soloist, by=self.editor)
        self.assertEqual(mostread.on_home(), [])  # the kept ranking, every story now hidden
        cache.delete("most-read:site")  # the few minutes pass
        self.assertEqual(stories_in(mostread.on_home()), ["RM solo interview"])


@override_settings(PAGE_CACHE_SECONDS=300)
class CachedPageTests(TestCase):
    """Pages with a list are served from the page cache like any other, kept no longer than
    a list is, and a story taken down is never served in one again."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.editor = make_role_user(EDITOR, "editor")
            cls.story = make_article("Comeback date set")
            cls.old = make_article(
                "Old interview", published_at=timezone.now() - dt.timedelta(days=400)
            )
        time.sleep(0.1)  # renders start after the purges above: they are kept

    def test_a_cached_page_with_a_list_asks_nothing(self):
        read(self.old, 3)
        self.assertEqual(self.client.get(reverse("home"))["X-Page-Cache"], "MISS")
        with self.assertNumQueries(0):
            response = self.client.get(reverse("home"))
        self.assertEqual(response["X-Page-Cache"], "HIT")
        self.assertContains(response, "Old interview")

    def test_a_page_with_a_list_is_kept_no_longer_than_the_list(self):
        with override_settings(PAGE_CACHE_SECONDS=3600):
            self.client.get(reverse("home"))
            entry = cache.get(page_key(RequestFactory().get(reverse("home")))[0])
        self.assertLessEqual(entry["expires"] - time.time(), mostread.MOST_READ_SECONDS)
        response = home(RequestFactory().get(reverse("home")))
        self.assertEqual(response.cache_seconds, mostread.MOST_READ_SECONDS)

    def test_a_story_taken_down_leaves_the_cached_list_at_once(self):
        read(self.old, 3)
        self.client.get(reverse("home"))
        self.assertContains(self.client.get(reverse("home")), "Old interview")  # a HIT
        with self.captureOnCommitCallbacks(execute=True):
            article_unpublish(article=self.old, by=self.editor)
        response = self.client.get(reverse("home"))
        self.assertNotEqual(response["X-Page-Cache"], "HIT")
        self.assertNotContains(response, "Old interview")
        self.assertNotContains(self.client.get(reverse("home")), "Old interview")


class QueryCountTests(TestCase):
    """A list costs the same few queries however many stories it shows."""

    def build(self, n):
        group = make_group()
        member = make_artist()
        make_membership(member, group)
        album = make_release()
        for i in range(n):
            story = make_article(artists=[member if i % 2 else group], releases=[album])
            read(story, i + 1)
        mostread.reads_roll_up()
        return group, album

    def test_the_lists_cost_a_fixed_number_of_queries(self):
        for n in (1, 6):
            group, album = self.build(n)
            # the latest stories; the hour's reads; the list's stories
            with self.subTest(n=n, page="home"), self.assertNumQueries(4):
                self.client.get(reverse("home"))
            # the page's 8 (artist, aliases, sub-units, groups, members, memberships,
            # discography, stories); the group's members for the list; the week's ranking;
            # the list's stories
            with self.subTest(n=n, page="artist"), self.assertNumQueries(11):
                self.client.get(group.get_absolute_url())
            # the page's 6 (release, credits, tracks, links, family, stories); the week's
            # ranking; the list's stories
            with self.subTest(n=n, page="release"), self.assertNumQueries(8):
                self.client.get(album.get_absolute_url())

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_a_kept_list_costs_one_query_and_an_empty_one_none(self):
        group, album = self.build(3)
        self.assertTrue(mostread.on_home())
        with self.assertNumQueries(1):  # its stories, through published()
            mostread.on_home()
        empty = make_artist()
        mostread.about_artist(empty)
        with self.assertNumQueries(0):
            self.assertEqual(mostread.about_artist(empty), [])
