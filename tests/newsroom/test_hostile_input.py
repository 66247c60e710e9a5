"""Hostile text in every editor-controlled field: every page, feed, sitemap, calendar and
JSON-LD block stays well-formed, and no script, event handler or script address gets through.
(tests/browser/test_hostile_input.py then opens the pages in Chromium.)"""

import json
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser

import icalendar
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from artists.models import Release
from artists.views import CALENDAR_HISTORY
from common.text import multi_line, single_line
from newsroom.roles import EDITOR
from tests.factories import change_form_data, make_role_user
from tests.hostile import FIELDS_PER_STRING, HOSTILE, fill, pages_showing

SCRIPT_ADDRESS = ("javascript:", "vbscript:", "data:text/html")


class PageCheck(HTMLParser):
    """What must never be in a page: a script we did not write, an event handler, a script
    address; and every JSON-LD block must parse."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.json_ld, self._in_json = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            compact = "".join((value or "").split()).lower()
            if name in ("href", "src", "action", "formaction", "data") and compact.startswith(
                SCRIPT_ADDRESS
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_json = attrs.get("type") == "application/ld+json"
            self._json = ""
            source = attrs.get("src") or ""
            own = source.startswith("/") and not source.startswith("//")
            if not self._in_json and not own:
                self.problems.append(f"<script {attrs}>")
        if tag in ("iframe", "object", "embed", "base"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attrs:
            self.problems.append("<meta http-equiv>")

    def handle_endtag(self, tag):
        if tag == "script" and self._in_json:
            self._in_json = False
            try:
                self.json_ld.append(json.loads(self._json))
            except ValueError as error:
                self.problems.append(f"JSON-LD does not parse: {error}")

    def handle_data(self, data):
        if self._in_json:
            self._json += data  # long blocks arrive in pieces


class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.stories = fill()
        cls.editor = make_role_user(EDITOR, "editor")

    def check_page(self, address):
        response = self.client.get(address)
        self.assertEqual(response.status_code, 200, address)
        checker = PageCheck()
        checker.feed(response.content.decode())
        self.assertEqual(checker.problems, [], address)
        return checker

    def test_every_page_stays_well_formed_and_runs_nothing(self):
        pages = list(pages_showing(self.stories))
        for address in pages:
            with self.subTest(address=address):
                self.check_page(address)
        self.assertGreater(len(pages), 5 * len(HOSTILE))

    def test_json_ld_carries_the_text_intact(self):
        for story, text in zip(self.stories, HOSTILE, strict=True):
            with self.subTest(text=text[:40]):
                data = self.check_page(story.get_absolute_url()).json_ld
                article = next(block for block in data if block["@type"] == "NewsArticle")
                self.assertEqual(article["headline"], story.headline)

    def test_feeds_and_sitemaps_are_well_formed_xml(self):
        addresses = [
            reverse("articles:feed"),
            reverse("articles:feed_atom"),
            reverse("sitemap_index"),
            reverse("news_sitemap"),
        ]
        for section in ("stories", "artists", "releases", "tags"):
            addresses.append(f"/sitemap-{section}.xml")
        for story in self.stories:
            artist, release, tag = story.artists.get(), story.releases.get(), story.tags.get()
            addresses += [
                reverse("artists:feed", args=[artist.slug]),
                reverse("artists:release_feed_atom", args=[release.slug]),
                reverse("articles:tag_feed", args=[tag.slug]),
            ]
        for address in addresses:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 200)
                ElementTree.fromstring(response.content)  # raises if not well-formed

    def test_calendars_parse_and_no_title_adds_an_event(self):
        response = self.client.get(reverse("artists:calendar_ics"))
        calendar = icalendar.Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        shown = Release.objects.upcoming(timezone.now() - CALENDAR_HISTORY).count()
        self.assertEqual(len(events), shown)
        self.assertNotIn("injected", [str(event["SUMMARY"]) for event in events])
        for story in self.stories:
            artist = story.artists.get()
            response = self.client.get(reverse("artists:artist_ics", args=[artist.slug]))
            icalendar.Calendar.from_ical(response.content)

    def test_the_admin_shows_hostile_rows_without_running_them(self):
        self.client.force_login(self.editor)
        story = self.stories[0]
        for address in (
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_change", args=[story.pk]),
            reverse("admin:artists_artist_changelist"),
            reverse("admin:artists_artist_change", args=[story.artists.get().pk]),
            reverse("admin:artists_release_change", args=[story.releases.get().pk]),
        ):
            with self.subTest(address=address):
                self.check_page(address)

    def test_a_nul_character_is_a_form_error_not_a_crash(self):
        self.client.force_login(self.editor)
        story = self.stories[0]
        data = change_form_data(self.client, story, headline="Nul \x00 here")
        response = self.client.post(reverse("admin:articles_article_change", args=[story.pk]), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Null characters are not allowed")

    def test_every_field_holds_its_hostile_string(self):
        """The corpus really reaches the 14 fields: each holds its string, tidied as every
        save tidies it, cut to the field's length."""
        self.assertGreaterEqual(len(HOSTILE), 50)
        self.assertEqual(len(FIELDS_PER_STRING), 14)
        for n, (story, text) in enumerate(zip(self.stories, HOSTILE, strict=True)):
            with self.subTest(text=text[:40]):
                artist, release = story.artists.get(), story.releases.get()
                held = {
                    "headline": (story.headline, text),
                    "standfirst": (story.dek, text),
                    "caption": (story.hero_caption, text),
                    "image credit": (story.hero_credit, text),
                    "alt text": (story.hero_alt, text),
                    "source credit": (story.source_credit, text),
                    "artist name": (artist.name, text),
                    "alias": (artist.aliases.get().name, f"{text} alias"),
                    "release title": (release.title, text),
                    "track title": (release.tracks.get().title, text),
                    "tag": (story.tags.get().name, f"{text[:90]} {n}"),
                }
                for field, (value, source) in held.items():
                    start = value[:60].rstrip()
                    self.assertTrue(start and single_line(source).startswith(start), field)
                self.assertIn(multi_line(text)[:60], story.body)
                self.assertIn(multi_line(text)[:60], story.notes.get().text)
