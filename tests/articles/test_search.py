"""Search finds published stories by their words and by every name of what they are about."""

from django.test import TestCase

from articles.models import Article
from articles.search import Query, highlight
from artists.models import Alias
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


def found(text):
    return [a.headline for a in Article.objects.published().search(text).stories]


class QueryParsingTests(TestCase):
    def test_web_search_syntax(self):
        query = Query.parse('"come back" RM -review or Jin')
        first, second = query.alternatives
        self.assertEqual(first.phrases, [("come", "back"), ("rm",)])
        self.assertEqual(first.excluded, ["review"])
        self.assertEqual(second.phrases, [("jin",)])

    def test_punctuation_and_case_do_not_matter(self):
        self.assertEqual(
            Query.parse("Right Place, Wrong Person!").terms(), {"right", "place", "wrong", "person"}
        )

    def test_a_query_of_only_symbols_or_spaces_is_empty(self):
        for text in ["", "   ", '""', "- -- !!"]:
            with self.subTest(text=text):
                self.assertFalse(Query.parse(text))


class TextSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.teaser = make_article(
            "Teaser drops for the comeback",
            dek="A moody first look.",
            body="The clip runs 40 seconds and ends on a title card.",
        )
        cls.review = make_article(
            "Review: a restless album", body="The album moves from jazz to guitar pop."
        )
        cls.hangul = make_article("인터뷰", body="김남준은 새 앨범에 대해 말했다.")
        cls.draft = make_draft("Secret comeback plans", body="Embargoed until Friday.")
        cls.scheduled = make_article("Comeback confirmed", published_at=now() + hours(3))
        cls.trashed = make_article("Comeback rumours", deleted_at=now())

    def test_finds_words_in_headline_dek_and_body(self):
        self.assertEqual(found("teaser"), [self.teaser.headline])
        self.assertEqual(found("moody"), [self.teaser.headline])
        self.assertEqual(found("guitar"), [self.review.headline])

    def test_only_published_stories_ever(self):
        self.assertEqual(found("comeback"), [self.teaser.headline])
        self.assertEqual(found("embargoed"), [])
        self.assertEqual(found("confirmed"), [])
        self.assertEqual(found("rumours"), [])

    def test_every_word_must_appear(self):
        self.assertEqual(found("album guitar"), [self.review.headline])
        self.assertEqual(found("album teaser"), [])

    def test_phrases_exclusions_and_alternatives(self):
        self.assertEqual(found('"title card"'), [self.teaser.headline])
        self.assertEqual(found('"card title"'), [])
        self.assertEqual(found("the -teaser"), [self.review.headline])
        self.assertCountEqual(
            found("guitar or moody"), [self.review.headline, self.teaser.headline]
        )

    def test_whole_words_only(self):
        self.assertEqual(found("gui"), [])

    def test_a_hangul_name_is_found_with_a_particle_attached(self):
        self.assertEqual(found("김남준"), [self.hangul.headline])
        self.assertEqual(found("김남준은"), [self.hangul.headline])

    def test_headline_matches_rank_above_body_matches(self):
        body_only = make_article("Another story", body="A review of the week.")
        results = found("review")
        self.assertEqual(results, [self.review.headline, body_only.headline])

    def test_an_edit_is_searchable_at_once(self):
        self.review.body = "Now about synthesisers."
        self.review.save()
        self.assertEqual(found("synthesisers"), [self.review.headline])
        self.assertEqual(found("guitar"), [])

    def test_hostile_query_syntax_is_just_words(self):
        for text in ["'); drop table x; --", "a & b | !c", "<->", "\\'", '"unclosed', "-"]:
            with self.subTest(text=text):
                found(text)  # no database error


class NameSearchTests(TestCase):
    """A query naming an artist or release through any of its names finds its stories."""

    @classmethod
    def setUpTestData(cls):
        cls.bts = make_group("BTS", hangul_name="방탄소년단")
        cls.rm = make_artist("RM", hangul_name="알엠", birth_name="Kim Nam-joon")
        Alias.objects.create(artist=cls.rm, name="김남준", language=Alias.Language.KOREAN)
        make_membership(cls.rm, cls.bts)
        cls.album = make_release("Right Place, Wrong Person", artists=[cls.rm])
        cls.single = make_release("Come Back to Me", artists=[cls.rm], parent_album=cls.album)
        cls.person = make_release("Person", artists=[make_artist("Someone else")])
        cls.video = make_article("The video, explained", artists=[cls.rm], releases=[cls.single])
        cls.album_story = make_article("Eleven tracks", releases=[cls.album])
        cls.group_story = make_article("Anniversary week", artists=[cls.bts])
        cls.other = make_article("Unrelated", body="A person of interest.")
        cls.draft = make_draft("Secret RM news", artists=[cls.rm])

    def results(self, text):
        return Article.objects.published().search(text)

    def test_every_name_of_an_artist_finds_their_stories(self):
        for text in ["RM", "rm", "알엠", "Kim Namjoon", "Kim Nam-joon", "김남준", "김남준의"]:
            with self.subTest(text=text):
                results = self.results(text)
                self.assertEqual([a.name for a in results.artists], ["RM"])
                self.assertEqual([a.headline for a in results.stories], [self.video.headline])

    def test_a_release_title_with_or_without_punctuation_finds_its_family(self):
        for text in ["Right Place, Wrong Person", "right place wrong person"]:
            with self.subTest(text=text):
                results = self.results(text)
                self.assertEqual([r.title for r in results.releases], ["Right Place, Wrong Person"])
                self.assertCountEqual(
                    [a.headline for a in results.stories],
                    [self.album_story.headline, self.video.headline],
                )

    def test_the_longest_name_wins(self):
        results = self.results("Right Place Wrong Person")
        self.assertEqual(results.releases, [self.album])
        self.assertNotIn(self.person, results.releases)

    def test_a_group_name_finds_members_stories(self):
        results = self.results("방탄소년단")
        self.assertEqual(results.artists, [self.bts])
        self.assertCountEqual(
            [a.headline for a in results.stories], [self.group_story.headline, self.video.headline]
        )

    def test_other_words_narrow_a_name(self):
        self.assertEqual(
            [a.headline for a in self.results("RM explained").stories], [self.video.headline]
        )
        self.assertEqual(list(self.results("RM anniversary").stories), [])

    def test_stories_linked_to_the_name_rank_first(self):
        mention = make_article("Mentions only", body="RM was seen at the studio.")
        headlines = [a.headline for a in self.results("RM").stories]
        self.assertEqual(headlines, [self.video.headline, mention.headline])

    def test_a_draft_about_the_artist_is_never_found(self):
        for text in ["RM", "secret", "Secret RM news"]:
            with self.subTest(text=text):
                self.assertNotIn(self.draft, self.results(text).stories)

    def test_a_name_inside_a_longer_word_is_not_a_name(self):
        self.assertEqual(self.results("RMX").artists, [])


class HighlightTests(TestCase):
    def test_marks_whole_words_and_escapes_the_rest(self):
        self.assertEqual(
            highlight("<b>RM</b> and ARMY", {"rm"}), "&lt;b&gt;<mark>RM</mark>&lt;/b&gt; and ARMY"
        )

    def test_cuts_a_window_around_the_first_match(self):
        text = "word " * 100 + "needle " + "word " * 100
        marked = highlight(text, {"needle"}, limit=80)
        self.assertIn("<mark>needle</mark>", marked)
        self.assertTrue(marked.startswith("… ") and marked.endswith(" …"))
        self.assertLess(len(marked), 140)
