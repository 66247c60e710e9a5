"""RSS 2.0 and Atom feeds: valid, published stories only, one per artist, release and tag."""

import email.utils
import xml.etree.ElementTree as ET
from io import StringIO

import feedparser
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from articles.models import Article, public_tags
from artists.models import Artist, Release
from tests.factories import (
    byline_of,
    hours,
    image_file,
    make_article,
    make_artist,
    make_draft,
    make_gallery,
    make_group,
    make_membership,
    make_picture,
    make_release,
    make_user,
    now,
)

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "http://search.yahoo.com/mrss/"


def rss_items(response):
    """The items of an RSS 2.0 document, after checking what the specification requires."""
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required), required
    items = channel.findall("item")
    for item in items:
        assert item.findtext("title") and item.findtext("link") and item.findtext("guid")
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
    return items


def atom_entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}"), required
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith("tag:")
        assert entry.find(f"{ATOM}link").get("href").startswith("http")
        for stamp in ("published", "updated"):
            assert parse_datetime(entry.findtext(f"{ATOM}{stamp}")).tzinfo is not None
    return entries


def titles(items, ns=""):
    return [item.findtext(f"{ns}title") for item in items]


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.bts = make_group("BTS")
        cls.rm = make_artist("RM")
        make_membership(cls.rm, cls.bts)
        cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm])
        cls.single = make_release("Come Back to Me", artists=[cls.rm], parent_album=cls.album)
        author = make_user("hana")
        author.first_name, author.last_name = "Hana", "Seo"
        author.save()
        cls.video = make_article(
            "The video, explained",
            dek="Three days in Paju.",
            artists=[cls.rm],
            releases=[cls.single],
            tags=["Music video"],
        )
        cls.video.set_bylines([byline_of(author)])
        cls.group = make_article(
            "Anniversary week", artists=[cls.bts], published_at=now() - hours(5)
        )
        cls.draft = make_draft(
            "Embargoed", artists=[cls.rm], releases=[cls.album], tags=["Music video"]
        )
        cls.scheduled = make_article("Not yet", artists=[cls.rm], published_at=now() + hours(2))

    def test_latest_is_valid_rss_with_published_stories_newest_first(self):
        items = rss_items(self.client.get(reverse("articles:feed")))
        self.assertEqual(titles(items), ["The video, explained", "Anniversary week"])
        first = items[0]
        self.assertEqual(first.findtext("description"), "Three days in Paju.")
        self.assertEqual(first.find("guid").get("isPermaLink"), "false")
        self.assertEqual(first.findtext("category"), "Music video")
        self.assertTrue(first.findtext("link").endswith(self.video.get_absolute_url()))

    def test_a_storys_galleries_and_pictures_are_media_entries_with_their_credits(self):
        first = make_picture(caption="On stage", credit="Yonhap / Kim Ji-ho")
        second = make_picture(credit="BIGHIT MUSIC", copyright_notice="© BIGHIT MUSIC")
        withdrawn = make_picture(hidden=True)
        gallery = make_gallery([first, second, withdrawn], captions=["", "Backstage"])
        make_article("Showcase", body=f"Words.\n\n[gallery:{gallery.pk}]")
        for name in ("articles:feed", "articles:feed_atom"):
            with self.subTest(name):
                feed = ET.fromstring(self.client.get(reverse(name)).content)
                entries = feed.findall(f".//{{{MEDIA}}}content")
                self.assertEqual(len(entries), 2)  # the withdrawn picture is left out
                self.assertTrue(entries[0].get("url").startswith("http://testserver/media/"))
                self.assertEqual(entries[0].get("medium"), "image")
                self.assertEqual(entries[0].findtext(f"{{{MEDIA}}}description"), "On stage")
                self.assertEqual(entries[0].findtext(f"{{{MEDIA}}}credit"), "Yonhap / Kim Ji-ho")
                self.assertEqual(entries[1].findtext(f"{{{MEDIA}}}description"), "Backstage")
                self.assertEqual(entries[1].findtext(f"{{{MEDIA}}}copyright"), "© BIGHIT MUSIC")

    def test_the_hero_image_is_the_enclosure(self):
        make_article(
            "Pictured", hero=make_picture(image_file(size=(1280, 720)), alt_text="A stage")
        )
        item = rss_items(self.client.get(reverse("articles:feed")))[0]
        enclosure = item.find("enclosure")
        self.assertEqual(enclosure.get("type"), "image/jpeg")
        self.assertTrue(enclosure.get("url").startswith("http://testserver/"))
        self.assertGreater(int(enclosure.get("length")), 0)

    def test_latest_is_valid_atom_with_authors(self):
        entries = atom_entries(self.client.get(reverse("articles:feed_atom")))
        self.assertEqual(titles(entries, ATOM), ["The video, explained", "Anniversary week"])
        self.assertEqual(entries[0].findtext(f"{ATOM}author/{ATOM}name"), "Hana Seo")

    def test_the_id_of_a_story_survives_a_new_address(self):
        before = rss_items(self.client.get(reverse("articles:feed")))[0].findtext("guid")
        self.video.slug = "a-new-address"
        self.video.save()
        after = rss_items(self.client.get(reverse("articles:feed")))[0].findtext("guid")
        self.assertEqual(before, after)

    def test_a_groups_feed_includes_its_members_stories(self):
        url = reverse("artists:feed", kwargs={"slug": self.bts.slug})
        self.assertEqual(
            titles(rss_items(self.client.get(url))), ["The video, explained", "Anniversary week"]
        )
        url = reverse("artists:feed_atom", kwargs={"slug": self.rm.slug})
        self.assertEqual(titles(atom_entries(self.client.get(url)), ATOM), ["The video, explained"])

    def test_a_release_feed_covers_its_family(self):
        url = reverse("artists:release_feed", kwargs={"slug": self.album.slug})
        self.assertEqual(titles(rss_items(self.client.get(url))), ["The video, explained"])

    def test_a_tag_feed(self):
        url = reverse("articles:tag_feed", kwargs={"slug": "music-video"})
        self.assertEqual(titles(rss_items(self.client.get(url))), ["The video, explained"])
        url = reverse("articles:tag_feed_atom", kwargs={"slug": "music-video"})
        self.assertEqual(len(atom_entries(self.client.get(url))), 1)

    def test_no_feed_carries_a_hidden_story(self):
        urls = [
            reverse("articles:feed"),
            reverse("articles:feed_atom"),
            reverse("artists:feed", kwargs={"slug": self.rm.slug}),
            reverse("artists:release_feed", kwargs={"slug": self.album.slug}),
            reverse("articles:tag_feed", kwargs={"slug": "music-video"}),
        ]
        for url in urls:
            with self.subTest(url=url):
                body = self.client.get(url).content.decode()
                self.assertNotIn("Embargoed", body)
                self.assertNotIn("Not yet", body)

    def test_unknown_slugs_are_404(self):
        for name in ["artists:feed", "artists:release_feed", "articles:tag_feed"]:
            with self.subTest(name=name):
                url = reverse(name, kwargs={"slug": "nobody"})
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_query_count_does_not_grow_with_items(self):
        url = reverse("artists:feed", kwargs={"slug": self.bts.slug})

        def pictured(n):
            gallery = make_gallery([make_picture(), make_picture()])
            body = f"Words.\n\n[picture:{make_picture().pk}]\n\n[gallery:{gallery.pk}]"
            story = make_article(f"Story {n}", artists=[self.rm], tags=[f"tag {n}", "x"], body=body)
            story.lead_gallery = make_gallery([make_picture()])
            story.save()
            story.set_bylines([byline_of(make_user())])

        pictured(0)
        self.client.get(url)
        # the artist, its members, stories, bylines, tags, body pictures, lead galleries and
        # their pictures, body galleries and their pictures
        with self.assertNumQueries(10):
            self.client.get(url)
        for n in range(1, 30):
            pictured(n)
        with self.assertNumQueries(10):
            response = self.client.get(url)
        self.assertEqual(response.content.count(b"<media:content"), 30 * 4)

    def test_pages_link_their_feeds(self):
        pages = {
            reverse("home"): reverse("articles:feed"),
            self.rm.get_absolute_url(): reverse("artists:feed", kwargs={"slug": self.rm.slug}),
            self.album.get_absolute_url(): reverse(
                "artists:release_feed", kwargs={"slug": self.album.slug}
            ),
            reverse("articles:tag", kwargs={"slug": "music-video"}): reverse(
                "articles:tag_feed", kwargs={"slug": "music-video"}
            ),
        }
        for page, feed in pages.items():
            with self.subTest(page=page):
                self.assertContains(
                    self.client.get(page), 'type="application/rss+xml" title="', html=False
                )
                self.assertContains(self.client.get(page), f'href="{feed}"')


