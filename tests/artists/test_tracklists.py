"""A tracklist pasted as text on the release form."""

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from artists.tracklists import parse_tracklist
from tests.factories import formset_management, make_artist, make_release, make_user


class ParseTests(SimpleTestCase):
    def test_numbers_times_and_title_marks_are_read(self):
        text = """Tracklist
        1. Right People, Wrong Place
        02 - LOST! (Title)  3:12
        Track 3: Come back to me [타이틀곡]
        4) Domodachi (feat. Little Simz)
        """
        self.assertEqual(
            parse_tracklist(text),
            [
                ("Right People, Wrong Place", False),
                ("LOST!", True),
                ("Come back to me", True),
                ("Domodachi (feat. Little Simz)", False),
            ],
        )

    def test_a_title_starting_with_a_number_keeps_it_when_lines_are_not_numbered(self):
        text = "7 Rings\n★ Butter\n2U"
        expected = [("7 Rings", False), ("Butter", True), ("2U", False)]
        self.assertEqual(parse_tracklist(text), expected)

    def test_nothing_readable_gives_nothing(self):
        self.assertEqual(parse_tracklist("\n  \nTracklist:\n"), [])


class PasteOnTheFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.rm = make_artist("RM")
        cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm], tracks=["Intro"])

    def post(self, pasted):
        self.client.force_login(self.editor)
        url = reverse("admin:artists_release_change", args=[self.album.pk])
        data = formset_management(self.client.get(url).content.decode())
        data.update({
            "title": self.album.title, "slug": self.album.slug, "kind": self.album.kind,
            "release_at_0": "2024-05-24", "release_at_1": "13:00:00",
            "credits-0-id": self.album.credits.get().pk, "credits-0-release": self.album.pk,
            "credits-0-artist": self.rm.pk, "credits-0-position": 0,
            "tracks-0-id": self.album.tracks.get().pk, "tracks-0-release": self.album.pk,
            "tracks-0-number": 1, "tracks-0-title": "Intro",
            "credits-TOTAL_FORMS": 1, "tracks-TOTAL_FORMS": 1,  # no empty rows
            "links-TOTAL_FORMS": 0,
            "pasted_tracklist": pasted,
        })  # fmt: skip
        return self.client.post(url, data)

    def test_pasted_tracks_are_added_after_those_listed(self):
        response = self.post("1. Right People, Wrong Place\n2. LOST! (Title)")
        errors = response.context["errors"] if response.status_code == 200 else None
        self.assertEqual(response.status_code, 302, errors)
        tracks = [(t.number, t.title, t.is_title_track) for t in self.album.tracks.all()]
        self.assertEqual(
            tracks,
            [(1, "Intro", False), (2, "Right People, Wrong Place", False), (3, "LOST!", True)],
        )

    def test_text_with_no_track_is_a_form_error_and_loses_nothing(self):
        response = self.post("Tracklist:")
        self.assertContains(response, "No track could be read from this text.")
        self.assertEqual(self.album.tracks.count(), 1)
