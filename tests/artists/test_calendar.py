import datetime as dt
from io import StringIO

import vobject
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from artists.models import Artist, Release
from tests.factories import hours, make_artist, make_group, make_membership, make_release, now

DAY = hours(24)


def kst(year, month, day, hour, minute=0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.timezone(hours(9)))


def parse(response):
    return Calendar.from_ical(response.content)


def events(response):
    return {str(event["SUMMARY"]): event for event in parse(response).walk("VEVENT")}


class BTSFamily:
    """A group with a current member, a former member and a sub-unit, and an outsider, each
    with a release next week."""

    @classmethod
    def setUpTestData(cls):
        cls.bts = make_group("BTS")
        cls.rm = make_artist("RM")
        cls.former = make_artist("Former")
        cls.unit = make_artist("Unit", kind=Artist.Kind.SUBUNIT, parent_group=cls.bts)
        cls.outsider = make_artist("Outsider")
        make_membership(cls.rm, cls.bts, started_on=dt.date(2013, 6, 13))
        make_membership(
            cls.former, cls.bts, started_on=dt.date(2013, 1, 1), ended_on=dt.date(2014, 1, 1)
        )
        week = now() + 7 * DAY
        cls.group_album = make_release("Group album", artists=[cls.bts], release_at=week)
        cls.rm_album = make_release("RM album", artists=[cls.rm], release_at=week + hours(1))
        cls.unit_single = make_release(
            "Unit single", artists=[cls.unit], release_at=week + hours(2)
        )
        cls.former_single = make_release(
            "Former single", artists=[cls.former], release_at=week + hours(3)
        )
        cls.outsider_single = make_release(
            "Outsider single", artists=[cls.outsider], release_at=week + hours(4)
        )


