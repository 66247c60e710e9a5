from django.test import SimpleTestCase

from articles.copydesk.cleaning import clean, is_chrome, is_file_name
from articles.markdown import render_markdown

# Copy written by us, dirty the way partner copy arrives.
MESSY = """\
Skip to content
Scroll to top
# Lee Sung Jin on filming RM’s “Come Back to Me”
The “Beef” creator spent three days in Paju with the BTS leader.

Advertisement

Lee Sung Jin had never made a music video before RM’s team called him last winter.

He agreed after hearing the demo twice, he said, and wrote a treatment overnight.

Yes.

The shoot moved between a farmhouse and an empty gym in Paju over three cold days.

IMG_20240510_130000.jpg

![RM walks through a field in Paju](https://example.com/rm-paju.jpg)
Kim Jisoo | Example Outlet

“We wanted every room to feel like a life he could have had,” Lee said.
– Lee Sung Jin

Read more: Inside the making of “Beef”

Lee Sung Jin had never made a music video before RM’s team called him last winter.

He agreed after hearing the demo twice, he said, and wrote a treatment overnight.

Yes.

Park Minji | Another Outlet

download (3).jpeg

The video premiered at 1 PM KST — the same minute as the single. 김남준은 촬영 내내 웃었다.

Share this article
Yes.
"""


class CleaningTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.result = clean(MESSY)

    def reasons(self, kind):
        return [(c.reason, c.text) for c in self.result.changes if c.kind == kind]

    def test_headline_and_standfirst(self):
        self.assertEqual(self.result.headline, "Lee Sung Jin on filming RM’s “Come Back to Me”")
        self.assertEqual(
            self.result.dek, "The “Beef” creator spent three days in Paju with the BTS leader."
        )

    def test_a_repeated_run_is_kept_once_with_its_short_lines(self):
        repeats = self.reasons("repeat")
        self.assertEqual(
            repeats,
            [
                (
                    "repeats an earlier paragraph",
                    "Lee Sung Jin had never made a music video before RM’s "
                    "team called him last winter.",
                ),
                (
                    "repeats an earlier paragraph",
                    "He agreed after hearing the demo twice, he said, and "
                    "wrote a treatment overnight.",
                ),
                ("short line inside a repeated run", "Yes."),
            ],
        )
        self.assertEqual(self.result.body.count("never made a music video"), 1)

    def test_a_short_line_repeated_outside_a_run_stays(self):
        self.assertEqual(self.result.paragraphs.count("Yes."), 2)

    def test_repeats_that_differ_in_spacing_or_quote_style(self):
        result = clean(
            "Headline\n\n“It rained,” he said, “all three days.”\n\n"
            '"It rained,"  he said,   "all three days."'
        )
        self.assertEqual(len(result.removed("repeat")), 1)
        self.assertEqual(result.paragraphs, ["“It rained,” he said, “all three days.”"])

    def test_site_chrome_is_removed_with_its_reason(self):
        self.assertEqual(
            [text for _, text in self.reasons("chrome")],
            [
                "Skip to content",
                "Scroll to top",
                "Advertisement",
                "Read more: Inside the making of “Beef”",
                "Share this article",
            ],
        )
        self.assertTrue(all(reason == "website chrome" for reason, _ in self.reasons("chrome")))

    def test_file_names_and_download_stamps_are_removed(self):
        self.assertEqual(
            [text for _, text in self.reasons("file-name")],
            ["IMG_20240510_130000.jpg", "download (3).jpeg"],
        )

    def test_credit_lines_go_onto_the_nearest_image_or_are_dropped(self):
        self.assertIn(
            "![RM walks through a field in Paju](https://example.com/rm-paju.jpg "
            '"Photo: Kim Jisoo / Example Outlet")',
            self.result.paragraphs,
        )
        self.assertEqual(
            self.reasons("credit"),
            [
                ("photo credit moved onto its image", "Kim Jisoo | Example Outlet"),
                ("photo credit with no image to carry it", "Park Minji | Another Outlet"),
            ],
        )
        self.assertNotIn(" | ", self.result.body)

    def test_a_quote_and_its_attribution_become_a_pull_quote(self):
        quote = (
            "“We wanted every room to feel like a life he could have had,” Lee said.\n"
            "— Lee Sung Jin"
        )
        self.assertIn(quote, self.result.paragraphs)
        html = render_markdown(self.result.body)
        self.assertIn("<figcaption>Lee Sung Jin</figcaption>", html)

    def test_typography_and_hangul_are_untouched(self):
        self.assertIn(
            "The video premiered at 1 PM KST — the same minute as the single. "
            "김남준은 촬영 내내 웃었다.",
            self.result.paragraphs,
        )
        self.assertIn("“Beef”", self.result.dek)


