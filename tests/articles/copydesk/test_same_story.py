from django.test import SimpleTestCase, TestCase

from articles.copydesk.duplicates import article_fingerprint, likely_duplicates
from articles.copydesk.sameness import dates, features, names, quotations
from articles.models import Article
from tests.articles.copydesk import pairs
from tests.articles.copydesk.stories import (
    ALBUM_REVIEW,
    INTERVIEW_OUTLET_A,
    INTERVIEW_OUTLET_B,
    TRACKLIST_NEWS,
)
from tests.factories import make_artist, make_draft, make_user


def story_from(copy, slug):
    """The copy saved as a draft and fingerprinted: headline, dek, then the body (taken apart
    by hand, so that what is judged is the warning, not the cleaner)."""
    headline, dek, body = copy.split("\n", 2)
    story = make_draft(headline, dek=dek, body=body.strip(), slug=slug)
    article_fingerprint(article=story)
    return story


class FeatureTests(SimpleTestCase):
    def test_romanised_korean_names_compare_equal_however_they_are_split(self):
        for written in ("Ji-hoon", "Ji Hoon", "Jihoon", "Kim Ji-hoon", "Kim Ji Hoon"):
            with self.subTest(written=written):
                self.assertIn("jihoon", names(f"We met {written} yesterday."))

    def test_places_outlets_and_hangul_names_are_names(self):
        found = names("The singer told Weekly Stage in Busan that 김지훈은 was late.")
        self.assertTrue({"weeklystage", "busan", "김지훈"} <= found)

    def test_an_ordinary_word_opening_a_sentence_is_no_name(self):
        self.assertNotIn("rehearsals", names("Rehearsals took place in a car park."))
        self.assertIn("nova9", names("NOVA9 rehearsed in a car park."))

    def test_dates_written_any_way_are_one_date(self):
        for written in ("March 2", "2 March", "2nd of March", "2024-03-02", "3월 2일", "Mar. 2"):
            with self.subTest(written=written):
                self.assertEqual(dates(f"It happened on {written}, they said."), {"03-02"})

    def test_quoted_speech_in_any_quotation_marks(self):
        text = '“One,” he said. "Two" and ‘can’t stop’ and 「三」.'
        self.assertEqual(quotations(text), ["One,", "Two", "can’t stop", "三"])

    def test_a_trimmed_and_re_punctuated_quote_keeps_most_of_its_features(self):
        full = features('"We sang on when the lights went out, and that is the shot," he said.')
        trimmed = features("“When the lights went out — and that is the shot”, he recalled.")
        whole, part = full.quotes[0], trimmed.quotes[0]
        self.assertGreaterEqual(len(whole & part), 0.8 * len(part))

    def test_short_quoted_titles_are_names_not_speech(self):
        found = features('Their album "Blue Hour" is out.')
        self.assertEqual(found.quotes, [])
        self.assertEqual(len(found.names), len(features("Their album Blue Hour is out.").names))


class CatalogueNameTests(TestCase):
    def setUp(self):
        from articles.copydesk.sameness import forget_name_index

        forget_name_index()

    def test_an_artist_is_one_name_in_hangul_and_in_latin_letters(self):
        from articles.copydesk.sameness import NAME, feature_value, name_index

        artist = make_artist("Jang Mirae", hangul_name="장미래")
        index = name_index()
        latin = features("We met Jang Mirae in Seoul.", index).names
        hangul = features("장미래는 서울에서 말했다.", index).names
        self.assertIn(feature_value(NAME, f"artist:{artist.pk}"), latin & hangul)

    def test_a_new_artist_is_known_at_once(self):
        from articles.copydesk.sameness import name_index

        name_index()
        artist = make_artist("Oh Haneul")
        self.assertEqual([s.pk for s in name_index().find("Oh Haneul sang.")], [artist.pk])


