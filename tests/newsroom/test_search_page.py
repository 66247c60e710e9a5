"""The search page: a form, name cards on top, ranked stories with marked words, filters."""

from html.parser import HTMLParser

from django.test import TestCase
from django.urls import reverse

from artists.models import Alias, Release
from tests.factories import hours, make_article, make_artist, make_draft, make_release, now

URL = reverse("search")


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM", hangul_name="알엠", birth_name="Kim Namjoon")
        Alias.objects.create(artist=cls.rm, name="김남준", language=Alias.Language.KOREAN)
        cls.album = make_release(
            "Right Place, Wrong Person", artists=[cls.rm], kind=Release.Kind.STUDIO_ALBUM
        )
        cls.single = make_release(
            "Come Back to Me", artists=[cls.rm], kind=Release.Kind.PRE_RELEASE
        )
        cls.album_story = make_article(
            "Eleven tracks, one restless album",
            body="The album opens with a <short> intro and ends on a ballad.",
            releases=[cls.album],
            artists=[cls.rm],
            published_at=now() - hours(24 * 10),
        )
        cls.video_story = make_article(
            "The video, explained", releases=[cls.single], artists=[cls.rm], tags=["Music video"]
        )
        cls.draft = make_draft("Embargoed album news", artists=[cls.rm])

    def test_the_empty_page_is_a_search_form(self):
        response = self.client.get(URL)
        self.assertContains(response, 'role="search"')
        self.assertContains(response, 'name="q"')
        self.assertNotContains(response, "results-heading")

    def test_every_name_finds_the_stories_and_shows_the_artist_card(self):
        for q in ["김남준", "Kim Namjoon", "RM"]:
            with self.subTest(q=q):
                response = self.client.get(URL, {"q": q})
                self.assertContains(response, self.rm.get_absolute_url())
                self.assertContains(response, "Eleven tracks")
                self.assertContains(response, "The video, explained")
                self.assertNotContains(response, "Embargoed")

    def test_a_release_title_without_punctuation_shows_the_release_card(self):
        response = self.client.get(URL, {"q": "Right Place Wrong Person"})
        self.assertContains(response, self.album.get_absolute_url())
        self.assertContains(response, "Eleven tracks")

    def test_matches_are_marked_and_copy_is_escaped(self):
        response = self.client.get(URL, {"q": "ballad"})
        self.assertContains(response, "<mark>ballad</mark>")
        self.assertNotContains(response, "<short>")

    def test_the_query_is_escaped_where_it_is_repeated(self):
        response = self.client.get(URL, {"q": '"><script>alert(1)</script>'})
        self.assertNotContains(response, "<script>alert(1)")
        self.assertEqual(response.status_code, 200)

    def test_filters_narrow_the_results(self):
        by_kind = self.client.get(URL, {"q": "RM", "kind": Release.Kind.PRE_RELEASE})
        self.assertContains(by_kind, "The video, explained")
        self.assertNotContains(by_kind, "Eleven tracks")
        since = (now() - hours(24 * 3)).date().isoformat()
        by_date = self.client.get(URL, {"q": "RM", "published_after": since})
        self.assertContains(by_date, "The video, explained")
        self.assertNotContains(by_date, "Eleven tracks")
        by_tag = self.client.get(URL, {"q": "RM", "tag": "music-video"})
        self.assertNotContains(by_tag, "Eleven tracks")

    def test_link_filters_show_as_removable_chips_and_form_filters_do_not(self):
        response = self.client.get(
            URL, {"q": "RM", "artist": self.rm.slug, "kind": Release.Kind.PRE_RELEASE}
        )
        self.assertContains(response, '<li class="chip">Artist: <strong>RM')
        self.assertNotContains(response, '<li class="chip">Kind of release')
        self.assertContains(response, 'href="?q=RM&amp;kind=pre_release"')

    def test_filters_alone_list_stories(self):
        response = self.client.get(URL, {"kind": Release.Kind.STUDIO_ALBUM})
        self.assertContains(response, "Eleven tracks")
        self.assertNotContains(response, "The video, explained")

    def test_a_bad_filter_value_is_a_message_not_an_error(self):
        response = self.client.get(URL, {"q": "RM", "published_after": "yesterday", "kind": "x"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'class="form-error"')

    def test_results_are_paginated(self):
        for n in range(21):
            make_article(f"Ballad number {n}", body="Another ballad.")
        first = self.client.get(URL, {"q": "ballad"})
        self.assertContains(first, "22 stories")
        self.assertContains(first, 'rel="next"')
        second = self.client.get(URL, {"q": "ballad", "page": 2})
        self.assertContains(second, "Page 2")
        self.assertContains(second, 'rel="prev"')
        self.assertNotContains(second, 'rel="next"')

    def test_the_query_count_does_not_grow_with_results(self):
        self.client.get(URL, {"q": "RM"})  # warm caches (content types, tags)
        with self.assertNumQueries(5):
            self.client.get(URL, {"q": "RM"})
        for n in range(30):
            make_article(f"RM story {n}", artists=[self.rm], releases=[self.album])
            make_release(f"RM {n}", artists=[self.rm])
        with self.assertNumQueries(5):
            self.client.get(URL, {"q": "RM"})


class _SearchLandmarks(HTMLParser):
    """The accessible name (aria-label) of every search landmark on a page, in order."""

    def __init__(self):
        super().__init__()
        self.names = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "search" or attrs.get("role") == "search":
            self.names.append((attrs.get("aria-label") or "").strip())


def search_landmarks(response):
    parser = _SearchLandmarks()
    parser.feed(response.content.decode())
    return parser.names


class SearchLandmarkTests(TestCase):
    """Screen readers list landmarks by name: two called only "search" cannot be told apart."""

    def test_each_search_landmark_has_its_own_name(self):
        for url in (URL, f"{URL}?q=album", reverse("home")):
            with self.subTest(url=url):
                names = search_landmarks(self.client.get(url))
                self.assertTrue(names)
                self.assertNotIn("", names)
                self.assertEqual(len(set(names)), len(names))

    def test_the_search_page_has_the_masthead_search_and_its_own(self):
        self.assertEqual(
            search_landmarks(self.client.get(URL)), ["Site search", "Search and filters"]
        )