class LineRuleTests(SimpleTestCase):
    def test_chrome_needs_the_whole_line_or_a_short_prefixed_line(self):
        for line in ("ADVERTISEMENT", "Share on X", "Related: RM’s Indigo", "— Read more —"):
            with self.subTest(line=line):
                self.assertTrue(is_chrome(line))
        prose = (
            "Related to the album’s themes, the video returns to the idea of a life unlived, "
            "which RM has written about since his first mixtape."
        )
        for line in (prose, "Sharing the stage was a first for him.", "Ad-libs filled the bridge."):
            with self.subTest(line=line):
                self.assertFalse(is_chrome(line))

    def test_file_names(self):
        for line in (
            "IMG_1234.JPG",
            "GettyImages-1234567",
            "1715316000000.jpg",
            "rm_teaser_final (2).png",
            "Screenshot 2024-05-10 at 13.00.00.png",
        ):
            with self.subTest(line=line):
                self.assertTrue(is_file_name(line))
        for line in ("The photo was taken in Paju.", "LOST! is the title track."):
            with self.subTest(line=line):
                self.assertFalse(is_file_name(line))

    def test_a_dash_line_after_prose_is_not_an_attribution(self):
        result = clean("Headline\n\nThe tracklist:\n- Nuts\n- LOST!")
        self.assertEqual(result.removed("pull-quote"), [])
        self.assertIn("- Nuts", result.body)

    def test_copy_with_no_blank_lines_is_read_line_by_line(self):
        result = clean("Headline here\nA short standfirst.\nFirst paragraph.\nSecond paragraph.")
        self.assertEqual(result.headline, "Headline here")
        self.assertEqual(result.dek, "A short standfirst.")
        self.assertEqual(result.paragraphs, ["First paragraph.", "Second paragraph."])


class HeadlineProposalTests(SimpleTestCase):
    LEAD = (
        "SEOUL, March 2 (Yonhap) — Girl group NewJeans will return in June with a single album, "
        "their agency ADOR said Monday, ending months of speculation among fans."
    )

    def test_a_lead_with_no_headline_above_it_stays_and_gets_a_proposal(self):
        result = clean(f"{self.LEAD}\n\nThe single will carry two new songs.")
        self.assertTrue(result.headline_proposed)
        self.assertEqual(
            result.headline,
            "Girl group NewJeans will return in June with a single album, "
            "their agency ADOR said Monday",
        )
        self.assertEqual(result.paragraphs[0], self.LEAD)
        self.assertEqual(result.dek, "")
        self.assertEqual(
            [(c.kind, c.reason) for c in result.changes],
            [("headline", "no headline line: proposed one from the lead")],
        )

    def test_a_long_first_sentence_is_cut_at_a_clause_never_mid_word(self):
        lead = (
            "Stray Kids topped the Billboard 200 for the sixth time on Sunday after their new "
            "album sold 104,000 units in the U.S. in its first week. Few acts have done it."
        )
        result = clean(f"{lead}\n\nMore.")
        self.assertEqual(
            result.headline, "Stray Kids topped the Billboard 200 for the sixth time on Sunday"
        )
        cut = "Seventeen’s Hoshi and Woozi " + "played and sang " * 10 + "at the show."
        headline = clean(f"{cut}\n\nMore.").headline
        self.assertLessEqual(len(headline), 100)
        self.assertTrue(cut.startswith(headline))
        self.assertEqual(cut[len(headline)], " ")

    def test_headline_lines_are_kept_as_headlines(self):
        for first in (
            "RM’s new single is out",
            "# Stray Kids top the charts.",
            "The U.S. tour ends in L.A.",
            "Is this the end of the era?",
        ):
            with self.subTest(first=first):
                result = clean(f"{first}\n\nThe body.")
                self.assertFalse(result.headline_proposed)
                self.assertEqual(result.paragraphs, ["The body."])

    def test_a_wrapped_lead_is_a_lead_and_its_proposal_ends_on_a_full_word(self):
        result = clean(
            'NOVA9 will close their "Blue Hour" tour with two nights at the Inspire Arena in\n'
            "January, the group's agency said on Monday.\n\nTickets go on sale next week."
        )
        self.assertTrue(result.headline_proposed)
        self.assertEqual(
            result.headline,
            'NOVA9 will close their "Blue Hour" tour with two nights at the Inspire Arena '
            "in January",
        )
        self.assertEqual(len(result.paragraphs), 2)
        no_boundary = "The members of the group " + "sang for the fans " * 5 + "tonight."
        self.assertEqual(
            clean(f"{no_boundary}\n\nMore.").headline,
            "The members of the group sang for the fans sang for the fans sang for the fans sang "
            "for the fans",
        )

    def test_a_korean_lead_gives_its_first_sentence(self):
        result = clean("뉴진스가 6월 새 싱글로 돌아온다. 소속사 어도어가 밝혔다.\n\n본문.")
        self.assertEqual(result.headline, "뉴진스가 6월 새 싱글로 돌아온다")
        self.assertEqual(
            result.paragraphs[0], "뉴진스가 6월 새 싱글로 돌아온다. 소속사 어도어가 밝혔다."
        )


