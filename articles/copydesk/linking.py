"""Find the artists and releases a piece of copy mentions, through every name they go by.

Matching is on whole words, case-insensitive: "RM" matches "RM", "rm" and "RM's", never
"ARMY", "warm" or "RMX". Punctuation between words does not matter ("Right Place, Wrong
Person" = "Right Place Wrong Person"), nor do hyphens inside a name ("Nam-joon" =
"Namjoon"). A Korean or Japanese name may carry a particle ("김남준은", "防弾少年団が").
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from artists.names import name_key, name_words, without_particle, words

HYPHENATED = re.compile(r"(?<=\w)[-‐‑](?=\w)")

# Japanese and Chinese run words together: names in kana or kanji are found inside words.
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass
class Suggestion:
    kind: str  # "artist" or "release"
    pk: int
    label: str
    matched: str  # as written in the copy, first time
    count: int = 1


def _title_case(word):
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def _inside_longer_name(text, tokens, i):
    """A one-word name like "Jin" inside a longer one ("Lee Sung Jin", "Jin Young"): Korean
    names share syllables, so a Title-case name is suggested only when it stands alone.
    All-caps names (RM, BTS, V) are never taken for parts of other names."""
    start, end = tokens[i][1], tokens[i][2]
    if not _title_case(text[start:end]):
        return False
    before = re.search(r"(\w+) $", text[max(0, start - 40) : start])
    after = re.match(r" (\w+)", text[end : end + 40])
    return any(m is not None and _title_case(m.group(1)) for m in (before, after))


def _span_in_text(text, start, end, at, length):
    """Where word[at : at + length] is in `text`, for the word found at text[start:end].

    The word is case-folded and has lost its inner hyphens, so its offsets are not the text's:
    in "K-POPの防弾少年団が" the name was reported as "の防弾少年", one place off per
    hyphen, and a letter that folds to two ("ß" → "ss") shifted it the other way.
    """
    folded, begin = 0, None
    for position in range(start, end):
        if folded >= at + length:
            return begin, position
        width = len(name_key(text[position]))  # 0 for a hyphen, 2 for "ß"
        if begin is None and width and folded + width > at:
            begin = position
        folded += width
    return begin, end


class NameIndex:
    """Every name of every artist and release, looked up by its first word."""

    def __init__(self, entries):
        self._by_first = defaultdict(list)
        self._unspaced = []
        for kind, pk, label, name in entries:
            variants = self._variants(kind, name)
            for variant in variants:
                self._by_first[variant[0]].append((variant, kind, pk, label))
            # Only a name of one word, itself two characters or more: "花様年華 pt.1" was looked
            # for as its first word alone, inside any word, and "団 1" as "団".
            only = next(iter(variants)) if len(variants) == 1 else ()
            if len(only) == 1 and UNSPACED.search(name) and len(only[0]) >= 2:
                self._unspaced.append((only[0], kind, pk, label))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda c: len(c[0]), reverse=True)  # longest name wins

    @staticmethod
    def _variants(kind, name):
        tokens = name_words(name)
        if not tokens:
            return []
        variants = {tokens}
        if kind == "artist" and 1 < len(tokens) <= 3:
            variants.add(("".join(tokens),))  # "Jung Kook" also as "Jungkook"
        if kind == "artist" and HYPHENATED.search(name):
            # A romanised Korean given name is written hyphenated, joined or spaced in the same
            # piece: "Kim Nam-joon", "Kim Namjoon" (the key) and "Kim Nam Joon".
            spaced = name_words(HYPHENATED.sub(" ", name))
            if len(spaced) <= 4:
                variants.add(spaced)
        return variants

    @classmethod
    def from_database(cls):
        from artists.models import Alias, Artist, Release

        entries = []
        for pk, name, hangul, birth in Artist.objects.values_list(
            "pk", "name", "hangul_name", "birth_name"
        ):
            entries += [("artist", pk, name, n) for n in (name, hangul, birth) if n]
        for pk, label, alias in Alias.objects.values_list("artist", "artist__name", "name"):
            entries.append(("artist", pk, label, alias))
        for pk, title in Release.objects.values_list("pk", "title"):
            entries.append(("release", pk, title, title))
        return cls(entries)

    def _lookups(self, word):
        yield word, word
        for bare in without_particle(word):
            yield bare, word

    def find(self, text):
        """Suggestions in order of first mention, each with how often it appears."""
        tokens, found, i = words(text), {}, 0
        while i < len(tokens):
            match = self._match_at(tokens, i)
            if match is None:
                i += 1
                continue
            length, kind, pk, label = match
            if length == 1 and _inside_longer_name(text, tokens, i):
                i += 1
                continue
            key = (kind, pk)
            if key in found:
                found[key].count += 1
            else:
                start, end = tokens[i][1], tokens[i + length - 1][2]
                found[key] = Suggestion(kind, pk, label, text[start:end])
            i += length
        self._find_unspaced(text, tokens, found)
        return list(found.values())

    def _find_unspaced(self, text, tokens, found):
        for word, start, end in tokens:
            if not UNSPACED.search(word):
                continue
            for name, kind, pk, label in self._unspaced:
                # Whole words are counted above, and so are words that are the name with a
                # particle ("防弾少年団が"): counted here too, they were counted twice.
                whole = any(bare == name for bare, _ in self._lookups(word))
                hits = word.count(name) if not whole else 0
                if not hits:
                    continue
                if (kind, pk) in found:
                    found[(kind, pk)].count += hits
                else:
                    at, to = _span_in_text(text, start, end, word.index(name), len(name))
                    found[(kind, pk)] = Suggestion(kind, pk, label, text[at:to], hits)

    def _match_at(self, tokens, i):
        for first, _ in self._lookups(tokens[i][0]):
            for variant, kind, pk, label in self._by_first.get(first, ()):
                if self._matches(variant, tokens, i):
                    return len(variant), kind, pk, label
        return None

    def _matches(self, variant, tokens, i):
        if i + len(variant) > len(tokens):
            return False
        for offset, expected in enumerate(variant):
            word = tokens[i + offset][0]
            if not any(stem == expected for stem, _ in self._lookups(word)):
                return False
        return True
