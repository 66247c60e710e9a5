"""No hidden story leaks: an anonymous reader crawls every public surface and never meets a
draft, a story in review, a scheduled, unpublished or trashed one.

The crawl starts from the home page, the feeds, the sitemaps, robots.txt, the calendar
subscriptions and a search for every hidden headline, and follows every link it finds in
pages, feeds, sitemaps, calendars and JSON-LD. Each hidden story carries markers of its own
(headline, slug, standfirst, image file name, correction note, a tag and a byline only it
uses); none may appear in any response. A test of the test breaks one surface at a time and
shows the crawl catches it.
"""

import html
import re
from collections import deque
from types import SimpleNamespace
from unittest import mock
from urllib.parse import parse_qs, quote, quote_plus, urldefrag, urlsplit

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, FormerSlug, Note
from tests.factories import (
    byline_of,
    hours,
    image_file,
    make_article,
    make_artist,
    make_group,
    make_picture,
    make_release,
)

HOST = "testserver"
# Every address in a body: attributes, absolute URLs in feeds, sitemaps, calendars and JSON-LD.
LINK = re.compile(
    r"""(?:href|src|action|srcset)=["']([^"']+)["']|https?://testserver(/[^\s"'<>\\]*)"""
)
NOT_PAGES = ("/static/", "/media/", "/admin/")
MOST_PAGES = 3000

HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT},
    "review": {"status": Article.Status.IN_REVIEW},
    "scheduled": {"status": Article.Status.PUBLISHED, "published_at": "future"},
    "unpublished": {"status": Article.Status.UNPUBLISHED, "published_at": "past"},
    "trashed": {"status": Article.Status.PUBLISHED, "published_at": "past", "trashed": True},
}


def links_in(body):
    for match in LINK.finditer(body):
        for value in (match.group(1) or match.group(2)).split(","):  # srcset lists several
            address = html.unescape(value.strip().split(" ")[0])
            address = urldefrag(address)[0]
            if address.startswith(f"http://{HOST}/"):
                address = address[len(f"http://{HOST}") :]
            if address.startswith("/") and not address.startswith("//"):
                yield address


def crawl(client, starts):
    """{address: (status, text of the response)} for everything reachable from `starts`."""
    seen, queue, found = set(), deque(starts), {}
    while queue:
        address = queue.popleft()
        if address in seen or address.startswith(NOT_PAGES):
            continue
        seen.add(address)
        assert len(seen) <= MOST_PAGES, "the crawl never ends: a link loop?"
        response = client.get(address)
        text = response.content.decode(errors="replace")
        if response.get("Content-Type", "").startswith("text/calendar"):
            text = re.sub(r"\r\n[ \t]", "", text)  # RFC 5545 folds long lines
        text += "\n" + response.get("Location", "")
        found[address] = (response.status_code, text)
        queue.extend(links_in(text))
    return found


def echoes(address):
    """What a response may repeat of its own request: the address and the query typed."""
    query = parse_qs(urlsplit(address).query).get("q", [""])[0]
    said = [address, f"http://{HOST}{address}", html.escape(address)]
    if query:
        said += [query, html.escape(query), quote_plus(query), quote(query)]
    return sorted(said, key=len, reverse=True)


def leaks(found, markers):
    """(address, what leaked) for every hidden marker found on any surface, not counting a
    page repeating what the reader asked for (a search box showing the query)."""
    found_leaks = []
    for address, (_, text) in found.items():
        for echo in echoes(address):
            text = text.replace(echo, "")
        found_leaks += [(address, label) for label, marker in markers.items() if marker in text]
    return found_leaks


class LeakCrawlTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.group = make_group("Moonveil")
        cls.album = make_release("Tidal Letters", artists=[cls.group])
        # Artists and a release only hidden stories mention: their pages are public, the
        # stories are not.
        cls.quiet_artist = make_artist("Seoyun")
        cls.quiet_release = make_release(
            "Glass Orchard", artists=[cls.quiet_artist], release_at=timezone.now() + hours(72)
        )
        public_writer = get_user_model().objects.create(username="pub", first_name="Hana")
        cls.public = make_article(
            "Moonveil announce Tidal Letters",
            dek="The group returns in spring.",
            artists=[cls.group],
            releases=[cls.album],
            tags=["comeback"],
        )
        cls.public.set_bylines([byline_of(public_writer)])
        cls.markers = {}
        cls.hidden = {}
        for state, fields in HIDDEN_STATES.items():
            cls.hidden[state] = cls.make_hidden(state, dict(fields))

    @classmethod
    def make_hidden(cls, state, fields):
        word = f"zq{state}x"  # a token that appears nowhere else
        trashed = fields.pop("trashed", False)
        when = fields.pop("published_at", None)
        if when == "future":
            fields["published_at"] = timezone.now() + hours(48)
        elif when == "past":
            fields["published_at"] = timezone.now() - hours(5)
        story = make_article(
            f"Secret {word} headline",
            slug=f"secret-{word}-slug",
            dek=f"Embargoed {word} standfirst",
            body=f"Under embargo {word} body.",
            artists=[cls.group, cls.quiet_artist],
            releases=[cls.album, cls.quiet_release],
            tags=["comeback", f"{word}-tag"],
            hero=make_picture(image_file(f"{word}-hero.jpg"), alt_text=f"Alt {word}"),
            hero_caption=f"Caption {word}",
            **fields,
        )
        writer = get_user_model().objects.create(username=word, first_name=f"Writer{word}")
        story.set_bylines([byline_of(writer)])
        Note.objects.create(article=story, text=f"Correction {word} note")
        FormerSlug.objects.create(article=story, slug=f"old-{word}-slug")
        if trashed:
            Article.everything.filter(pk=story.pk).update(deleted_at=timezone.now())
        cls.markers[state] = word  # anywhere, in any form
        cls.markers.update(
            {
                f"{state} headline": f"Secret {word} headline",
                f"{state} slug": f"secret-{word}-slug",
                f"{state} former slug": f"old-{word}-slug",
                f"{state} standfirst": f"Embargoed {word} standfirst",
                f"{state} image": f"{word}-hero",
                f"{state} tag": f"{word}-tag",
                f"{state} note": f"Correction {word} note",
                f"{state} byline": f"Writer{word}",
            }
        )
        return story

    def starts(self):
        searches = [
            reverse("search") + "?q=" + quote_plus(text)
            for label, text in self.markers.items()
            if label.endswith(("headline", "standfirst", "tag", "note"))
        ]
        return [
            reverse("home"),
            reverse("robots"),
            reverse("sitemap_index"),
            reverse("news_sitemap"),
            reverse("articles:feed"),
            reverse("articles:feed_atom"),
            reverse("artists:calendar_ics"),
            *[story.get_absolute_url() for story in self.hidden.values()],
            *[f"/news/old-zq{state}x-slug/" for state in HIDDEN_STATES],
            *searches,
        ]

    def crawl(self):
        return crawl(self.client, self.starts())

    def test_no_hidden_story_appears_on_any_public_surface(self):
        found = self.crawl()
        self.assertEqual(leaks(found, self.markers), [])
        probes = {story.get_absolute_url() for story in self.hidden.values()}
        probes |= {f"/news/old-zq{state}x-slug/" for state in HIDDEN_STATES}
        broken = [a for a, (status, _) in found.items() if status >= 400 and a not in probes]
        self.assertEqual(broken, [], "links to pages that fail")
        # The crawl really went everywhere a reader can go.
        kinds = {
            "story": self.public.get_absolute_url(),
            "artist": self.group.get_absolute_url(),
            "quiet artist": self.quiet_artist.get_absolute_url(),
            "release": self.album.get_absolute_url(),
            "quiet release": self.quiet_release.get_absolute_url(),
            "tag": reverse("articles:tag", args=["comeback"]),
            "tag feed": reverse("articles:tag_feed", args=["comeback"]),
            "artist feed": reverse("artists:feed", args=[self.group.slug]),
            "release feed": reverse("artists:release_feed", args=[self.album.slug]),
            "artist calendar": reverse("artists:artist_ics", args=[self.quiet_artist.slug]),
            "calendar": reverse("artists:calendar"),
            "byline": self.public.bylines.get().get_absolute_url(),
        }
        for kind, address in kinds.items():
            with self.subTest(kind):
                self.assertEqual(found[address][0], 200)
        self.assertGreater(len(found), 60)

    def test_hidden_stories_answer_404_at_every_address(self):
        for state, story in self.hidden.items():
            with self.subTest(state):
                self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 404)
                self.assertEqual(self.client.get(f"/news/old-zq{state}x-slug/").status_code, 404)

    def test_the_crawl_catches_any_one_surface_that_forgets_the_rule(self):
        def everything():
            return Article.objects.exclude(published_at=None)

        class ForgetfulArticle:
            """`Article` as one module sees it, with `published()` forgetting the rule."""

            objects = SimpleNamespace(
                published=lambda now=None: everything(),
                filter=Article.objects.filter,
                none=Article.objects.none,
            )

        surfaces = {
            "latest feed": ("articles.feeds.LatestStories.stories", lambda self, obj: everything()),
            "story sitemap": (
                "articles.sitemaps.StorySitemap.items",
                lambda self: everything().order_by("-pk"),
            ),
            "home page and search": ("newsroom.views.Article", ForgetfulArticle),
            "tag page and feed": (
                "articles.models.ArticleQuerySet.tagged",
                lambda self, tag: everything().filter(tags=tag),
            ),
            "related stories": (
                "articles.models.Article.more_on_artists",
                lambda self, exclude=(), limit=6: everything().exclude(pk=self.pk)[:limit],
            ),
        }
        for name, (target, broken) in surfaces.items():
            with self.subTest(name), mock.patch(target, broken):
                self.assertTrue(leaks(self.crawl(), self.markers), f"{name}: no leak seen")

    def test_the_crawl_follows_links_in_every_format(self):
        body = (
            '<a href="/a/?x=1&amp;y=2#top">a</a><img srcset="/b.webp 1x, /c.webp 2x">'
            "<loc>http://testserver/d/</loc>"
            '{"url":"http://testserver/e/"}'
            "URL:http://testserver/f/\r\n"
            '<a href="https://elsewhere.example/g/">g</a>'
        )
        self.assertEqual(
            list(links_in(body)), ["/a/?x=1&y=2", "/b.webp", "/c.webp", "/d/", "/e/", "/f/"]
        )