class DownloadStampTests(SimpleTestCase):
    def test_saved_picture_names_without_an_extension_are_file_names(self):
        for line in (
            "download - 2024-03-02T101530.512",
            "download (3)",
            "Download",
            "image (4)",
            "photo_2024-03-02_10-15-30",
            "KakaoTalk_20240302_101530123",
            "KakaoTalk_Photo_2024-03-02-10-15-30",
            "IMG_1234",
            "DSC01234",
            "unnamed",
            "Untitled-1",
            "Screenshot 2024-03-02 at 10.15.30",
            "Screenshot_20240302-101530_Instagram",
            "1000012345",
        ):
            with self.subTest(line=line):
                self.assertTrue(is_file_name(line))

    def test_names_escaped_by_the_html_conversion_are_file_names(self):
        for line in ("KakaoTalk\\_20240302\\_101530123", "IMG\\_1234", "rm\\_teaser\\_final.png"):
            with self.subTest(line=line):
                self.assertTrue(is_file_name(line))

    def test_prose_that_starts_like_a_stamp_is_kept(self):
        for line in (
            "Screenshots of the chat were shared, fans said.",
            "Image is everything, she said.",
            "Unnamed sources close to the agency disagreed.",
            "Downloads passed a million in a day.",
        ):
            with self.subTest(line=line):
                self.assertFalse(is_file_name(line))

    def test_a_credit_under_a_stamp_is_the_lost_pictures_credit(self):
        result = clean(
            "Jin ends his solo tour\n\nThe tour closed in Seoul on Sunday.\n\n"
            "download - 2024-03-02T101530.512\nKim Jisoo | Example Outlet\n\n"
            "He thanked fans from the stage.\n\n![Jin](https://example.com/jin.jpg)"
        )
        self.assertEqual(
            [(c.kind, c.reason, c.text) for c in result.changes],
            [
                ("file-name", "image file name, not prose", "download - 2024-03-02T101530.512"),
                (
                    "credit",
                    "photo credit of an image that did not come through",
                    "Kim Jisoo | Example Outlet",
                ),
            ],
        )
        self.assertIn("![Jin](https://example.com/jin.jpg)", result.paragraphs)


