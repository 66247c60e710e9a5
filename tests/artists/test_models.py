import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import TestCase

from artists.models import Artist, Membership, Release, ReleaseCredit, ReleaseLink
from tests.factories import hours, make_artist, make_group, make_membership, make_release, now


class ReleaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.jimin = make_artist("Jimin")
        cls.loco = make_artist("Loco")
        cls.album = make_release("Album", tracks=["Intro", "Title", "Outro"])
        cls.single = make_release("Single", parent_album=cls.album)
        cls.second_single = make_release("Second single", parent_album=cls.album)
        cls.other = make_release("Other album")

    def test_credit_reads_as_printed(self):
        release = make_release("Duet")
        ReleaseCredit.objects.create(release=release, artist=self.jimin, join_phrase=" feat. ")
        ReleaseCredit.objects.create(
            release=release, artist=self.loco, position=1, credited_as="LOCO"
        )
        self.assertEqual(release.credit, "Jimin feat. LOCO")

    def test_track_count_prefers_the_tracklist_over_the_announced_count(self):
        self.album.declared_track_count = 11
        self.assertEqual(self.album.track_count, 3)
        self.assertEqual(make_release(declared_track_count=11).track_count, 11)
        self.assertIsNone(make_release().track_count)

    def test_family_joins_an_album_and_its_singles(self):
        expected = {self.album, self.single, self.second_single}
        for member in expected:
            with self.subTest(release=member.title):
                self.assertEqual(set(Release.objects.family_of([member])), expected)
        self.assertEqual(set(Release.objects.family_of([self.other])), {self.other})

    def test_upcoming_and_out(self):
        soon = make_release("Soon", release_at=now() + hours(2))
        self.assertEqual(list(Release.objects.upcoming()), [soon])
        self.assertNotIn(soon, Release.objects.out())
        self.assertIn(self.album, Release.objects.out())

    def test_a_single_must_point_at_the_album_not_another_single(self):
        release = make_release("Third", parent_album=self.single)
        with self.assertRaises(ValidationError):
            release.clean()

    def test_a_slug_taken_by_the_calendar_is_refused(self):
        release = Release(title="Upcoming", slug="upcoming", release_at=now())
        with self.assertRaisesMessage(ValidationError, "address of another page"):
            release.clean()

    def test_the_same_track_number_cannot_appear_twice(self):
        with self.assertRaises(IntegrityError):
            self.album.tracks.create(number=1, title="Duplicate")


class MembershipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.group = make_group()
        cls.member = make_artist()

    def test_current_and_former_members(self):
        today = now().date()
        current = make_membership(self.member, self.group, started_on=dt.date(2013, 6, 13))
        former = make_membership(
            make_artist(),
            self.group,
            started_on=dt.date(2013, 6, 13),
            ended_on=today - dt.timedelta(days=1),
        )
        self.assertTrue(current.is_current)
        self.assertFalse(former.is_current)
        self.assertEqual(list(Membership.objects.current()), [current])

    def test_leaving_before_joining_is_refused(self):
        membership = Membership(
            member=self.member,
            group=self.group,
            started_on=dt.date(2020, 1, 1),
            ended_on=dt.date(2019, 1, 1),
        )
        with self.assertRaises(ValidationError):
            membership.full_clean()
        with self.assertRaises(IntegrityError):
            membership.save()

    def test_an_artist_is_not_its_own_member(self):
        with self.assertRaises(ValidationError):
            Membership(member=self.group, group=self.group).clean()


class ArtistTests(TestCase):
    def test_only_a_subunit_has_a_parent_group(self):
        group = make_group()
        soloist = Artist(name="Solo", slug="solo", parent_group=group)
        with self.assertRaises(ValidationError):
            soloist.clean()
        Artist(name="Unit", slug="unit", kind=Artist.Kind.SUBUNIT, parent_group=group).clean()

    def test_name_shows_hangul_when_known(self):
        self.assertEqual(str(make_artist("RM", hangul_name="알엠")), "RM (알엠)")


class ReleaseLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.album = make_release("Right Place, Wrong Person")

    def test_listening_and_shopping_are_told_apart(self):
        kinds = {
            platform: ReleaseLink(platform=platform).is_shop
            for platform in ("spotify", "melon", "other", "yes24", "weverse-shop", "other-shop")
        }
        self.assertEqual(
            kinds,
            {
                "spotify": False,
                "melon": False,
                "other": False,
                "yes24": True,
                "weverse-shop": True,
                "other-shop": True,
            },
        )

    def test_an_address_the_release_has_is_refused_before_the_database_refuses_it(self):
        url = "https://www.melon.com/album/detail.htm?albumId=11"
        self.album.links.create(platform="melon", url=url)
        again = ReleaseLink(release=self.album, platform="melon", url=url)
        with self.assertRaisesMessage(
            ValidationError, "This release already has a link to this address."
        ):
            again.full_clean()
        ReleaseLink(release=make_release(), platform="melon", url=url).full_clean()  # elsewhere

    def test_the_name_shown_is_tidied_on_save_like_the_catalogues_other_text(self):
        link = self.album.links.create(
            platform="other-shop", url="https://shop.example.net/rm", name="Music\x0c\nPlant "
        )
        link.refresh_from_db()
        self.assertEqual(link.name, "Music Plant")
        self.assertEqual(str(link), "Music Plant: https://shop.example.net/rm")
