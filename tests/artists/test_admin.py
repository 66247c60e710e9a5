import datetime as dt

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from artists.models import Label, Release
from tests.factories import (
    formset_management,
    make_artist,
    make_group,
    make_membership,
    make_picture,
    make_release,
    make_user,
)


class ArtistsAdminPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.label = Label.objects.create(name="BIGHIT MUSIC", slug="bighit-music")
        cls.group = make_group("BTS", picture=make_picture(title="BTS in 2024"))
        cls.rm = make_artist("RM")
        make_membership(cls.rm, cls.group, role="Leader")
        cls.release = make_release(
            "Indigo", artists=[cls.rm], tracks=["Yun", "Still Life"], artwork=make_picture()
        )

    def setUp(self):
        self.client.force_login(self.editor)

    def test_every_changelist_add_and_change_page_loads(self):
        objects = {"label": self.label, "artist": self.group, "release": self.release}
        for model, obj in objects.items():
            for url in (
                reverse(f"admin:artists_{model}_changelist"),
                reverse(f"admin:artists_{model}_add"),
                reverse(f"admin:artists_{model}_change", args=[obj.pk]),
            ):
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_artist_page_has_inline_members_and_aliases(self):
        response = self.client.get(reverse("admin:artists_artist_change", args=[self.group.pk]))
        self.assertContains(response, "Leader")
        self.assertContains(response, "aliases-TOTAL_FORMS")
        self.assertContains(response, "BTS in 2024")  # the photo chosen from the library
        self.assertContains(response, self.group.picture.picture.renditions("square")[0].url)

    def test_release_page_has_tracklist_and_cover_preview(self):
        response = self.client.get(reverse("admin:artists_release_change", args=[self.release.pk]))
        self.assertContains(response, "Still Life")
        self.assertContains(response, self.release.artwork.picture.renditions("square")[0].url)
        self.assertContains(response, "Korea Standard Time")

    def test_a_release_with_tracklist_and_credits_is_made_in_one_form(self):
        data = {
            "title": "Come Back to Me",
            "slug": "come-back-to-me",
            "kind": "pre_release",
            "release_at_0": "2024-05-10",
            "release_at_1": "13:00:00",
            "credits-TOTAL_FORMS": "1",
            "credits-INITIAL_FORMS": "0",
            "credits-0-artist": self.rm.pk,
            "credits-0-position": "0",
            "tracks-TOTAL_FORMS": "1",
            "tracks-INITIAL_FORMS": "0",
            "tracks-0-number": "1",
            "tracks-0-title": "Come back to me",
            "tracks-0-is_title_track": "on",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        }
        response = self.client.post(reverse("admin:artists_release_add"), data)
        self.assertRedirects(response, reverse("admin:artists_release_changelist"))
        release = Release.objects.get(slug="come-back-to-me")
        self.assertEqual(release.credit, "RM")
        self.assertEqual(release.release_at.isoformat(), "2024-05-10T04:00:00+00:00")
        self.assertTrue(release.tracks.get().is_title_track)


class GroupFormQueryTests(TestCase):
    def test_the_group_form_costs_the_same_queries_whatever_its_members(self):
        """Each row names both artists ("RM in BTS"), in its table and in its autocomplete box,
        from the membership's own query."""
        client = self.client
        client.force_login(make_user(superuser=True))
        group = make_group("BTS")
        url = reverse("admin:artists_artist_change", args=[group.pk])
        make_membership(make_artist("RM"), group)
        client.get(url)
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for name in ("Jin", "SUGA", "j-hope"):
            make_membership(make_artist(name), group)
        with CaptureQueriesContext(connection) as four:
            response = client.get(url)
        self.assertEqual(len(four), len(one))
        for membership in group.member_links.select_related("member"):  # each box: its member
            member = membership.member
            self.assertContains(response, f'<option value="{member.pk}" selected>{member}</option>')

    def test_a_group_has_a_members_table_and_a_person_a_groups_table(self):
        client = self.client
        client.force_login(make_user(superuser=True))
        group, person = make_group("BTS"), make_artist("RM")
        shown = {
            artist: client.get(reverse("admin:artists_artist_change", args=[artist.pk]))
            for artist in (group, person)
        }
        self.assertContains(shown[group], 'id="member_links-group"')
        self.assertNotContains(shown[group], 'id="memberships-group"')
        self.assertContains(shown[person], 'id="memberships-group"')
        self.assertNotContains(shown[person], 'id="member_links-group"')
        new = client.get(reverse("admin:artists_artist_add"))  # kind not chosen yet: both
        self.assertContains(new, 'id="member_links-group"')
        self.assertContains(new, 'id="memberships-group"')


