"""JSON-LD, Open Graph and canonical links on public pages."""

import datetime as dt
import json
import re

from django.test import TestCase, override_settings
from django.urls import reverse

from artists.models import Alias, Label, Release, Track
from tests.factories import (
    byline_of,
    hours,
    image_file,
    make_article,
    make_artist,
    make_draft,
    make_group,
    make_membership,
    make_picture,
    make_release,
    make_user,
    now,
)

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response):
    blocks = LD.findall(response.content.decode())
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


def meta(response, prop):
    found = re.findall(
        rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)">',
        response.content.decode(),
    )
    return found


class NewsArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.bts = make_group("BTS")
        cls.rm = make_artist("RM")
        cls.single = make_release(
            "Come Back to Me", artists=[cls.rm], kind=Release.Kind.PRE_RELEASE
        )
        cls.writer = make_user("hana")
        cls.writer.first_name, cls.writer.last_name = "Hana", "Seo"
        cls.writer.save()
        cls.story = make_article(
            "The video, explained",
            dek="Three days in Paju.",
            artists=[cls.rm, cls.bts],
            releases=[cls.single],
            tags=["Music video"],
            published_at=now().replace(hour=4, minute=0, second=0) - hours(24),
        )
        cls.story.set_bylines([byline_of(cls.writer)])

    def test_news_article_carries_what_google_news_reads(self):
        data = json_ld(self.client.get(self.story.get_absolute_url()))
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], "The video, explained")
        self.assertEqual(data["description"], "Three days in Paju.")
        self.assertTrue(data["datePublished"].endswith("+09:00"))
        self.assertTrue(dt.datetime.fromisoformat(data["dateModified"]).tzinfo)
        self.assertEqual(
            data["author"],
            [
                {
                    "@type": "Person",
                    "name": "Hana Seo",
                    "url": f"http://testserver{byline_of(self.writer).get_absolute_url()}",
                }
            ],
        )
        self.assertEqual(data["publisher"]["@type"], "NewsMediaOrganization")
        self.assertTrue(data["publisher"]["logo"]["url"].startswith("http://testserver/"))
        self.assertEqual(
            data["mainEntityOfPage"]["@id"], f"http://testserver{self.story.get_absolute_url()}"
        )
        self.assertEqual(data["keywords"], ["Music video"])

    def test_about_points_to_artists_and_the_release(self):
        about = json_ld(self.client.get(self.story.get_absolute_url()))["about"]
        self.assertEqual(
            [(a["@type"], a["name"]) for a in about],
            [("MusicGroup", "BTS"), ("Person", "RM"), ("MusicAlbum", "Come Back to Me")],
        )
        self.assertEqual(about[2]["albumReleaseType"], "SingleRelease")
        self.assertTrue(about[1]["url"].endswith(self.rm.get_absolute_url()))

    def test_text_cannot_break_out_of_the_script_element(self):
        story = make_article("</script><script>alert(1)</script>", dek="<!-- & -->", body="x")
        response = self.client.get(story.get_absolute_url())
        html = response.content.decode()
        self.assertNotIn("<script>alert(1)", html)
        data = json_ld(response)
        self.assertEqual(data["headline"], "</script><script>alert(1)</script>")
        self.assertEqual(data["description"], "<!-- & -->")

    def test_social_cards_and_canonical(self):
        response = self.client.get(self.story.get_absolute_url() + "?utm_source=x")
        canonical = f"http://testserver{self.story.get_absolute_url()}"
        self.assertContains(response, f'<link rel="canonical" href="{canonical}">')
        self.assertEqual(meta(response, "og:url"), [canonical])
        self.assertEqual(meta(response, "og:type"), ["article"])
        self.assertEqual(meta(response, "og:title"), ["The video, explained"])
        self.assertEqual(meta(response, "og:description"), ["Three days in Paju."])
        self.assertEqual(meta(response, "article:tag"), ["Music video"])
        self.assertEqual(len(meta(response, "article:published_time")), 1)
        self.assertEqual(meta(response, "twitter:card"), ["summary"])


class ArtistAndReleaseDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.bts = make_group("BTS", hangul_name="방탄소년단", debut_date=dt.date(2013, 6, 13))
        cls.rm = make_artist("RM", hangul_name="알엠", birth_name="Kim Namjoon")
        Alias.objects.create(artist=cls.rm, name="김남준", language=Alias.Language.KOREAN)
        make_membership(cls.rm, cls.bts, role="Leader", started_on=dt.date(2013, 6, 13))
        label = Label.objects.create(name="BIGHIT MUSIC", slug="bighit-music")
        cls.album = make_release(
            "Right Place, Wrong Person",
            artists=[cls.rm],
            label=label,
            tracks=["Right People, Wrong Place", "LOST!"],
        )
        Track.objects.filter(title="LOST!").update(is_title_track=True)

    def test_a_group_is_a_music_group_with_members_and_dates(self):
        data = json_ld(self.client.get(self.bts.get_absolute_url()))
        self.assertEqual(data["@type"], "MusicGroup")
        self.assertEqual(data["alternateName"], ["방탄소년단"])
        self.assertEqual(data["foundingDate"], "2013-06-13")
        member = data["member"][0]
        self.assertEqual(member["member"]["name"], "RM")
        self.assertEqual(member["startDate"], "2013-06-13")
        self.assertEqual(member["roleName"], "Leader")

    def test_a_soloist_is_a_person_with_every_name(self):
        data = json_ld(self.client.get(self.rm.get_absolute_url()))
        self.assertEqual(data["@type"], "Person")
        self.assertEqual(data["alternateName"], ["알엠", "Kim Namjoon", "김남준"])
        self.assertEqual(data["memberOf"][0]["memberOf"]["name"], "BTS")

    def test_a_release_is_a_music_album_with_its_type_and_tracks(self):
        response = self.client.get(self.album.get_absolute_url())
        data = json_ld(response)
        self.assertEqual(data["@type"], "MusicAlbum")
        self.assertEqual(data["albumReleaseType"], "AlbumRelease")
        self.assertEqual(data["albumProductionType"], "StudioAlbum")
        self.assertEqual(data["byArtist"][0]["name"], "RM")
        self.assertEqual(data["numTracks"], 2)
        self.assertEqual(data["track"]["itemListElement"][1]["item"]["name"], "LOST!")
        self.assertEqual(data["recordLabel"]["name"], "BIGHIT MUSIC")
        self.assertEqual(meta(response, "og:type"), ["music.album"])

    def test_streaming_and_shop_links_stay_out_of_the_album_data(self):
        """Neither is what schema.org and Google mean: `sameAs` is a reference page about
        the album (Wikipedia, Wikidata), `offers` an offer with its price from the seller's
        own page (artists/structured_data.py)."""
        self.album.links.create(platform="spotify", url="https://open.spotify.com/album/4Nw9")
        self.album.links.create(platform="yes24", url="https://www.yes24.com/Product/Goods/8")
        response = self.client.get(self.album.get_absolute_url())
        self.assertContains(response, 'href="https://open.spotify.com/album/4Nw9"')
        block = LD.findall(response.content.decode())[0]
        self.assertNotIn("sameAs", json_ld(response))
        self.assertNotIn("offers", json_ld(response))
        self.assertNotIn("spotify", block)
        self.assertNotIn("yes24", block)

    def test_the_home_page_describes_the_site_and_its_search(self):
        data = json_ld(self.client.get(reverse("home")))
        self.assertEqual(data["@type"], "WebSite")
        self.assertEqual(
            data["potentialAction"]["target"]["urlTemplate"],
            "http://testserver/search/?q={search_term_string}",
        )


class BylinePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_user("hana.seo")
        cls.writer.first_name, cls.writer.last_name = "Hana", "Seo"
        cls.writer.save()
        cls.byline = byline_of(cls.writer)
        cls.url = cls.byline.get_absolute_url()
        cls.story = make_article("Published piece", bylines=[cls.byline])
        cls.draft = make_draft("Unpublished piece", bylines=[cls.byline])
        cls.drafter = make_user("only.drafts")
        make_draft("Only a draft", bylines=[cls.drafter])

    def test_lists_the_writers_published_stories_only(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Hana Seo")
        self.assertContains(response, "Published piece")
        self.assertNotContains(response, "Unpublished piece")

    def test_the_address_uses_the_name_not_the_login(self):
        self.assertEqual(self.url, "/news/by/hana-seo/")
        self.assertNotIn("hana.seo", self.client.get(self.url).content.decode())

    def test_the_old_addresses_by_account_number_redirect_for_good(self):
        for name in ("hana-seo", "someone", "writer"):
            with self.subTest(name=name):
                response = self.client.get(f"/news/by/{self.writer.pk}-{name}/")
                self.assertRedirects(response, self.url, status_code=301)

    def test_the_page_describes_the_person(self):
        data = json_ld(self.client.get(self.url))
        self.assertEqual(data["@type"], "ProfilePage")
        self.assertEqual(data["mainEntity"]["@type"], "Person")
        self.assertEqual(data["mainEntity"]["url"], f"http://testserver{self.url}")

    def test_the_query_count_does_not_grow_with_stories(self):
        with self.assertNumQueries(2):  # the byline, the page of stories
            self.client.get(self.url)
        for n in range(30):
            make_article(f"Piece {n}", tags=[f"t{n}"], bylines=[self.byline])
        with self.assertNumQueries(2):
            self.client.get(self.url)

    def test_a_writer_with_only_drafts_has_no_page(self):
        page = self.drafter.byline.get_absolute_url()
        self.assertEqual(self.client.get(page).status_code, 404)
        self.assertEqual(self.client.get(f"/news/by/{self.drafter.pk}-x/").status_code, 404)
        self.assertEqual(self.client.get("/news/by/9999-x/").status_code, 404)
        self.assertEqual(self.client.get("/news/by/nobody/").status_code, 404)


class ImageDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(
            "With a picture",
            hero=make_picture(
                image_file("hero.jpg", size=(1600, 900)), alt_text="RM on set in Paju"
            ),
        )

    def test_news_images_come_in_three_shapes_with_absolute_urls(self):
        images = json_ld(self.client.get(self.story.get_absolute_url()))["image"]
        self.assertEqual(len(images), 3)
        for url, crop in zip(images, ["wide", "standard", "square"], strict=True):
            self.assertTrue(url.startswith("http://testserver/"), url)
            self.assertIn(f"/{crop}-", url)

    def test_the_social_card_uses_the_large_wide_image(self):
        response = self.client.get(self.story.get_absolute_url())
        self.assertEqual(meta(response, "twitter:card"), ["summary_large_image"])
        self.assertEqual(meta(response, "og:image:width"), ["1600"])
        self.assertEqual(meta(response, "og:image:height"), ["900"])
        self.assertEqual(meta(response, "og:image:alt"), ["RM on set in Paju"])


def addresses_on(response):
    """Every address of the site a page prints: its canonical link and og:url, then the
    addresses in its JSON-LD (the site's own, not an artist's profiles elsewhere)."""
    html = response.content.decode()
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
    found += meta(response, "og:url")

    def walk(data):
        if isinstance(data, dict):
            for key, value in data.items():
                if key in ("url", "@id", "item", "urlTemplate") and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(data, list):
            for value in data:
                walk(value)

    walk(json_ld(response))
    return found


@override_settings(SITE_URL="https://news.example.com")
class PublicAddressTests(TestCase):
    """Canonical links, og:url and JSON-LD come from SITE_URL, whatever Host was asked: a
    page reached through another name must not tell search engines it lives there."""

    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm])
        cls.story = make_article("The video, explained", artists=[cls.rm], releases=[cls.album])
        cls.story.set_bylines([byline_of(make_user("hana"))])

    def test_every_page_prints_the_same_addresses_whatever_the_host(self):
        pages = [
            "/",
            self.story.get_absolute_url(),
            self.rm.get_absolute_url(),
            self.album.get_absolute_url(),
            self.story.bylines_in_order[0].get_absolute_url(),
        ]
        for page in pages:
            with self.subTest(page=page):
                as_localhost = addresses_on(self.client.get(page, HTTP_HOST="localhost"))
                self.assertEqual(
                    as_localhost, addresses_on(self.client.get(page, HTTP_HOST="127.0.0.1"))
                )
                self.assertEqual(as_localhost[:2], [f"https://news.example.com{page}"] * 2)
                self.assertGreater(len(as_localhost), 2)
                self.assertTrue(
                    all(url.startswith("https://news.example.com/") for url in as_localhost),
                    as_localhost,
                )
