from django.test import TestCase

from articles.copydesk.linking import NameIndex
from artists.models import Alias
from tests.factories import make_artist, make_group, make_release


class LinkingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM", hangul_name="알엠", birth_name="Kim Namjoon")
        Alias.objects.create(artist=cls.rm, name="김남준", language="ko", kind="birth")
        Alias.objects.create(artist=cls.rm, name="Kim Nam-joon", language="ko-Latn")
        Alias.objects.create(artist=cls.rm, name="Rap Monster", language="en", kind="former")
        cls.bts = make_group("BTS", hangul_name="방탄소년단")
        Alias.objects.create(artist=cls.bts, name="防弾少年団", language="ja")
        Alias.objects.create(artist=cls.bts, name="Bangtan Boys", language="en")
        cls.jk = make_artist("Jung Kook", hangul_name="정국")
        cls.jhope = make_artist("j-hope")
        cls.album = make_release("Right Place, Wrong Person")
        cls.index = NameIndex.from_database()

    def found(self, text):
        return {(s.kind, s.pk): s for s in self.index.find(text)}

    def test_every_alias_finds_the_artist(self):
        for text in (
            "RM spoke first.",
            "Kim Namjoon spoke first.",
            "Kim Nam-joon spoke.",
            "김남준은 먼저 말했다.",
            "알엠의 새 앨범",
            "Rap Monster, as he was then known",
        ):
            with self.subTest(text=text):
                self.assertIn(("artist", self.rm.pk), self.found(text))

    def test_case_possessives_and_punctuation_do_not_matter(self):
        found = self.found("rm's new album, right place wrong person, is out. RM’s fans agree.")
        self.assertEqual(found[("artist", self.rm.pk)].count, 2)
        self.assertEqual(found[("artist", self.rm.pk)].matched, "rm")
        self.assertIn(("release", self.album.pk), found)
        self.assertIn(("release", self.album.pk), self.found("RIGHT PLACE, WRONG PERSON"))

    def test_never_inside_another_word(self):
        found = self.found("ARMY sang along in the warm hall; the RMX edit and FIRM beats.")
        self.assertNotIn(("artist", self.rm.pk), found)
        self.assertEqual(found, {})

    def test_japanese_and_korean_names_inside_sentences(self):
        self.assertEqual(
            self.found("昨日、防弾少年団が来日した。")[("artist", self.bts.pk)].count, 1
        )
        self.assertIn(("artist", self.bts.pk), self.found("방탄소년단의 리더"))
        self.assertIn(("artist", self.jk.pk), self.found("정국이 노래했다"))

    def test_spacing_and_hyphen_variants(self):
        self.assertIn(("artist", self.jk.pk), self.found("Jungkook and JUNG KOOK"))
        self.assertEqual(self.found("Jungkook and JUNG KOOK")[("artist", self.jk.pk)].count, 2)
        self.assertIn(("artist", self.jhope.pk), self.found("J-Hope's solo stage"))
        self.assertIn(("artist", self.jhope.pk), self.found("jhope"))

    def test_a_romanised_name_hyphenated_joined_or_spaced(self):
        text = "Kim Nam-joon arrived. Kim Namjoon sang. Kim Nam Joon left."
        self.assertEqual(self.found(text)[("artist", self.rm.pk)].count, 3)
        self.assertIn(("artist", self.jhope.pk), self.found("J Hope waved"))

    def test_suggestions_come_in_order_of_first_mention_with_counts(self):
        suggestions = self.index.find("BTS and RM. Later, RM again; Bangtan Boys.")
        self.assertEqual([(s.label, s.count) for s in suggestions], [("BTS", 2), ("RM", 2)])
