"""The story list's artist and release filters: typed, not a link per choice."""

from django.test import TestCase
from django.urls import reverse

from tests.factories import make_artist, make_draft, make_release, make_user


class NamedFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM", hangul_name="알엠")
        cls.rm.aliases.create(name="Kim Namjoon", language="ko-Latn")
        cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm])
        cls.about_rm = make_draft("RM's diary", artists=[cls.rm])
        cls.about_album = make_draft("The album, track by track", releases=[cls.album])
        cls.other = make_draft("Another group's tour", artists=[make_artist("Others")])
        for n in range(5):  # Django's filter would link each of them
            make_draft(f"Story {n}", artists=[make_artist(f"Listed nowhere {n}")])

    def listed(self, **params):
        self.client.force_login(make_user(superuser=True))
        response = self.client.get(reverse("admin:articles_article_changelist"), params)
        return response, set(response.context["cl"].result_list)

    def test_an_artist_is_found_by_any_of_their_names_or_part_of_one(self):
        for typed in ("RM", "알엠", "kim namjoon", "Othe"):
            with self.subTest(typed=typed):
                _, found = self.listed(artist_name=typed)
                self.assertEqual(found, {self.other} if typed == "Othe" else {self.about_rm})

    def test_a_release_is_found_by_its_title_punctuation_aside(self):
        _, found = self.listed(release_title="right place wrong person")
        self.assertEqual(found, {self.about_album})

    def test_the_sidebar_lists_no_artist_and_keeps_the_other_filters(self):
        response, _ = self.listed(status="draft", artist_name="RM")
        page = response.content.decode()
        self.assertNotIn("Listed nowhere", page)
        self.assertIn('name="artist_name" value="RM"', page)
        release_box = page.split('id="filter-release_title"')[0].rsplit("<form", 1)[1]
        self.assertIn('name="status" value="draft"', release_box)
        self.assertIn('name="artist_name" value="RM"', release_box)

    def test_the_list_with_counts_shown_still_filters(self):
        response, found = self.listed(artist_name="RM", _facets="True")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(found, {self.about_rm})