class BarePullQuoteTests(SimpleTestCase):
    def test_a_short_paragraph_over_a_dash_name_is_a_pull_quote(self):
        for dash in ("—", "–", "--"):
            with self.subTest(dash=dash):
                result = clean(
                    "Jin ends his solo tour\n\nThe tour closed in Seoul on Sunday night.\n\n"
                    "I never thought I would sing these songs in a stadium. You did that.\n\n"
                    f"{dash} Jin\n\nHe left the stage at eleven."
                )
                self.assertEqual(
                    result.paragraphs,
                    [
                        "I never thought I would sing these songs in a stadium. You did that.\n"
                        "— Jin",
                        "He left the stage at eleven.",
                    ],
                )
                self.assertEqual(
                    [(c.kind, c.reason, c.text) for c in result.changes],
                    [
                        (
                            "pull-quote",
                            "paragraph and its dash attribution kept as a pull quote",
                            "Jin",
                        )
                    ],
                )

    def test_a_long_paragraph_over_a_dash_line_is_left_alone(self):
        long = " ".join(["The crowd sang every word of the encore."] * 4)
        result = clean(f"Headline\n\nA first paragraph.\n\n{long}\n— Jin")
        self.assertEqual(result.paragraphs[-1], f"{long}\n— Jin")
        self.assertEqual(
            [(c.reason, c.text) for c in result.removed("pull-quote")],
            [("dash line after a long paragraph: not joined as a pull quote", "— Jin")],
        )

    def test_a_list_or_a_sentence_after_a_dash_is_no_attribution(self):
        result = clean("Headline\n\nSetlist notes.\n\nThe encore:\n— Epiphany\n— Abyss")
        self.assertEqual(result.removed("pull-quote"), [])
        result = clean("Headline\n\nFirst.\n\nShort paragraph.\n— and then it rained.")
        self.assertEqual(result.paragraphs[-1], "Short paragraph.\n— and then it rained.")
        self.assertEqual(result.removed("pull-quote"), [])


class BylineTests(SimpleTestCase):
    def test_bylines_at_the_top_credit_the_outlet_and_name_the_reporters(self):
        result = clean(
            "Home > Entertainment > K-pop\n"
            "Stray Kids top the Billboard 200 again\n"
            "By Kim Min-ji and Lee Ha-na | Seoul Beat\n\n"
            "Park Jun, K Wire\n\n"
            "The group’s new album opened at number one, their sixth.\n\n"
            "It sold 104,000 units in its first week."
        )
        self.assertEqual(result.headline, "Stray Kids top the Billboard 200 again")
        self.assertEqual(result.source_credit, "Seoul Beat and K Wire")
        self.assertEqual(result.byline_names, ["Kim Min-ji", "Lee Ha-na", "Park Jun"])
        self.assertEqual(
            [(c.kind, c.text) for c in result.changes],
            [
                ("chrome", "Home > Entertainment > K-pop"),
                ("byline", "By Kim Min-ji and Lee Ha-na | Seoul Beat"),
                ("byline", "Park Jun, K Wire"),
            ],
        )
        self.assertNotIn("Seoul Beat", result.body)

    def test_byline_forms(self):
        for line, names, outlet in (
            ("By Kim Min-ji, Seoul Beat", ["Kim Min-ji"], "Seoul Beat"),
            ("By Kim Min-ji, Lee Ha-na and Park Jun", ["Kim Min-ji", "Lee Ha-na", "Park Jun"], ""),
            ("**By Jeff Lee | K Wire | March 2, 2024**", ["Jeff Lee"], "K Wire"),
            ("[서울비트] 김민지 기자 (minji@seoulbeat.example)", ["김민지"], "서울비트"),
            ("By [**Kim Min-ji**](/author/kim-min-ji) | Seoul Beat", ["Kim Min-ji"], "Seoul Beat"),
        ):
            with self.subTest(line=line):
                result = clean(f"Headline\n\n{line}\n\nThe story starts here.\n\nIt goes on.")
                self.assertEqual((result.byline_names, result.source_credit), (names, outlet))

    def test_a_name_and_outlet_line_inside_the_story_stays(self):
        body = (
            "Headline\n\nThe first paragraph runs long enough to be the story itself, "
            "with a second clause.\n\nThe second paragraph.\n\nPark Jun, K Wire"
        )
        result = clean(body)
        self.assertEqual(result.byline_names, [])
        self.assertIn("Park Jun, K Wire", result.paragraphs)

    def test_a_name_bar_outlet_line_without_by_stays_a_photo_credit(self):
        result = clean("Headline\nKim Jisoo | Example Outlet\n\nBody.\n\nMore.")
        self.assertEqual(result.byline_names, [])
        self.assertEqual(len(result.removed("credit")), 1)

    def test_a_name_and_outlet_line_is_no_photo_credit(self):
        result = clean("Headline\nBy Kim Min-ji | Seoul Beat\n\nBody.\n\nMore.")
        self.assertEqual(result.removed("credit"), [])


