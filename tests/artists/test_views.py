import datetime as dt

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from artists.models import Alias, Label, ReleaseLink
from tests.factories import (
    hours,
    make_article,
    make_artist,
    make_draft,
    make_group,
    make_membership,
    make_release,
    now,
)


class ArtistPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        label = Label.objects.create(name="BIGHIT MUSIC", slug="bighit-music")
        cls.bts = make_group(
            "BTS",
            hangul_name="방탄소년단",
            agency=label,
            fandom_name="ARMY",
            debut_date=dt.date(2013, 6, 13),
        )
        cls.rm = make_artist("RM", birth_name="Kim Namjoon", agency=label)
        Alias.objects.create(artist=cls.rm, name="김남준", language="ko", kind="birth")
        cls.former = make_artist("Former")
        make_membership(cls.rm, cls.bts, role="Leader", started_on=dt.date(2013, 6, 13))
        make_membership(
            cls.former, cls.bts, started_on=dt.date(2013, 1, 1), ended_on=dt.date(2014, 1, 1)
        )
        cls.album = make_release("Indigo", artists=[cls.rm])
        cls.rm_story = make_article("RM solo story", artists=[cls.rm])
        cls.former_solo = make_article("Former's new solo story", artists=[cls.former])

    def test_group_page(self):
        response = self.client.get(self.bts.get_absolute_url())
        for text in (
            "BTS",
            "방탄소년단",
            "BIGHIT MUSIC",
            "ARMY",
            "13 June 2013",
            "Leader",
            "2013–present",
            "Former members",
            "2013–2014",
            "RM solo story",
        ):
            with self.subTest(text=text):
                self.assertContains(response, text)
        self.assertNotContains(response, "Former's new solo story")

    def test_a_member_joining_next_week_is_joining_not_former(self):
        newcomer = make_artist("Newcomer")
        joins = timezone.localdate() + dt.timedelta(days=7)
        make_membership(newcomer, self.bts, role="Vocalist", started_on=joins)
        page = self.client.get(self.bts.get_absolute_url()).content.decode()
        joining = page.split(">Joining</h3>")[1].split("</ul>")[0]
        self.assertIn("Newcomer", joining)
        self.assertIn(f"member from {joins.day} {joins:%B %Y}", joining)
        former = page.split(">Former members</h3>")[1].split("</ul>")[0]
        self.assertNotIn("Newcomer", former)
        self.assertIn("Former", former)
        self.assertIn(f"member from {joins.day} {joins:%B %Y}", self.get_member_page(newcomer))

    def test_members_are_listed_in_the_groups_order_leader_first(self):
        group = make_group("SEVENTEEN")
        joined = dt.date(2015, 5, 26)
        for name, position, year in [("Mingyu", 0, 2015), ("Hoshi", 2, 2015), ("Scoups", 1, 2016)]:
            started = joined.replace(year=year)
            make_membership(make_artist(name), group, position=position, started_on=started)
        page = self.get_member_page(group)
        self.assertLess(page.index("Scoups"), page.index("Hoshi"))
        self.assertLess(page.index("Hoshi"), page.index("Mingyu"))

    def kicker(self, artist):
        return self.get_member_page(artist).split('class="kicker">')[1].split("</p>")[0]

    def test_a_member_is_a_member_and_a_soloist_only_with_releases_of_their_own(self):
        newcomer = make_artist("Newcomer")
        make_membership(newcomer, self.bts, started_on=dt.date(2020, 1, 1))
        bts = f'<a href="{self.bts.get_absolute_url()}">BTS</a>'
        self.assertEqual(self.kicker(newcomer), f"Member of {bts}")
        self.assertEqual(self.kicker(self.rm), f"Member of {bts} · Soloist")  # Indigo is his
        self.assertEqual(self.kicker(self.former), f"Former member of {bts}")
        self.assertEqual(self.kicker(make_artist("Solo act")), "Soloist")

    def get_member_page(self, artist):
        return self.client.get(artist.get_absolute_url()).content.decode()

    def test_member_page(self):
        response = self.client.get(self.rm.get_absolute_url())
        for text in (
            "Kim Namjoon",
            "김남준",
            "Groups",
            self.bts.get_absolute_url(),
            "Indigo",
            "RM solo story",
        ):
            with self.subTest(text=text):
                self.assertContains(response, text)

    def test_artist_index(self):
        response = self.client.get(reverse("artists:list"))
        self.assertContains(response, self.bts.get_absolute_url())
        self.assertContains(response, self.rm.get_absolute_url())


class ReleasePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM")
        at = dt.datetime(2024, 5, 24, 4, 0, tzinfo=dt.UTC)  # 1 PM KST
        cls.album = make_release(
            "Right Place, Wrong Person",
            artists=[cls.rm],
            release_at=at,
            tracks=["Right People, Wrong Place", "Nuts", "LOST!"],
        )
        cls.album.tracks.filter(title="LOST!").update(is_title_track=True)
        cls.single = make_release(
            "Come Back to Me",
            artists=[cls.rm],
            parent_album=cls.album,
            release_at=at - dt.timedelta(days=14),
        )
        cls.first = make_article(
            "First story", releases=[cls.single], published_at=now() - hours(9)
        )
        cls.second = make_article("Second story", releases=[cls.single])
        cls.album_story = make_article("Album story", releases=[cls.album])
        cls.draft = make_draft("Draft story", releases=[cls.single])

    def test_release_page_shows_kst_time_tracklist_family_and_story_so_far(self):
        response = self.client.get(self.album.get_absolute_url())
        self.assertContains(response, "24 May 2024, 1 PM KST")
        self.assertContains(response, '<li value="3">LOST! <span class="badge">Title track</span>')
        self.assertContains(response, self.single.get_absolute_url())
        self.assertEqual(
            list(response.context["stories"]), [self.first, self.second, self.album_story]
        )

    def test_a_youtube_music_video_is_a_click_to_load_embed(self):
        self.single.music_video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        self.single.save()
        response = self.client.get(self.single.get_absolute_url())
        self.assertContains(response, 'data-video-id="dQw4w9WgXcQ"')
        self.assertNotContains(response, "<iframe")

    def test_other_music_video_links_stay_links(self):
        self.single.music_video_url = "https://video.example.com/mv"
        self.single.save()
        response = self.client.get(self.single.get_absolute_url())
        self.assertNotContains(response, "video-embed")
        self.assertContains(response, 'href="https://video.example.com/mv"')

    def test_single_page_names_its_album(self):
        response = self.client.get(self.single.get_absolute_url())
        self.assertContains(response, "From the album")
        self.assertContains(response, self.album.get_absolute_url())
        self.assertNotContains(response, "Draft story")

    def test_release_index_splits_upcoming_and_out(self):
        soon = make_release("Soon", artists=[self.rm], release_at=now() + hours(30))
        response = self.client.get(reverse("artists:releases"))
        self.assertEqual(list(response.context["upcoming"]), [soon])
        self.assertIn(self.album, response.context["recent"])


class PageQueryCountTests(TestCase):
    """Artist and release pages cost the same with 1 or 30 stories, releases and tracks."""

    def build(self, n):
        group = make_group()
        members = [make_artist() for _ in range(n)]
        for member in members:
            make_membership(member, group)
        releases = [make_release(artists=[group, members[0]], tracks=["A", "B"]) for _ in range(n)]
        album = make_release(artists=[group], tracks=[f"Track {i}" for i in range(n)])
        for i in range(n):
            make_release(artists=[group], parent_album=album)
            make_article(artists=[members[i]], releases=[album])
            make_article(artists=[group], releases=[releases[i]])
        return group, album

    def test_same_query_count_for_1_and_30_items(self):
        for n in (1, 30):
            group, album = self.build(n)
            # artist, aliases, sub-units, groups, members, memberships,
            # discography + its credits, stories; most read: the group's members, the week's
            # ranking (none read: no list to fetch)
            with self.subTest(n=n, page="artist"), self.assertNumQueries(11):
                self.client.get(group.get_absolute_url())
            # release, credits, tracks, links, family + its credits, stories; most read's
            # ranking
            with self.subTest(n=n, page="release"), self.assertNumQueries(8):
                self.client.get(album.get_absolute_url())
            make_release(artists=[group], release_at=now() + hours(5))
            # stories, upcoming releases + their credits; most read's hour counts
            with self.subTest(n=n, page="home"), self.assertNumQueries(4):
                self.client.get(reverse("home"))