class CalendarPageTests(BTSFamily, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.year = now().year + 1
        cls.last_of_may = make_release(
            "Last of May", artists=[cls.rm], release_at=kst(cls.year, 5, 31, 23, 0)
        )
        # 31 May at 15:30 in UTC, but 1 June in Seoul: a June release.
        cls.first_of_june = make_release(
            "First of June", artists=[cls.rm], release_at=kst(cls.year, 6, 1, 0, 30)
        )
        cls.past = make_release("Already out", artists=[cls.rm], release_at=now() - DAY)

    def calendar(self, **params):
        return self.client.get(reverse("artists:calendar"), params)

    def test_releases_are_grouped_by_month_in_kst(self):
        months = dict(self.calendar().context["months"])
        self.assertIn(self.last_of_may, months[dt.date(self.year, 5, 1)])
        self.assertEqual(months[dt.date(self.year, 6, 1)], [self.first_of_june])

    def test_each_release_shows_its_day_and_kst_time_under_its_month(self):
        response = self.calendar()
        weekday = dt.date(self.year, 6, 1).strftime("%a")
        self.assertContains(response, f"June {self.year}</h2>")
        self.assertContains(response, f"{weekday} 1 Jun · 12:30 AM KST</time>")
        self.assertContains(response, self.first_of_june.get_absolute_url())
        self.assertContains(response, "RM · Studio album")

    def test_past_releases_are_not_on_the_calendar(self):
        self.assertNotContains(self.calendar(), "Already out")

    def test_a_group_calendar_has_its_current_members_and_sub_units(self):
        response = self.calendar(artist=self.bts.slug)
        for title in ("Group album", "RM album", "Unit single"):
            with self.subTest(title=title):
                self.assertContains(response, title)
        self.assertNotContains(response, "Former single")
        self.assertNotContains(response, "Outsider single")

    def test_a_soloist_calendar_has_only_their_releases(self):
        response = self.calendar(artist=self.rm.slug)
        self.assertContains(response, "RM album")
        self.assertNotContains(response, "Group album")
        self.assertNotContains(response, "Unit single")

    def test_an_unknown_artist_is_not_found(self):
        self.assertEqual(self.calendar(artist="nobody").status_code, 404)

    def test_empty_state(self):
        Release.objects.all().delete()
        self.assertContains(self.calendar(), "No releases announced yet.")
        response = self.calendar(artist=self.rm.slug)
        self.assertContains(response, "No releases announced for RM yet.")

    def test_subscribe_links_and_head_link_name_the_feed(self):
        response = self.calendar()
        self.assertContains(response, 'href="webcal://testserver/releases/calendar.ics"')
        self.assertContains(response, 'href="http://testserver/releases/calendar.ics"')
        self.assertContains(
            response,
            '<link rel="alternate" type="text/calendar" title="Release calendar" '
            'href="http://testserver/releases/calendar.ics">',
        )
        artist_feed = reverse("artists:artist_ics", kwargs={"slug": self.bts.slug})
        self.assertContains(
            self.calendar(artist=self.bts.slug), f'href="webcal://testserver{artist_feed}"'
        )

    def test_times_are_marked_for_the_readers_own_clock(self):
        self.assertContains(
            self.calendar(),
            f'<time datetime="{self.first_of_june.release_at.isoformat()}" data-local>',
        )

    def test_navigation_and_release_list_link_to_the_calendar(self):
        response = self.client.get(reverse("artists:releases"))
        self.assertContains(response, f'href="{reverse("artists:calendar")}"', count=2)


class CalendarQueryCountTests(TestCase):
    """The page runs the same queries for one release as for thirty."""

    @classmethod
    def setUpTestData(cls):
        cls.group = make_group("TWICE")
        cls.member = make_artist("Nayeon")
        make_membership(cls.member, cls.group)

    def add_releases(self, count):
        for n in range(count):
            artists = [self.group] if n % 2 else [self.member, self.group]
            make_release(artists=artists, release_at=now() + (n + 1) * DAY)

    def assert_queries(self, queries, count, **params):
        self.add_releases(count)
        with self.assertNumQueries(queries):
            response = self.client.get(reverse("artists:calendar"), params)
        self.assertContains(response, 'class="calendar__item"', count=count)

    def test_whole_calendar_with_one_release(self):
        self.assert_queries(2, 1)

    def test_whole_calendar_with_thirty_releases(self):
        self.assert_queries(2, 30)

    def test_group_calendar_with_one_release(self):
        self.assert_queries(3, 1, artist=self.group.slug)

    def test_group_calendar_with_thirty_releases(self):
        self.assert_queries(3, 30, artist=self.group.slug)

    def test_feed_with_thirty_releases(self):
        self.add_releases(30)
        with self.assertNumQueries(2):
            self.client.get(reverse("artists:calendar_ics"))
        with self.assertNumQueries(3):
            self.client.get(reverse("artists:artist_ics", kwargs={"slug": self.group.slug}))


class CalendarFeedTests(BTSFamily, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.album = make_release(
            "Right Place, Wrong Person", artists=[cls.rm], release_at=kst(2024, 5, 24, 13)
        )
        cls.last_month = make_release("Last month", artists=[cls.rm], release_at=now() - 30 * DAY)
        cls.long_ago = make_release("Long ago", artists=[cls.rm], release_at=now() - 90 * DAY)

    def feed(self):
        return self.client.get(reverse("artists:calendar_ics"))

    def artist_feed(self, artist):
        return self.client.get(reverse("artists:artist_ics", kwargs={"slug": artist.slug}))

    def test_content_type(self):
        self.assertEqual(self.feed()["Content-Type"], "text/calendar; charset=utf-8")

    def test_the_calendar_names_itself_and_asks_to_be_refreshed(self):
        calendar = parse(self.feed())
        self.assertEqual(calendar["VERSION"], "2.0")
        self.assertTrue(calendar["PRODID"])
        self.assertEqual(calendar["X-WR-CALNAME"], "Newsroom: release calendar")
        self.assertEqual(calendar["X-WR-TIMEZONE"], "Asia/Seoul")
        self.assertEqual(calendar["REFRESH-INTERVAL"].dt, hours(6))
        self.assertEqual(calendar["X-PUBLISHED-TTL"].to_ical(), b"PT6H")

    def test_the_feed_keeps_sixty_days_of_history_and_everything_to_come(self):
        summaries = set(events(self.feed()))
        self.assertIn("RM — Last month (Studio album)", summaries)
        self.assertIn("BTS — Group album (Studio album)", summaries)
        self.assertNotIn("RM — Long ago (Studio album)", summaries)

    def test_an_event_is_the_release_at_its_time_in_utc(self):
        event = events(self.artist_feed(self.rm))["RM — Right Place, Wrong Person (Studio album)"]
        self.assertEqual(event["DTSTART"].dt, self.album.release_at)
        self.assertEqual(event["DTSTART"].to_ical(), b"20240524T040000Z")
        self.assertEqual(event["DTEND"].dt - event["DTSTART"].dt, hours(1))
        self.assertTrue(event["DTSTAMP"].dt.tzinfo)
        self.assertIn("Out 24 May 2024, 1 PM KST.", event["DESCRIPTION"])
        self.assertEqual(event["URL"], f"http://testserver{self.album.get_absolute_url()}")

    def test_uids_are_stable_across_requests(self):
        def uids():
            return {str(e["SUMMARY"]): str(e["UID"]) for e in events(self.feed()).values()}

        first = uids()
        self.assertEqual(first, uids())
        self.assertEqual(
            first["RM — Last month (Studio album)"], f"release-{self.last_month.pk}@testserver"
        )

    def test_a_group_feed_has_its_current_members_and_sub_units(self):
        summaries = set(events(self.artist_feed(self.bts)))
        self.assertEqual(
            summaries,
            {
                "BTS — Group album (Studio album)",
                "RM — RM album (Studio album)",
                "Unit — Unit single (Studio album)",
                "RM — Right Place, Wrong Person (Studio album)",
                "RM — Last month (Studio album)",
                "RM — Long ago (Studio album)",
            },
        )

    def test_a_soloist_feed_has_only_their_releases(self):
        summaries = set(events(self.artist_feed(self.outsider)))
        self.assertEqual(summaries, {"Outsider — Outsider single (Studio album)"})
        self.assertEqual(
            parse(self.artist_feed(self.outsider))["X-WR-CALNAME"], "Outsider releases"
        )

    def test_the_artist_page_names_its_feed_in_the_head(self):
        feed = reverse("artists:artist_ics", kwargs={"slug": self.bts.slug})
        response = self.client.get(self.bts.get_absolute_url())
        self.assertContains(
            response,
            f'<link rel="alternate" type="text/calendar" title="BTS releases" href="{feed}">',
        )


class CountdownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        cls.upcoming = make_release(
            "Soon", artists=[cls.rm], release_at=now() + 3 * DAY + hours(12)
        )
        cls.out = make_release("Out already", artists=[cls.rm], release_at=now() - DAY)

    def test_an_upcoming_release_counts_down_without_javascript(self):
        response = self.client.get(self.upcoming.get_absolute_url())
        self.assertContains(response, "Out in 3\xa0days, 11\xa0hours")
        self.assertContains(response, 'role="timer" aria-live="off"')
        self.assertContains(
            response, f'data-countdown="{timezone.localtime(self.upcoming.release_at).isoformat()}"'
        )

    def test_a_released_release_has_no_countdown(self):
        response = self.client.get(self.out.get_absolute_url())
        self.assertNotContains(response, "Out in")
        self.assertNotContains(response, "data-countdown")

    def test_release_times_are_marked_for_the_readers_own_clock(self):
        for url in (self.upcoming.get_absolute_url(), reverse("artists:releases")):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), " data-local>")