class ChromeAndTagTests(SimpleTestCase):
    def test_breadcrumb_trails_are_chrome(self):
        for line in ("Home > Entertainment > K-pop", "Home / News / Music", "Home › K-pop"):
            with self.subTest(line=line):
                self.assertTrue(is_chrome(line))
        for line in ("Lyrics / composition by RM", "Score: 5 > 3", "Fans > critics, she said."):
            with self.subTest(line=line):
                self.assertFalse(is_chrome(line))

    def test_a_tag_list_after_the_last_paragraph_becomes_tag_words(self):
        for line, words in (
            ("BTS, RM, comeback", ["BTS", "RM", "comeback"]),
            ("#NewJeans #Bunnies", ["NewJeans", "Bunnies"]),
            ("Tags: aespa Drama", ["aespa", "Drama"]),
            ("Tags: [Stray Kids](/tags/skz), [Felix](/tags/felix)", ["Stray Kids", "Felix"]),
        ):
            with self.subTest(line=line):
                result = clean(f"Headline\n\nFirst paragraph.\n\nSecond paragraph.\n\n{line}")
                self.assertEqual(result.tag_words, words)
                self.assertEqual(result.paragraphs, ["Second paragraph."])
                self.assertEqual([(c.kind, c.text) for c in result.changes], [("tags", line)])

    def test_a_short_last_line_is_not_a_tag_list(self):
        for line in ("Thank you, ARMY", "Yes.", "“See you soon, Seoul, and thanks”"):
            with self.subTest(line=line):
                result = clean(f"Headline\n\nFirst paragraph.\n\nSecond.\n\n{line}")
                self.assertEqual(result.tag_words, [])
                self.assertEqual(result.paragraphs[-1], line)

    def test_a_standfirst_set_straight_under_the_headline_is_the_dek(self):
        result = clean(
            "Jin ends his solo tour\nThe last night in Seoul ran three hours.\n"
            "The show opened with a ballad.\nIt closed with fireworks.\n\nHe thanked fans."
        )
        self.assertEqual(result.dek, "The last night in Seoul ran three hours.")
        self.assertEqual(
            result.paragraphs,
            ["The show opened with a ballad.\nIt closed with fireworks.", "He thanked fans."],
        )


class TypographyTests(SimpleTestCase):
    def test_a_missing_space_after_a_full_stop_is_put_back(self):
        result = clean(
            "Headline\n\nFirst.\n\nIt rained on the fans.Many stayed. 그는 돌아왔다.팬들이 웃었다."
        )
        self.assertEqual(
            result.paragraphs[-1],
            "It rained on the fans. Many stayed. 그는 돌아왔다. 팬들이 웃었다.",
        )
        self.assertEqual(
            [(c.kind, c.reason, c.text) for c in result.changes],
            [
                ("typography", "missing space after a full stop", "fans.Many"),
                ("typography", "missing space after a full stop", "돌아왔다.팬들이"),
            ],
        )

    def test_addresses_numbers_and_abbreviations_keep_their_full_stops(self):
        line = (
            "Stream it on Weverse.io or www.Example.com, write to press@Label.Example, "
            "see [the page](https://example.com/Page.Html), rated 3.5 in the U.S.A. on "
            "IMG.Final and Node.js."
        )
        result = clean(f"Headline\n\nFirst.\n\n{line}")
        self.assertEqual(result.paragraphs[-1], line)
        self.assertEqual(result.removed("typography"), [])