class EvaluationTests(TestCase):
    """Precision and recall of the same-story warning over pairs written for it."""

    @classmethod
    def setUpTestData(cls):
        cls.partner = {}
        for kind, group in (("same", pairs.SAME_EVENT), ("other", pairs.DIFFERENT_EVENTS)):
            for n, (first, second) in enumerate(group):
                a = story_from(first, f"{kind}-{n}-a")
                b = story_from(second, f"{kind}-{n}-b")
                if group is pairs.SAME_EVENT:
                    cls.partner[a.pk], cls.partner[b.pk] = b.pk, a.pk
        for n, copy in enumerate((INTERVIEW_OUTLET_A, INTERVIEW_OUTLET_B, ALBUM_REVIEW)):
            story_from(copy, f"fixture-{n}")
        story_from(TRACKLIST_NEWS, "fixture-3")
        cls.partner[Article.objects.get(slug="fixture-0").pk] = Article.objects.get(
            slug="fixture-1"
        ).pk
        cls.partner[Article.objects.get(slug="fixture-1").pk] = Article.objects.get(
            slug="fixture-0"
        ).pk

    def test_precision_and_recall_are_at_least_nine_tenths(self):
        right = wrong = 0
        missed = []
        for story in Article.objects.order_by("pk"):
            flagged = [found.pk for found, _ in likely_duplicates(story)]
            partner = self.partner.get(story.pk)
            right += partner in flagged
            wrong += len([pk for pk in flagged if pk != partner])
            if partner and partner not in flagged:
                missed.append(story.headline)
        precision = right / (right + wrong) if right + wrong else 0.0
        recall = right / len(self.partner)
        print(
            f"\nsame-story warning: precision {precision:.2f}, recall {recall:.2f} "
            f"({right} right, {wrong} wrong, {len(missed)} missed of {len(self.partner)})"
        )
        self.assertGreaterEqual(precision, 0.9, missed)
        self.assertGreaterEqual(recall, 0.9, missed)

    def test_each_warning_says_what_the_stories_share(self):
        first, second = pairs.SAME_EVENT[0]
        probe = Article(headline="x", body=second)
        found = likely_duplicates(probe)
        self.assertTrue(found)
        self.assertRegex(found[0].reason, r"shares \d+ quotes?.* and \d+ ")


class NoSpeechTests(TestCase):
    def test_names_a_date_and_a_word_in_common_without_a_quote_are_no_warning(self):
        story_from(
            "Jiseo celebrate their anniversary\nA party in Ilsan.\n"
            "The group Jiseo met fans at Kintex in Ilsan on 12 May, Starwave Entertainment said.",
            "party",
        )
        probe = Article(
            headline="Starwave Entertainment: Jiseo at Kintex",
            body="Jiseo's fans in Ilsan: May 12, the group at Kintex, Starwave Entertainment said.",
        )
        self.assertEqual(likely_duplicates(probe), [])


class AdminReasonTests(TestCase):
    def test_the_same_story_box_says_why(self):
        from django.urls import reverse

        first, second = pairs.SAME_EVENT[1]
        story_from(first, "first")
        other = story_from(second, "second")
        self.client.force_login(make_user(superuser=True))
        page = self.client.get(reverse("admin:articles_article_change", args=[other.pk]))
        self.assertContains(page, "% alike (Draft) — ")
        self.assertRegex(page.content.decode(), r"alike \(Draft\) — [^<]*shares \d+ quotes")


class BackfillTests(TestCase):
    def test_the_command_adds_features_to_stories_fingerprinted_before_them(self):
        from io import StringIO

        from django.core.management import call_command

        from articles.copydesk.sameness import MARKER, kind_of
        from articles.models import Fingerprint

        first, second = pairs.SAME_EVENT[3]  # shares too little wording to be found without
        old = story_from(first, "old")
        held = Fingerprint.objects.filter(article=old).values_list("value", flat=True)
        added = [v for v in held if kind_of(v) not in (0, 4)]  # shingles stay
        Fingerprint.objects.filter(article=old, value__in=added).delete()
        probe = Article(headline="x", body=second)
        self.assertEqual(likely_duplicates(probe), [])
        call_command("fingerprint_stories", stdout=StringIO())
        self.assertTrue(Fingerprint.objects.filter(article=old, value=MARKER).exists())
        self.assertEqual([d.story for d in likely_duplicates(probe)], [old])
