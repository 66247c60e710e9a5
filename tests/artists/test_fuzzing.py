"""Property-based tests for how names are compared (artists/names.py), fed arbitrary Unicode:
Hangul, kana and kanji, mixed scripts, combining marks, zero-width characters, fullwidth forms.

Hypothesis prints the smallest failing example it finds, as arguments to paste into a test,
and tries it first on the next run (it keeps failures in .hypothesis/).
"""

from django.test import SimpleTestCase
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from artists.names import (
    CJK,
    PARTICLES,
    artist_name_keys,
    name_key,
    name_words,
    without_particle,
    words,
)

FAST = settings(max_examples=200, deadline=None)

# Characters that have broken name matchers before: zero-width joiners and spaces, bidi
# controls, combining marks, fullwidth forms, letters whose case folding changes their length.
TRICKY = (
    "\u200b\u200c\u200d\u2060\ufeff\u202e\u00ad\u0301\u0308\u0307\u0345\u3099"
    "ßẞﬁﬀİıŉǰΐΣςſK\u1100\u1161\u11ab"
    "ＲＭＢＴＳｒｍ１２"
    "-‐‑–—_'’.,!?&/()·・ー\u3000\u00a0\t\n "
)
LETTERS = ["Lo", "Lm"]
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3, categories=LETTERS)
KANA = st.characters(min_codepoint=0x3041, max_codepoint=0x30FF, categories=LETTERS)
KANJI = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF, categories=LETTERS)
LATIN = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éÉøÅñü")
unicode_text = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from(TRICKY), HANGUL, KANA, KANJI, LATIN)
)

# One word of a name: letters and digits of any script (what `\w` holds), plus the usual ones.
word_chars = st.one_of(
    st.characters(categories=["L", "N"], exclude_characters="ı"), HANGUL, KANA, KANJI, LATIN
)
name_word = st.text(alphabet=word_chars, min_size=1, max_size=8)
# What may stand between the words of a name without changing it: anything but a letter, a
# digit, a combining mark, an underscore, or a hyphen (a hyphen inside a name joins its words).
separator = st.text(
    alphabet=st.characters(categories=["P", "S", "Z", "Cc", "Cf"], exclude_characters="_-‐‑"),
    min_size=1,
    max_size=4,
)


@st.composite
def spelled_names(draw):
    """(words, the name as written with arbitrary separators around and between them)."""
    parts = draw(st.lists(name_word, min_size=1, max_size=4))
    gaps = draw(st.lists(separator, min_size=len(parts) - 1, max_size=len(parts) - 1))
    ends = draw(st.tuples(st.just("") | separator, st.just("") | separator))
    written = parts[0] + "".join(gap + part for gap, part in zip(gaps, parts[1:], strict=True))
    return parts, ends[0] + written + ends[1]


def folded(parts):
    return [part.casefold() for part in parts]


class WordsProperties(SimpleTestCase):
    @FAST
    @given(unicode_text)
    def test_words_come_in_order_with_spans_that_hold_them(self, text):
        end = 0
        for word, start, stop in words(text):
            self.assertTrue(word)
            self.assertNotIn(" ", word)
            self.assertLessEqual(end, start)
            self.assertLess(start, stop)
            self.assertLessEqual(stop, len(text))
            self.assertEqual(name_key(text[start:stop]), word)
            end = stop

    @FAST
    @given(unicode_text)
    def test_name_key_is_its_own_key(self, text):
        key = name_key(text)
        self.assertEqual(name_key(key), key)
        self.assertEqual(key.casefold(), key)
        self.assertEqual(key, " ".join(key.split(" ")).strip())
        self.assertNotIn("  ", key)
        self.assertEqual(tuple(key.split(" ")) if key else (), name_words(text))

    @FAST
    @given(unicode_text)
    def test_case_does_not_matter(self, text):
        # Unicode's locale-free case folding keeps Turkish dotless ı apart from i, so "ı" and
        # its upper case "I" are different names; nothing else may be.
        assume("ı" not in text)
        key = name_key(text)
        self.assertEqual(name_key(text.upper()), key)
        self.assertEqual(name_key(text.lower()), key)
        self.assertEqual(name_key(text.swapcase()), key)

    @FAST
    @given(spelled_names())
    def test_spacing_and_punctuation_between_words_do_not_matter(self, name):
        parts, written = name
        self.assertEqual(name_key(written), " ".join(folded(parts)))
        self.assertEqual(name_key(written), name_key(" ".join(parts)))

    @FAST
    @given(st.lists(name_word, min_size=2, max_size=4), st.sampled_from("-‐‑"))
    def test_a_hyphen_inside_a_name_joins_its_words(self, parts, hyphen):
        self.assertEqual(name_key(hyphen.join(parts)), "".join(folded(parts)))
        self.assertEqual(name_key(hyphen.join(parts)), name_key("".join(parts)))


class ParticleProperties(SimpleTestCase):
    @FAST
    @given(unicode_text)
    def test_bare_forms_are_shorter_prefixes(self, text):
        for word, _, _ in words(text):
            for bare in without_particle(word):
                self.assertTrue(bare)
                self.assertTrue(word.startswith(bare))
                self.assertIn(word[len(bare) :], PARTICLES)
                self.assertTrue(CJK.search(word))

    @FAST
    @given(name_word, st.sampled_from(PARTICLES))
    def test_a_name_with_a_particle_has_the_name_as_a_bare_form(self, name, particle):
        (word,) = name_words(name + particle)
        self.assertIn(name.casefold(), without_particle(word))


class ArtistKeyProperties(SimpleTestCase):
    @FAST
    @given(st.lists(unicode_text, max_size=4))
    def test_every_name_is_found_as_a_whole_line(self, names):
        keys = artist_name_keys(*names)
        self.assertTrue(keys.startswith("\n") and keys.endswith("\n"))
        lines = keys.strip("\n").split("\n")
        self.assertEqual(lines, sorted(set(lines)))
        for name in names:
            key = name_key(name)
            if key:
                self.assertIn(f"\n{key}\n", keys)
            if key.count(" ") == 1:
                self.assertIn(f"\n{key.replace(' ', '')}\n", keys)  # "Jungkook"