class LeadOrStandfirstTests(SimpleTestCase):
    def test_a_short_first_paragraph_that_reports_is_the_lead(self):
        result = clean(
            "VELVETA to debut in April\n\nORBIT Entertainment announced on Monday that its new "
            "girl group will debut on April 9.\n\nThe single is called “First Frost.”"
        )
        self.assertEqual(result.dek, "")
        self.assertEqual(len(result.paragraphs), 2)

    def test_a_paragraph_under_a_byline_under_the_headline_is_the_story(self):
        result = clean(
            "Stray Kids top the chart\nBy Lee Hana, Seoul Beat\n\n"
            "The album opened at number one.\n\nIt is their sixth."
        )
        self.assertEqual(result.dek, "")
        self.assertEqual(result.paragraphs[0], "The album opened at number one.")


class PressReleaseAndSocialTests(SimpleTestCase):
    def test_a_press_release_ends_at_its_end_mark(self):
        result = clean(
            "FOR IMMEDIATE RELEASE\n\nVELVETA to debut in April\n\nThe group debuts on April 9."
            "\n\nMore to come.\n\n###\n\nAbout ORBIT Entertainment\nA label.\n\n"
            "Media contact: press@orbit.example"
        )
        self.assertEqual(result.headline, "VELVETA to debut in April")
        self.assertEqual(result.paragraphs[-1], "More to come.")
        self.assertEqual(
            [(c.kind, c.reason) for c in result.changes],
            [
                ("chrome", "website chrome"),
                ("chrome", "a press release's end mark and the boilerplate after it"),
            ],
        )

    def test_embed_chrome_from_social_posts_is_removed(self):
        for line in (
            "View this post on Instagram",
            "A post shared by NOVA9 (@nova9_official)",
            "Watch on YouTube",
        ):
            with self.subTest(line=line):
                self.assertTrue(is_chrome(line))


class PageTitleTests(SimpleTestCase):
    def test_a_page_title_above_the_headline_is_dropped(self):
        result = clean(
            "LUMEN announce first world tour – Example Pop\n\n"
            "# LUMEN announce their first world tour\n\n"
            "Twenty-two cities across four continents.\n\nThe tour opens in May."
        )
        self.assertEqual(result.headline, "LUMEN announce their first world tour")
        self.assertEqual(result.dek, "Twenty-two cities across four continents.")
        self.assertEqual(
            [(c.kind, c.reason, c.text) for c in result.changes],
            [
                (
                    "chrome",
                    "page title or label above the story's headline",
                    "LUMEN announce first world tour – Example Pop",
                )
            ],
        )

    def test_a_sentence_above_a_heading_is_the_story(self):
        result = clean("Headline\n\nThe story starts here.\n\n# A section\n\nMore of it.")
        self.assertEqual(result.headline, "Headline")
        self.assertIn("# A section", result.paragraphs)

    def test_a_quote_under_the_headline_keeps_its_attribution(self):
        result = clean(
            "# Lee Sung Jin on filming\n“We shot it in Paju,” he said.\n— Lee Sung Jin\n\nMore."
        )
        self.assertEqual(result.dek, "")
        self.assertEqual(
            result.paragraphs, ["“We shot it in Paju,” he said.\n— Lee Sung Jin", "More."]
        )


class WrappedProseIsNotChromeTests(SimpleTestCase):
    def test_a_wrapped_line_that_starts_like_chrome_stays_in_its_paragraph(self):
        copy = (
            "Park Sora returns to the stage\n\n"
            '"From now on, I want to run towards you instead of\n'
            'watching from the hospital bed," Park told the audience.\n\n'
            "Related: the full setlist\n\n"
            "The show ended with the debut single."
        )
        cleaned = clean(copy)
        self.assertIn("watching from the hospital bed", cleaned.body)
        self.assertEqual([c.text for c in cleaned.removed("chrome")], ["Related: the full setlist"])

    def test_a_quote_under_the_headline_in_its_block_keeps_its_attribution(self):
        copy = (
            '# Lee Sung Jin on filming the video\n"We shot it in Paju," he said.\n― Lee Sung Jin\n'
        )
        cleaned = clean(copy)
        self.assertEqual(cleaned.paragraphs, ['"We shot it in Paju," he said.\n— Lee Sung Jin'])
        again = clean(f"# {cleaned.headline}\n\n{cleaned.body}")
        self.assertEqual(again.paragraphs, cleaned.paragraphs)
