from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from artists.models import Label, Release
from tests.factories import (
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