class ReleaseLinksPageTests(TestCase):
    """Where to listen and where to buy: plain links with the platform named, in the desk's
    order, streaming under Listen and shops under Buy."""

    @classmethod
    def setUpTestData(cls):
        cls.album = make_release("Right Place, Wrong Person", artists=[make_artist("RM")])
        for position, platform, url, name in [
            (2, "melon", "https://www.melon.com/album/detail.htm?albumId=11", ""),
            (1, "spotify", "https://open.spotify.com/album/4Nw9Q2", ""),
            (0, "yes24", "https://www.yes24.com/Product/Goods/8", ""),
            (3, "other-shop", "https://shop.example.net/rm", "Music Plant"),
            (3, "other", "https://stream.example.net/rm", "Radio Seoul"),
        ]:
            ReleaseLink.objects.create(
                release=cls.album, position=position, platform=platform, url=url, name=name
            )

    def test_streaming_under_listen_and_shops_under_buy_in_their_order(self):
        response = self.client.get(self.album.get_absolute_url())
        listen = [(link.shown_name, link.url) for link in response.context["listen_links"]]
        buy = [link.shown_name for link in response.context["shop_links"]]
        self.assertEqual(
            listen,
            [
                ("Spotify", "https://open.spotify.com/album/4Nw9Q2"),
                ("Melon", "https://www.melon.com/album/detail.htm?albumId=11"),
                ("Radio Seoul", "https://stream.example.net/rm"),
            ],
        )
        self.assertEqual(buy, ["YES24", "Music Plant"])
        self.assertContains(
            response,
            '<section aria-labelledby="listen-heading">\n'
            '      <h2 id="listen-heading" class="section-title">Listen</h2>',
            html=False,
        )
        self.assertContains(response, '<h2 id="buy-heading" class="section-title">Buy</h2>')

    def test_each_link_names_its_platform_and_opens_no_door_back_to_the_page(self):
        response = self.client.get(self.album.get_absolute_url())
        self.assertContains(
            response,
            '<a href="https://open.spotify.com/album/4Nw9Q2" rel="noopener noreferrer">Spotify</a>',
            html=True,
        )
        self.assertContains(response, 'rel="noopener noreferrer"', count=5)
        self.assertNotContains(response, "<iframe")
        self.assertNotContains(response, 'src="https://open.spotify.com')  # no widget, no logo

    def test_a_release_without_links_shows_neither_list(self):
        response = self.client.get(make_release("Indigo").get_absolute_url())
        self.assertNotContains(response, "listen-heading")
        self.assertNotContains(response, "buy-heading")
        self.assertNotContains(response, "release-links")

    def test_only_the_list_that_has_links_is_shown(self):
        single = make_release("Come Back to Me")
        single.links.create(platform="melon", url="https://www.melon.com/song/detail.htm?a=1")
        response = self.client.get(single.get_absolute_url())
        self.assertContains(response, "listen-heading")
        self.assertNotContains(response, "buy-heading")

    def test_the_page_asks_as_many_queries_with_0_or_8_links(self):
        group = make_group()
        release = make_release("Indigo", artists=[group], tracks=["Yun", "Still Life"])
        make_release("Wild Flower", artists=[group], parent_album=release)
        make_article(releases=[release])
        # release, credits, tracks, links, family + its credits, stories; most read's ranking
        with self.assertNumQueries(8):
            self.client.get(release.get_absolute_url())
        for n in range(8):
            release.links.create(platform="other", url=f"https://s{n}.example.net/", name=f"S{n}")
        with self.assertNumQueries(8):
            response = self.client.get(release.get_absolute_url())
        self.assertEqual(len(response.context["listen_links"]), 8)


@override_settings(PAGE_CACHE_SECONDS=300, CDN_CACHE_SECONDS=60)
class ReleaseLinksPurgeTests(TestCase):
    """A cached release page shows a link added, changed or removed on the next request."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):  # the purges, as after a commit
            cls.album = make_release("Right Place, Wrong Person", artists=[make_artist("RM")])
            cls.other = make_release("Indigo")

    def change(self):
        """TestCase holds changes in a transaction: run what follows the commit."""
        return self.captureOnCommitCallbacks(execute=True)

    def get(self, release):
        return self.client.get(release.get_absolute_url())

    def test_saving_or_deleting_a_link_purges_the_release_page(self):
        self.assertEqual(self.get(self.album)["X-Page-Cache"], "MISS")
        self.assertEqual(self.get(self.album)["X-Page-Cache"], "HIT")
        with self.change():
            link = self.album.links.create(
                platform="melon", url="https://www.melon.com/album/detail.htm?albumId=11"
            )
        self.assertContains(self.get(self.album), "albumId=11")
        with self.change():
            link.url = "https://www.melon.com/album/detail.htm?albumId=12"
            link.save()
        self.assertContains(self.get(self.album), "albumId=12")
        with self.change():
            link.delete()
        response = self.get(self.album)
        self.assertNotContains(response, "melon.com")
        self.assertNotContains(response, "listen-heading")

    def test_another_releases_link_leaves_the_page_cached(self):
        self.get(self.album)
        with self.change():
            self.other.links.create(platform="spotify", url="https://open.spotify.com/album/x")
        self.assertEqual(self.get(self.album)["X-Page-Cache"], "HIT")
