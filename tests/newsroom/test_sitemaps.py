"""Sitemaps and robots.txt: valid XML, published stories only, news limited to two days."""

import xml.etree.ElementTree as ET
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from tests.factories import hours, make_article, make_artist, make_draft, make_release, now

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def parse(response, root_tag):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SM}{root_tag}", root.tag
    return root


def locations(root):
    return [loc.text for loc in root.iter(f"{SM}loc")]


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm])
        cls.fresh = make_article("Fresh", tags=["Album"], published_at=now() - hours(2))
        cls.old = make_article("Old", tags=["Review"], published_at=now() - hours(24 * 5))
        cls.draft = make_draft("Secret", slug="secret-story", tags=["Hidden tag"])
        cls.scheduled = make_article("Later", slug="later-story", published_at=now() + hours(1))

    def test_the_index_lists_each_section_with_its_last_change(self):
        root = parse(self.client.get("/sitemap.xml"), "sitemapindex")
        sections = {loc.rsplit("/", 1)[1]: loc for loc in locations(root)}
        self.assertEqual(
            set(sections),
            {
                "sitemap-pages.xml",
                "sitemap-stories.xml",
                "sitemap-artists.xml",
                "sitemap-releases.xml",
                "sitemap-tags.xml",
                "sitemap-news.xml",
            },
        )
        for sitemap in root.findall(f"{SM}sitemap"):
            self.assertIsNotNone(parse_datetime(sitemap.findtext(f"{SM}lastmod")))

    def test_each_section_is_a_urlset_of_public_pages(self):
        stories = locations(parse(self.client.get("/sitemap-stories.xml"), "urlset"))
        self.assertEqual(
            [loc.split("testserver")[1] for loc in stories],
            [self.fresh.get_absolute_url(), self.old.get_absolute_url()],
        )
        artists = locations(parse(self.client.get("/sitemap-artists.xml"), "urlset"))
        self.assertTrue(artists[0].endswith(self.rm.get_absolute_url()))
        releases = locations(parse(self.client.get("/sitemap-releases.xml"), "urlset"))
        self.assertTrue(releases[0].endswith(self.album.get_absolute_url()))
        tags = locations(parse(self.client.get("/sitemap-tags.xml"), "urlset"))
        self.assertEqual([t.rsplit("/", 2)[1] for t in tags], ["album", "review"])

    def test_every_url_has_a_lastmod(self):
        for section in ["pages", "stories", "artists", "releases", "tags"]:
            with self.subTest(section=section):
                root = parse(self.client.get(f"/sitemap-{section}.xml"), "urlset")
                for url in root.findall(f"{SM}url"):
                    self.assertTrue(url.findtext(f"{SM}lastmod"))

    def test_hidden_stories_and_their_tags_are_in_no_sitemap(self):
        for url in [
            "/sitemap.xml",
            "/sitemap-stories.xml",
            "/sitemap-tags.xml",
            "/sitemap-news.xml",
        ]:
            with self.subTest(url=url):
                body = self.client.get(url).content.decode()
                self.assertNotIn("secret", body)
                self.assertNotIn("later-story", body)
                self.assertNotIn("hidden-tag", body)

    @override_settings(SITE_NAME="K-Wave Daily", NEWS_LANGUAGE="en")
    def test_the_news_sitemap_has_the_last_two_days_with_publication_details(self):
        root = parse(self.client.get(reverse("news_sitemap")), "urlset")
        urls = root.findall(f"{SM}url")
        self.assertEqual(len(urls), 1)
        news = urls[0].find(f"{NEWS}news")
        self.assertEqual(news.findtext(f"{NEWS}publication/{NEWS}name"), "K-Wave Daily")
        self.assertEqual(news.findtext(f"{NEWS}publication/{NEWS}language"), "en")
        self.assertEqual(news.findtext(f"{NEWS}title"), "Fresh")
        published = parse_datetime(news.findtext(f"{NEWS}publication_date"))
        self.assertEqual(published, self.fresh.published_at)

    def test_the_news_sitemap_stops_at_its_limit(self):
        for n in range(4):
            make_article(f"Breaking {n}")
        with mock.patch("articles.sitemaps.NEWS_LIMIT", 3):
            root = parse(self.client.get(reverse("news_sitemap")), "urlset")
        self.assertEqual(len(root.findall(f"{SM}url")), 3)

    def test_a_headline_cannot_break_the_xml(self):
        make_article("Tom & Jerry <b>live</b> ]]>")
        root = parse(self.client.get(reverse("news_sitemap")), "urlset")
        self.assertIn("Tom & Jerry <b>live</b> ]]>", [t.text for t in root.iter(f"{NEWS}title")])

    def test_the_index_query_count_is_fixed(self):
        self.client.get("/sitemap.xml")
        with self.assertNumQueries(10):
            self.client.get("/sitemap.xml")
        for n in range(30):
            make_article(f"More {n}", tags=[f"tag {n}"])
        with self.assertNumQueries(10):
            self.client.get("/sitemap.xml")

    def test_robots_txt_points_to_the_sitemaps(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        body = response.content.decode()
        self.assertIn("Sitemap: http://testserver/sitemap.xml", body)
        # The index names the news sitemap while it has stories; robots.txt would name it
        # when it is empty too, which is invalid.
        self.assertNotIn("sitemap-news.xml", body)
        self.assertIn("Disallow: /admin/", body)


class PublicAddressTests(TestCase):
    """Sitemaps give the site's one public address (SITE_URL), whatever Host was asked."""

    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Fresh", tags=["Album"], published_at=now() - hours(2))
        cls.artist = make_artist("RM")

    def every_location(self, **headers):
        index = locations(parse(self.client.get("/sitemap.xml", **headers), "sitemapindex"))
        found = list(index)
        for location in index:
            path = location.removeprefix("https://news.example.com")
            found += locations(parse(self.client.get(path, **headers), "urlset"))
        robots = self.client.get("/robots.txt", **headers).content.decode()
        return found, robots

    @override_settings(SITE_URL="https://news.example.com")
    def test_every_address_is_at_site_url_whatever_the_host(self):
        as_localhost = self.every_location(HTTP_HOST="localhost")
        self.assertEqual(as_localhost, self.every_location(HTTP_HOST="127.0.0.1"))
        found, robots = as_localhost
        self.assertIn(f"https://news.example.com{self.story.get_absolute_url()}", found)
        self.assertIn(f"https://news.example.com{self.artist.get_absolute_url()}", found)
        self.assertTrue(all(url.startswith("https://news.example.com/") for url in found))
        self.assertIn("Sitemap: https://news.example.com/sitemap.xml", robots)


class EmptySitemapTests(TestCase):
    """A `urlset` without a `url` is invalid: the index leaves the news sitemap out while it
    lists nothing, and names it again once a story comes out."""

    def sections(self):
        root = parse(self.client.get("/sitemap.xml"), "sitemapindex")
        return [loc.rsplit("/", 1)[1] for loc in locations(root)]

    def test_on_an_empty_site_the_index_lists_the_site_pages_alone(self):
        self.assertEqual(self.sections(), ["sitemap-pages.xml"])
        pages = locations(parse(self.client.get("/sitemap-pages.xml"), "urlset"))
        self.assertEqual(pages, ["http://testserver/", "http://testserver/news/"])

    def test_a_section_comes_in_with_its_first_entry(self):
        make_artist("RM")
        self.assertEqual(self.sections(), ["sitemap-pages.xml", "sitemap-artists.xml"])

    def test_stories_older_than_two_days_leave_it_out_too(self):
        make_article("Old", published_at=now() - hours(24 * 3))
        make_article("Later", slug="later-story", published_at=now() + hours(1))
        make_draft("Secret", slug="secret-story")
        self.assertNotIn("sitemap-news.xml", self.sections())

    def test_a_fresh_story_brings_it_back_with_its_time_as_lastmod(self):
        story = make_article("Fresh", published_at=now() - hours(1))
        root = parse(self.client.get("/sitemap.xml"), "sitemapindex")
        entries = {
            entry.findtext(f"{SM}loc").rsplit("/", 1)[1]: entry.findtext(f"{SM}lastmod")
            for entry in root.findall(f"{SM}sitemap")
        }
        self.assertEqual(parse_datetime(entries["sitemap-news.xml"]), story.published_at)
