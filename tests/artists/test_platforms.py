from django.test import SimpleTestCase

from artists.models import ReleaseLink
from artists.platforms import HOSTS, belongs_to, platform_of, tidy_url


class PlatformOfAnAddressTests(SimpleTestCase):
    def test_every_named_platform_has_hosts_and_the_others_take_any(self):
        named = set(ReleaseLink.Platform.values) - ReleaseLink.OTHERS
        self.assertEqual(set(HOSTS), named)
        self.assertTrue(belongs_to("https://www.musicplant.example/cd/1", "other-shop"))

    def test_an_address_is_named_by_its_host_and_the_hosts_under_it(self):
        cases = {
            "https://open.spotify.com/album/4Nw9Q2": "spotify",
            "https://spotify.link/AbC": "spotify",
            "https://music.apple.com/kr/album/x/1": "apple-music",
            "https://music.youtube.com/playlist?list=OLAK5uy": "youtube-music",
            "https://www.melon.com/album/detail.htm?albumId=11": "melon",
            "https://m2.melon.com/album/11": "melon",
            "https://WWW.GENIE.CO.KR/detail/albumInfo?axnm=8": "genie",
            "https://music.bugs.co.kr/album/2": "bugs",
            "https://www.music-flo.com/detail/album/3": "flo",
            "https://vibe.naver.com/album/4": "vibe",
            "https://music.amazon.co.jp/albums/B0": "amazon-music",
            "https://www.deezer.com/album/5": "deezer",
            "https://tidal.com/browse/album/6": "tidal",
            "https://shop.weverse.io/ko/shop/KRW/artists/2": "weverse-shop",
            "https://kr.ktown4u.com/iteminfo?goods_no=7": "ktown4u",
            "https://www.yes24.com/Product/Goods/8": "yes24",
            "https://www.aladin.co.kr/shop/wproduct.aspx?ItemId=9": "aladin",
        }
        for url, platform in cases.items():
            with self.subTest(url=url):
                self.assertEqual(platform_of(url), platform)

    def test_look_alike_hosts_belong_to_no_platform(self):
        for url in (
            "https://melon.com.example.net/album/1",  # the name, then someone else's domain
            "https://notmelon.com/album/1",
            "https://open.spotify.com@example.net/album/1",  # a name before the @ is no host
            "https://www.youtube.com/watch?v=x",  # YouTube is not YouTube Music
            "https://weverse.io/bts/feed",  # the fan community, not its shop
            "https://[::1",
            "not an address",
        ):
            with self.subTest(url=url):
                self.assertIsNone(platform_of(url))
        self.assertFalse(belongs_to("https://notmelon.com/album/1", "melon"))


class TidyAddressTests(SimpleTestCase):
    def test_sharing_and_campaign_codes_are_dropped_and_the_rest_kept(self):
        self.assertEqual(
            tidy_url("https://open.spotify.com/album/4Nw9Q2?si=a1b2&utm_source=copy-link"),
            "https://open.spotify.com/album/4Nw9Q2",
        )
        self.assertEqual(
            tidy_url("https://music.apple.com/kr/album/x/1?i=2&utm_campaign=c"),
            "https://music.apple.com/kr/album/x/1?i=2",  # `i` is the track: kept
        )

    def test_the_host_is_lower_cased_and_the_path_left_as_typed(self):
        self.assertEqual(
            tidy_url("https://WWW.Melon.com/album/detail.htm?albumId=11"),
            "https://www.melon.com/album/detail.htm?albumId=11",
        )

    def test_an_address_with_nothing_to_drop_keeps_its_query_as_typed(self):
        url = "https://www.melon.com/search/total/index.htm?q=RM%20Indigo&section="
        self.assertEqual(tidy_url(url), url)
