from django.test import SimpleTestCase

from articles.markdown import render_markdown
from common.embeds import video_embed


def headings(first, second):
    return f"<h{first}>Tour</h{first}>\n<p>Text.</p>\n<h{second}>Album</h{second}>\n"


class CommonMarkTests(SimpleTestCase):
    def test_basic_markdown(self):
        html = render_markdown("Hello *world* and [a link](https://example.com).")
        self.assertEqual(
            html,
            '<p>Hello <em>world</em> and <a href="https://example.com" '
            'rel="noopener noreferrer">a link</a>.</p>\n',
        )

    def test_headings_start_below_the_headline(self):
        self.assertEqual(render_markdown("# One\n\n## Two"), "<h2>One</h2>\n<h3>Two</h3>\n")

    def test_a_writers_subheads_start_at_h2_whatever_level_they_used(self):
        self.assertEqual(render_markdown("## Tour\n\nText.\n\n## Album"), headings(2, 2))
        self.assertEqual(render_markdown("#### Tour\n\nText.\n\n##### Album"), headings(2, 3))

    def test_levels_are_numbered_again_without_gaps(self):
        html = render_markdown("# Tour\n\n### Seoul\n\n###### Encore\n\n# Album")
        self.assertEqual(html, "<h2>Tour</h2>\n<h3>Seoul</h3>\n<h4>Encore</h4>\n<h2>Album</h2>\n")

    def test_a_shallower_heading_after_a_deep_one_never_leaves_a_gap(self):
        html = render_markdown("# Tour\n\n### Seoul\n\n## Tokyo\n\n#### Encore")
        self.assertEqual(html, "<h2>Tour</h2>\n<h3>Seoul</h3>\n<h3>Tokyo</h3>\n<h4>Encore</h4>\n")

    def test_headings_stop_at_h6(self):
        source = "\n\n".join(f"{'#' * level} Level {level}" for level in range(1, 7))
        tags = [line[:4] for line in render_markdown(source).splitlines()]
        self.assertEqual(tags, ["<h2>", "<h3>", "<h4>", "<h5>", "<h6>", "<h6>"])

    def test_headings_under_a_section_heading_start_lower(self):
        """A live entry sits under the page's "Live coverage" h2."""
        self.assertEqual(render_markdown("# Tour\n\nText.\n\n## Album", top=3), headings(3, 4))

    def test_levels_of_one_body_do_not_carry_into_the_next(self):
        render_markdown("# Tour\n\n## Album")
        self.assertEqual(render_markdown("### Tour\n\nText.\n\n### Album"), headings(2, 2))

    def test_a_setext_heading_counts_as_its_level(self):
        html = render_markdown("Tour\n====\n\nText.\n\nAlbum\n-----")
        self.assertEqual(html, headings(2, 3))

    def test_typography_and_hangul_are_untouched(self):
        text = "“Curly” quotes — em dashes — and 김남준 stay as written."
        self.assertEqual(render_markdown(text), f"<p>{text}</p>\n")

    def test_tables_render(self):
        html = render_markdown("| Chart | Peak |\n|---|---|\n| Billboard 200 | 5 |")
        self.assertIn("<td>Billboard 200</td>", html)


class PullQuoteTests(SimpleTestCase):
    FIGURE = (
        '<figure class="pull-quote">\n<blockquote>\n<p>{quote}</p>\n</blockquote>\n'
        "<figcaption>{name}</figcaption>\n</figure>\n"
    )

    def expect(self, source, quote, name):
        self.assertEqual(render_markdown(source), self.FIGURE.format(quote=quote, name=name))

    def test_quoted_paragraph_with_an_em_dash_line(self):
        self.expect(
            "“We shot it in Paju.”\n— Lee Sung Jin", "“We shot it in Paju.”", "Lee Sung Jin"
        )

    def test_straight_quotes_and_a_blank_line_before_the_attribution(self):
        self.expect(
            '"Three days."\n\n— Lee Sung Jin, director', '"Three days."', "Lee Sung Jin, director"
        )

    def test_markdown_blockquote_with_attribution(self):
        self.expect("> It was cold.\n> — RM", "It was cold.", "RM")

    def test_attribution_keeps_inline_markdown(self):
        html = render_markdown("“Yes.”\n— *Director* Lee")
        self.assertIn("<figcaption><em>Director</em> Lee</figcaption>", html)

    def test_an_unquoted_paragraph_with_a_dash_line_stays_a_paragraph(self):
        html = render_markdown("Just a sentence\n— not a quote")
        self.assertNotIn("figure", html)

    def test_a_short_paragraph_over_a_name_is_a_pull_quote_without_quotation_marks(self):
        """As the copy desk keeps a quote whose marks were lost when its page was copied."""
        self.expect(
            "I wanted to run towards you.\n— Park Sora, singer",
            "I wanted to run towards you.",
            "Park Sora, singer",
        )

    def test_a_long_paragraph_over_a_dash_line_stays_prose(self):
        long = "The tour opened in Seoul. " * 20
        self.assertNotIn("figure", render_markdown(f"{long}\n— Park Sora"))

    def test_a_plain_blockquote_stays_a_blockquote(self):
        self.assertEqual(
            render_markdown("> Quoted"), "<blockquote>\n<p>Quoted</p>\n</blockquote>\n"
        )

    def test_two_pull_quotes_in_one_body(self):
        html = render_markdown("“One.”\n— A\n\nText.\n\n> Two.\n> — B")
        self.assertEqual(html.count('<figure class="pull-quote">'), 2)


