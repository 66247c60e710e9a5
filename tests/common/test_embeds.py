from django.test import SimpleTestCase

from common.embeds import (
    PLATFORMS,
    fill_social,
    social_link,
    social_placeholder,
    social_placeholders,
    video_embed,
)


class SocialLinkTests(SimpleTestCase):
    def test_each_platform_is_recognised_and_stored_under_one_address(self):
        cases = {
            "https://x.com/NewJeans_ADOR/status/1790000000000000001": (
                "x",
                "https://x.com/newjeans_ador/status/1790000000000000001",
            ),
            "https://twitter.com/BTS_twt/status/1790000000000000002?s=20&t=Ab_c": (
                "x",
                "https://x.com/bts_twt/status/1790000000000000002",
            ),
            "https://mobile.twitter.com/bts_bighit/status/123/photo/1": (
                "x",
                "https://x.com/bts_bighit/status/123",
            ),
            "<https://x.com/i/web/status/1790000000000000003>": (
                "x",
                "https://x.com/i/status/1790000000000000003",
            ),
            "https://www.instagram.com/p/C9xYz_12ab/?igsh=MWQ1": (
                "instagram",
                "https://www.instagram.com/p/C9xYz_12ab/",
            ),
            "https://instagram.com/reels/C9xYz_12ab": (
                "instagram",
                "https://www.instagram.com/reel/C9xYz_12ab/",
            ),
            "https://www.instagram.com/newjeans_official/reel/C9xYz_12ab/": (
                "instagram",
                "https://www.instagram.com/reel/C9xYz_12ab/",
            ),
            "https://www.tiktok.com/@ive.official/video/7312345678901234567?lang=ko-KR": (
                "tiktok",
                "https://www.tiktok.com/@ive.official/video/7312345678901234567",
            ),
            "https://www.threads.net/@Aespa_Official/post/C9xYz_12ab": (
                "threads",
                "https://www.threads.com/@aespa_official/post/C9xYz_12ab",
            ),
            "https://soundcloud.com/Some-Producer/demo-2026?in=x": (
                "soundcloud",
                "https://soundcloud.com/some-producer/demo-2026",
            ),
            "https://soundcloud.com/some-producer/sets/winter-tapes": (
                "soundcloud",
                "https://soundcloud.com/some-producer/sets/winter-tapes",
            ),
            "https://open.spotify.com/intl-ko/album/1A2B3C4D5E6F7G8H9I0J1K?si=abc": (
                "spotify",
                "https://open.spotify.com/album/1A2B3C4D5E6F7G8H9I0J1K",
            ),
        }
        for link, expected in cases.items():
            with self.subTest(link=link):
                self.assertEqual(social_link(link), expected)

    def test_platforms_without_embeds_are_cards_kept_as_written(self):
        cases = {
            "https://weverse.io/bts/artist/1-146254889": "weverse",
            "https://m.weverse.io/newjeans/notice/12345?hl=ko": "weverse",
            "https://cafe.daum.net/BANGTAN/abcd/123": "daum-cafe",
            "https://m.cafe.daum.net/BANGTAN/abcd/123": "daum-cafe",
            "https://cafe.naver.com/someclub/12345": "naver-cafe",
            "https://now.naver.com/s/now.4c7j": "naver-now",
            "https://tv.naver.com/v/12345": "naver-tv",
            "https://chzzk.naver.com/live/abc": "chzzk",
            "https://www.vlive.tv/video/12345": "vlive",
            "https://berriz.in/en/kiiikiii/": "berriz",
        }
        for link, platform in cases.items():
            with self.subTest(link=link):
                self.assertEqual(social_link(link), (platform, link))
                self.assertFalse(PLATFORMS[platform].embeddable)

    def test_anything_else_is_no_social_link(self):
        for text in [
            "https://example.com/a/status/1",
            "https://x.com/NewJeans_ADOR",  # a profile, not a post
            "https://x.com.evil.example/a/status/1",
            "https://evil.example/x.com/a/status/1",
            "https://www.instagram.com/newjeans_official/",
            "https://vm.tiktok.com/ZMabc123/",
            "https://notweverse.io/bts",
            "https://weverse.io.evil.example/bts",
            "https://www.naver.com/",
            "javascript://x.com/a/status/1",
            "https://x.com/a/status/1 and more",
            "See https://x.com/a/status/1",
            "",
        ]:
            with self.subTest(text=text):
                self.assertIsNone(social_link(text))

    def test_videos_stay_videos(self):
        self.assertIsNone(social_link("https://youtube.com/shorts/dQw4w9WgXcQ"))
        self.assertEqual(
            video_embed("https://youtube.com/shorts/dQw4w9WgXcQ")["provider"], "youtube"
        )


class PlaceholderTests(SimpleTestCase):
    def test_a_placeholder_is_found_and_filled(self):
        link = "https://x.com/a/status/1"
        html = f"<p>Before</p>{social_placeholder('x', link)}<p>After</p>"
        self.assertEqual(social_placeholders(html), [("x", link)])
        filled = fill_social(html, lambda platform, found: f"[{platform} {found}]")
        self.assertEqual(filled, f"<p>Before</p>[x {link}]<p>After</p>")

    def test_the_placeholder_alone_reads_right(self):
        html = social_placeholder("weverse", "https://weverse.io/bts/notice/1?a=1&b=2")
        self.assertIn('<a href="https://weverse.io/bts/notice/1?a=1&amp;b=2">', html)
        self.assertIn("See the post on Weverse", html)

    def test_a_figure_whose_platform_is_not_its_links_is_left_alone(self):
        forged = (
            '<figure class="social-embed" data-platform="x" '
            'data-link="https://evil.example/a/status/1"><a href="#">x</a></figure>'
        )
        self.assertEqual(social_placeholders(forged), [])
        self.assertEqual(fill_social(forged, lambda *found: "FILLED"), forged)