# The feeds of an artist, a release and a tag, by URL name.
FEEDS = (
    ("feed", "feed_atom"),
    ("release_feed", "release_feed_atom"),
    ("tag_feed", "tag_feed_atom"),
)


def feed_urls():
    """Every feed the site publishes, for what the database holds."""
    urls = [reverse("articles:feed"), reverse("articles:feed_atom")]
    for artist in Artist.objects.all():
        urls += [reverse(f"artists:{name}", kwargs={"slug": artist.slug}) for name in FEEDS[0]]
    for release in Release.objects.all():
        urls += [reverse(f"artists:{name}", kwargs={"slug": release.slug}) for name in FEEDS[1]]
    for tag in public_tags():
        urls += [reverse(f"articles:{name}", kwargs={"slug": tag.slug}) for name in FEEDS[2]]
    for story in Article.objects.published().exclude(live=""):
        urls.append(reverse("articles:live_feed", kwargs={"slug": story.slug}))
    return urls


class FeedParserMixin:
    """Feeds read by feedparser, as feed readers read them: well-formed, nothing it had to
    guess (its `bozo` flag), every entry with a link and an id."""

    def parsed(self, url, **headers):
        response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, 200, url)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, f"{url}: {feed.get('bozo_exception')}")
        return feed

    def assert_every_feed_parses(self):
        urls = feed_urls()
        for url in urls:
            with self.subTest(url=url):
                feed = self.parsed(url)
                self.assertTrue(feed.feed.title and feed.feed.link)
                for entry in feed.entries:
                    self.assertTrue(entry.id.startswith("tag:testserver,"), entry.id)
                    self.assertTrue(entry.link.startswith("http://testserver/"), entry.link)
        return urls