class VideoEmbedTests(SimpleTestCase):
    def test_supported_links(self):
        cases = {
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ": ("youtube", "dQw4w9WgXcQ"),
            "https://youtu.be/dQw4w9WgXcQ?si=abc": ("youtube", "dQw4w9WgXcQ"),
            "https://youtube.com/shorts/dQw4w9WgXcQ": ("youtube", "dQw4w9WgXcQ"),
            "https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ": ("youtube", "dQw4w9WgXcQ"),
            "<https://vimeo.com/76979871>": ("vimeo", "76979871"),
        }
        for link, (provider, video) in cases.items():
            with self.subTest(link=link):
                self.assertEqual(video_embed(link), {"provider": provider, "id": video})

    def test_a_line_that_is_only_a_video_link_becomes_a_click_to_load_embed(self):
        html = render_markdown("Watch:\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nThen read on.")
        self.assertIn(
            '<figure class="video-embed" data-provider="youtube" data-video-id="dQw4w9WgXcQ">'
            '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener noreferrer">'
            "Watch the video on YouTube</a></figure>",
            html,
        )
        self.assertNotIn("<iframe", html)

    def test_a_video_link_inside_a_sentence_stays_text(self):
        html = render_markdown("See https://youtu.be/dQw4w9WgXcQ for more.")
        self.assertNotIn("video-embed", html)

    def test_other_sites_are_not_embedded(self):
        self.assertIsNone(video_embed("https://example.com/watch?v=dQw4w9WgXcQ"))
        self.assertIsNone(video_embed("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"))


