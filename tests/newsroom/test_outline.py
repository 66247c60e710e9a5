"""Every public page of the demo as a screen reader's heading list and a browser's image
priorities see it: one h1, no level skipped, and the page's largest image fetched first."""

import re
from html.parser import HTMLParser
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from articles.models import Article, Byline
from artists.models import Artist, Release

HEADING = re.compile(r"h[1-6]")


class Outline(HTMLParser):
    """The page's headings, as (level, text), and its images' attributes, in page order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.images, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        if HEADING.fullmatch(tag):
            self._open = [int(tag[1]), ""]
        elif tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        if self._open:
            self._open[1] += data

    def handle_endtag(self, tag):
        if HEADING.fullmatch(tag) and self._open:
            self.headings.append((self._open[0], " ".join(self._open[1].split())))
            self._open = None


def outline(html):
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


def skips(headings):
    """Each heading deeper than one below the heading before it (an h1 → h3)."""
    pairs = zip(headings, headings[1:], strict=False)  # each with the next
    return [(a, b) for a, b in pairs if b[0] > a[0] + 1]


class DemoPageTests(TestCase):
    """One demo, loaded once, for both: loading it is most of the time."""

    @classmethod
    def setUpTestData(cls):
        call_command("demo", stdout=StringIO())
        stories = Article.objects.published().order_by("pk")
        artists = Artist.objects.order_by("pk")
        cls.pages = {
            "home": reverse("home"),
            "stories": reverse("articles:list"),
            "filtered stories": reverse("articles:list") + "?artist=rm",
            "tag": reverse("articles:tag", args=[stories[0].tags.order_by("pk")[0].slug]),
            "artists": reverse("artists:list"),
            "releases": reverse("artists:releases"),
            "calendar": reverse("artists:calendar"),
            "search": reverse("search") + "?q=RM",
            "search, nothing found": reverse("search") + "?q=zzzqqq",
            "not found": "/news/no-such-story/",
            **{f"story {s.slug}": s.get_absolute_url() for s in stories},
            **{f"artist {a.slug}": a.get_absolute_url() for a in artists},
            **{f"release {r.slug}": r.get_absolute_url() for r in Release.objects.all()},
            **{f"byline {b.slug}": b.get_absolute_url() for b in Byline.objects.all()},
        }

        cls.seen = {}  # the pages only read the database: each is fetched once for all tests

    def read(self, name):
        if name not in self.seen:
            response = self.client.get(self.pages[name])
            self.assertIn(response.status_code, (200, 404), name)
            self.seen[name] = outline(response.content.decode())
        return self.seen[name]

    def test_the_demo_has_every_kind_of_page(self):
        kinds = {name.split()[0] for name in self.pages}
        self.assertLessEqual({"story", "artist", "release", "byline"}, kinds)

    def test_each_page_has_one_h1_first_and_never_skips_a_level(self):
        for name in self.pages:
            with self.subTest(name):
                headings = self.read(name).headings
                self.assertEqual([h for h in headings if h[0] == 1], headings[:1], headings)
                self.assertEqual(headings[0][0], 1, headings)
                self.assertEqual(skips(headings), [])

    def test_the_home_page_names_itself_in_its_h1(self):
        headings = self.read("home").headings
        self.assertIn("K-pop news", headings[0][1])

    def test_cards_head_their_section_a_level_below_it(self):
        for name in ("stories", "tag", "home"):
            with self.subTest(name):
                headings = self.read(name).headings
                levels = [level for level, _ in headings]
                self.assertIn(3, levels)  # the cards
                self.assertEqual(levels[1], 2)

    def test_the_story_body_and_live_entries_sit_under_their_headings(self):
        story = Article.objects.published().filter(body__contains="\n#").first()
        live = Article.objects.published().exclude(live="").first()
        for article in filter(None, (story, live)):
            with self.subTest(article.slug):
                headings = outline(self.client.get(article.get_absolute_url()).content.decode())
                self.assertEqual(skips(headings.headings), [])
        self.assertIsNotNone(live, "the demo has live coverage")

    def prioritised(self, name):
        images = self.read(name).images
        return [image for image in images if image.get("fetchpriority") == "high"], images

    def test_the_artist_photo_and_the_release_cover_are_fetched_first(self):
        for name in self.pages:
            if not name.startswith(("artist ", "release ")):
                continue
            with self.subTest(name):
                first, images = self.prioritised(name)
                self.assertEqual(len(first), 1)
                self.assertIs(first[0], images[0])  # the photo or cover, above any card
                self.assertEqual(first[0].get("loading"), "eager")

    def test_a_story_hero_and_the_home_lead_are_fetched_first(self):
        story = Article.objects.published().exclude(hero=None).first()
        self.pages["hero story"] = story.get_absolute_url()
        for name in ("home", "hero story"):
            with self.subTest(name):
                first, images = self.prioritised(name)
                self.assertEqual(len(first), 1)
                self.assertIs(first[0], images[0])

    def test_cards_on_list_pages_are_not(self):
        for name in ("stories", "filtered stories", "tag"):
            with self.subTest(name):
                first, images = self.prioritised(name)
                self.assertTrue(images, "the page shows cards with pictures")
                self.assertEqual(first, [])
                self.assertTrue(all(image.get("loading") == "lazy" for image in images))