class DemoFeedParserTests(FeedParserMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("demo", stdout=StringIO())

    def test_every_feed_of_the_demo_parses_without_a_fault(self):
        urls = self.assert_every_feed_parses()
        self.assertGreater(len(urls), 10)
        self.assertTrue(any("/live/feed/" in url for url in urls))
        self.assertTrue(self.parsed(reverse("articles:feed")).entries)


class EmptyFeedParserTests(FeedParserMixin, TestCase):
    def test_the_feeds_of_an_empty_site_parse_without_a_fault(self):
        self.assertEqual(len(self.assert_every_feed_parses()), 2)
        self.assertEqual(self.parsed(reverse("articles:feed_atom")).entries, [])


class PublicAddressTests(FeedParserMixin, TestCase):
    """Ids and links come from SITE_URL and ID_AUTHORITY, never from the Host asked for."""

    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        cls.story = make_article("The video, explained", artists=[cls.rm], tags=["Video"])
        cls.urls = [
            reverse("articles:feed"),
            reverse("articles:feed_atom"),
            reverse("artists:feed", kwargs={"slug": cls.rm.slug}),
        ]

    def entries(self, url, host):
        feed = self.parsed(url, HTTP_HOST=host)
        return feed.feed.link, [(entry.id, entry.link) for entry in feed.entries]

    @override_settings(SITE_URL="https://news.example.com", ID_AUTHORITY="news.example.com")
    def test_the_same_story_has_one_id_and_one_link_whatever_the_host(self):
        for url in self.urls:
            with self.subTest(url=url):
                as_localhost = self.entries(url, "localhost")
                self.assertEqual(as_localhost, self.entries(url, "127.0.0.1"))
                link, [(guid, story_link)] = as_localhost
                self.assertTrue(link.startswith("https://news.example.com/"))
                self.assertEqual(
                    story_link, f"https://news.example.com{self.story.get_absolute_url()}"
                )
                self.assertRegex(guid, rf"^tag:news\.example\.com,[-\d]+:story-{self.story.pk}$")

    def test_a_new_site_url_keeps_the_ids_and_moves_the_links(self):
        with override_settings(SITE_URL="https://news.example.com", ID_AUTHORITY="testserver"):
            before = self.entries(self.urls[1], "localhost")[1]
        with override_settings(SITE_URL="https://kpop.example.org", ID_AUTHORITY="testserver"):
            after = self.entries(self.urls[1], "localhost")[1]
        self.assertEqual([guid for guid, _ in before], [guid for guid, _ in after])
        self.assertEqual(after[0][1], f"https://kpop.example.org{self.story.get_absolute_url()}")