class ReleaseLinkFormTests(TestCase):
    """The release form's streaming and shop links: each mistake an editor can make in a hurry
    is a form error on the row, never a wrong link on the page or a server error."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.rm = make_artist("RM")
        cls.album = make_release(
            "Right Place, Wrong Person",
            artists=[cls.rm],
            release_at=dt.datetime(2024, 5, 24, 4, 0, tzinfo=dt.UTC),  # 1 PM KST
        )
        cls.url = reverse("admin:artists_release_change", args=[cls.album.pk])

    def post(self, *rows):
        """Post the release form back with its saved links and `rows` (platform, url, name,
        position) added."""
        self.client.force_login(self.editor)
        data = formset_management(self.client.get(self.url).content.decode())
        credit = self.album.credits.get()
        data.update({
            "title": self.album.title, "slug": self.album.slug, "kind": self.album.kind,
            "release_at_0": "2024-05-24", "release_at_1": "13:00:00",
            "credits-0-id": credit.pk, "credits-0-release": self.album.pk,
            "credits-0-artist": self.rm.pk, "credits-0-position": 0,
            "credits-TOTAL_FORMS": 1, "tracks-TOTAL_FORMS": 0,
        })  # fmt: skip
        saved = list(self.album.links.all())
        for i, link in enumerate(saved):
            data.update({f"links-{i}-id": link.pk, f"links-{i}-release": self.album.pk})
        rows = [(link.platform, link.url, link.name, link.position) for link in saved] + [*rows]
        for i, (platform, url, name, position) in enumerate(rows):
            data.update({
                f"links-{i}-platform": platform, f"links-{i}-url": url,
                f"links-{i}-name": name, f"links-{i}-position": position,
            })  # fmt: skip
        data["links-TOTAL_FORMS"], data["links-INITIAL_FORMS"] = len(rows), len(saved)
        return self.client.post(self.url, data)

    def assertSaved(self, response):
        errors = response.context["errors"] if response.status_code == 200 else None
        self.assertEqual(response.status_code, 302, errors)

    def assertRefused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)

    def shown(self):
        return [(link.platform, link.url, link.shown_name) for link in self.album.links.all()]

    def test_links_are_saved_in_their_order_with_sharing_codes_dropped(self):
        response = self.post(
            ("melon", "https://www.melon.com/album/detail.htm?albumId=1", "", 2),
            ("spotify", "https://open.spotify.com/album/4Nw9Q2?si=a1b2c3", "", 1),
            ("other-shop", "https://www.musicplant.example/rm", "Music Plant", 3),
        )
        self.assertSaved(response)
        self.assertEqual(
            self.shown(),
            [
                ("spotify", "https://open.spotify.com/album/4Nw9Q2", "Spotify"),
                ("melon", "https://www.melon.com/album/detail.htm?albumId=1", "Melon"),
                ("other-shop", "https://www.musicplant.example/rm", "Music Plant"),
            ],
        )

    def test_a_platform_left_empty_is_named_from_the_address(self):
        self.assertSaved(self.post(("", "https://www.yes24.com/Product/Goods/1", "", 0)))
        self.assertEqual(self.album.links.get().platform, "yes24")

    def test_an_empty_platform_with_an_unknown_address_asks_for_one(self):
        response = self.post(("", "https://www.musicplant.example/rm", "", 0))
        self.assertRefused(response, "This address is on no service or shop we know")
        self.assertFalse(self.album.links.exists())

    def test_an_address_on_another_platform_names_the_one_it_is_on(self):
        response = self.post(("melon", "https://open.spotify.com/album/4Nw9Q2", "", 0))
        self.assertRefused(
            response,
            "This is a Spotify address, not Melon: choose Spotify, or give the Melon page.",
        )
        self.assertFalse(self.album.links.exists())

    def test_an_address_on_no_platform_says_where_the_platform_lives(self):
        response = self.post(("melon", "https://melon.example.net/album/1", "", 0))
        self.assertRefused(response, "A Melon address is on melon.com.")

    def test_other_needs_a_name_and_cannot_stand_for_a_platform_we_know(self):
        response = self.post(("other", "https://stream.example.net/rm", "", 0))
        self.assertRefused(response, "Name the shop or service readers will see.")
        response = self.post(("other", "https://open.spotify.com/album/4Nw9Q2", "Spotify", 0))
        self.assertRefused(response, "This is a Spotify address: choose Spotify.")
        self.assertFalse(self.album.links.exists())

    def test_a_plain_http_address_is_refused(self):
        response = self.post(("melon", "http://www.melon.com/album/detail.htm?albumId=1", "", 0))
        self.assertRefused(response, "Give the https:// address of the page.")
        self.assertFalse(self.album.links.exists())

    def test_an_address_typed_without_its_scheme_is_taken_as_https(self):
        self.assertSaved(self.post(("", "open.spotify.com/album/4Nw9Q2", "", 0)))
        self.assertEqual(self.album.links.get().url, "https://open.spotify.com/album/4Nw9Q2")

    def test_the_same_address_twice_in_one_form_is_a_form_error(self):
        response = self.post(
            ("spotify", "https://open.spotify.com/album/4Nw9Q2", "", 0),
            ("spotify", "https://OPEN.spotify.com/album/4Nw9Q2?si=zz", "", 1),  # the same page
        )
        self.assertRefused(response, "The same address is listed twice: keep one of the rows.")
        self.assertFalse(self.album.links.exists())

    def test_an_address_the_release_already_has_is_a_form_error(self):
        self.album.links.create(platform="spotify", url="https://open.spotify.com/album/4Nw9Q2")
        response = self.post(("spotify", "https://open.spotify.com/album/4Nw9Q2", "", 1))
        self.assertRefused(response, "The same address is listed twice: keep one of the rows.")
        self.assertEqual(self.album.links.count(), 1)