class SecondParserMixin:
    """Calendars read by vobject, a library other than the one that writes them: every
    property it requires, at least one component (RFC 5545 wants one), and the zone's rules
    usable as a time zone."""

    def read(self, url, **headers):
        response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, 200, url)
        calendar = vobject.readOne(response.content.decode())
        self.assertTrue(calendar.validate(raiseException=True))
        self.assertTrue(list(calendar.components()), f"{url}: a calendar needs a component")
        zone = calendar.vtimezone.gettzinfo()
        self.assertEqual(calendar.vtimezone.tzid.value, "Asia/Seoul")
        self.assertEqual(dt.datetime(2026, 1, 1, tzinfo=zone).utcoffset(), hours(9))
        return calendar

    def calendar_urls(self):
        urls = [reverse("artists:calendar_ics")]
        for slug in Artist.objects.values_list("slug", flat=True):
            urls.append(reverse("artists:artist_ics", kwargs={"slug": slug}))
        return urls

    def events_of_every_calendar(self):
        found = []
        for url in self.calendar_urls():
            with self.subTest(url=url):
                found += getattr(self.read(url), "vevent_list", [])
        return found


class DemoCalendarParserTests(SecondParserMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("demo", stdout=StringIO())

    def test_every_calendar_of_the_demo_reads_in_another_library(self):
        found = self.events_of_every_calendar()
        self.assertTrue(found)
        for event in found:
            self.assertTrue(event.validate(raiseException=True))
            self.assertRegex(event.uid.value, r"^release-\d+@testserver$")
            self.assertTrue(event.url.value.startswith("http://testserver/releases/"))


class EmptyCalendarParserTests(SecondParserMixin, TestCase):
    def test_a_calendar_with_no_release_is_still_a_valid_calendar(self):
        self.assertEqual(self.events_of_every_calendar(), [])

    def test_an_artist_with_no_release_has_a_valid_calendar_too(self):
        make_artist("RM")
        self.assertEqual(len(self.calendar_urls()), 2)
        self.assertEqual(self.events_of_every_calendar(), [])


class CalendarAddressTests(SecondParserMixin, TestCase):
    """Calendar and event ids end in ID_AUTHORITY and links start at SITE_URL, whatever the
    Host asked: a reader subscribed through two addresses must not get each release twice."""

    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm])

    def ids(self, host):
        calendar = self.read(reverse("artists:calendar_ics"), HTTP_HOST=host)
        return calendar.uid.value, [(e.uid.value, e.url.value) for e in calendar.vevent_list]

    @override_settings(SITE_URL="https://news.example.com", ID_AUTHORITY="news.example.com")
    def test_the_same_ids_whatever_the_host(self):
        as_localhost = self.ids("localhost")
        self.assertEqual(as_localhost, self.ids("127.0.0.1"))
        self.assertEqual(
            as_localhost,
            (
                "releases@news.example.com",
                [
                    (
                        f"release-{self.album.pk}@news.example.com",
                        f"https://news.example.com{self.album.get_absolute_url()}",
                    )
                ],
            ),
        )

    def test_a_new_site_url_keeps_the_ids(self):
        with override_settings(SITE_URL="https://news.example.com", ID_AUTHORITY="testserver"):
            before = self.ids("localhost")
        with override_settings(SITE_URL="https://kpop.example.org", ID_AUTHORITY="testserver"):
            after = self.ids("localhost")
        self.assertEqual(before[0], after[0])
        self.assertEqual(before[1][0][0], after[1][0][0])
        self.assertEqual(after[1][0][1], f"https://kpop.example.org{self.album.get_absolute_url()}")