class SocialEmbedTests(SimpleTestCase):
    """A link alone on a line to a post on a platform is a placeholder figure naming the
    platform and the link and holding a plain link (filled in when a page shows it)."""

    def test_a_post_alone_on_a_line_becomes_a_placeholder_for_each_platform(self):
        cases = {
            "https://twitter.com/BTS_twt/status/1790000000000000001?s=20": (
                "x",
                "https://x.com/bts_twt/status/1790000000000000001",
            ),
            "https://www.instagram.com/reel/C9xYz_12ab/": (
                "instagram",
                "https://www.instagram.com/reel/C9xYz_12ab/",
            ),
            "https://www.tiktok.com/@ive.official/video/7312345678901234567": (
                "tiktok",
                "https://www.tiktok.com/@ive.official/video/7312345678901234567",
            ),
            "https://www.threads.com/@aespa_official/post/C9xYz_12ab": (
                "threads",
                "https://www.threads.com/@aespa_official/post/C9xYz_12ab",
            ),
            "https://soundcloud.com/some-producer/demo-2026": (
                "soundcloud",
                "https://soundcloud.com/some-producer/demo-2026",
            ),
            "<https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC>": (
                "spotify",
                "https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC",
            ),
            "https://weverse.io/bts/notice/12345": (
                "weverse",
                "https://weverse.io/bts/notice/12345",
            ),
            "https://cafe.daum.net/BANGTAN/abcd/123": (
                "daum-cafe",
                "https://cafe.daum.net/BANGTAN/abcd/123",
            ),
        }
        for line, (platform, link) in cases.items():
            with self.subTest(line=line):
                html = render_markdown(f"Before.\n\n{line}\n\nAfter.")
                self.assertIn(
                    f'<figure class="social-embed" data-platform="{platform}" '
                    f'data-link="{link}"><a href="{link}" rel="noopener noreferrer">',
                    html,
                )
                self.assertNotRegex(html, "<iframe|<script|<blockquote")

    def test_youtube_shorts_and_videos_stay_video_embeds(self):
        html = render_markdown("https://youtube.com/shorts/dQw4w9WgXcQ")
        self.assertIn('class="video-embed" data-provider="youtube"', html)
        self.assertNotIn("social-embed", html)

    def test_a_post_inside_a_sentence_is_a_link(self):
        html = render_markdown("The group posted https://x.com/ive/status/123 an hour ago.")
        self.assertNotIn("figure", html)
        self.assertIn(
            '<a href="https://x.com/ive/status/123" rel="noopener noreferrer">'
            "https://x.com/ive/status/123</a> an hour ago.",
            html,
        )

    def test_any_other_address_becomes_a_link_alone_or_anywhere(self):
        alone = render_markdown("https://ibighit.com/bts/eng/")
        self.assertEqual(
            alone,
            '<p><a href="https://ibighit.com/bts/eng/" rel="noopener noreferrer">'
            "https://ibighit.com/bts/eng/</a></p>\n",
        )
        within = render_markdown("Tickets at https://tickets.example/show. Or not.")
        self.assertIn('<a href="https://tickets.example/show" rel="noopener noreferrer">', within)
        self.assertIn("</a>. Or not.", within)  # the full stop is not part of the address

    def test_only_addresses_with_their_scheme_become_links(self):
        for text in ("IVE.ME is a fan slogan", "version 2.0.1", "mail fans@ive.example", "ive.com"):
            with self.subTest(text=text):
                self.assertNotIn("<a", render_markdown(text))

    def test_addresses_in_code_stay_code(self):
        self.assertEqual(
            render_markdown("`https://x.com/a/status/1`"),
            "<p><code>https://x.com/a/status/1</code></p>\n",
        )

    def test_a_forged_placeholder_keeps_no_hostile_address(self):
        html = render_markdown(
            '<figure class="social-embed" data-platform="x" data-link="javascript:alert(1)">'
            "x</figure>"
        )
        self.assertNotIn("javascript", html)


class SanitisingTests(SimpleTestCase):
    def test_nothing_executable_survives(self):
        hostile = [
            "<script>alert(1)</script>",
            '<img src="x" onerror="alert(1)">',
            '<a href="javascript:alert(1)">x</a>',
            "[x](javascript:alert(1))",
            '<iframe src="https://evil.example"></iframe>',
            '<p style="background:url(javascript:alert(1))" onclick="x()">hi</p>',
            "<svg><script>alert(1)</script></svg>",
            '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
            '<figure class="video-embed pwn" onmouseover="x()">a</figure>',
        ]
        for source in hostile:
            with self.subTest(source=source):
                html = render_markdown(source).lower()
                self.assertNotRegex(html, r"<script|<iframe|\son\w+=|style=|pwn")
                self.assertNotRegex(html, r"(href|src)=\"(javascript|data):")

    def test_harmless_html_survives(self):
        html = render_markdown("<p>Chart <sup>1</sup> and <abbr title='Korea'>KR</abbr></p>")
        self.assertIn("<sup>1</sup>", html)
        self.assertIn('<abbr title="Korea">KR</abbr>', html)


class AddressTests(SimpleTestCase):
    def test_images_come_only_from_this_site(self):
        self.assertIn('src="/media/a.jpg"', render_markdown("![Stage](/media/a.jpg)"))
        for body in (
            "![x](https://tracker.example/p.gif)",
            "![x](//cdn.example/a.jpg)",
            '<img src="/\\cdn.example/a.jpg">',  # Markdown escapes it; raw HTML does not
            "<img src=x>",
        ):
            with self.subTest(body=body):
                self.assertNotIn("src=", render_markdown(body))

    def test_links_go_to_the_web_or_this_site_never_relative_to_the_page(self):
        self.assertIn(
            'href="https://ibighit.com/"', render_markdown("[label](https://ibighit.com/)")
        )
        self.assertIn('href="/news/"', render_markdown("[news](/news/)"))
        self.assertNotIn("href", render_markdown("[broken](ibighit.com)"))
