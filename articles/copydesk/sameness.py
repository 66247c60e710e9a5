"""Same event, other words: what two outlets' write-ups of one interview share when they share
almost no phrasing of their own. They quote the same person (often trimmed or re-punctuated),
name the same people, places and outlet, give the same dates, and use the same rare words.

Each of these is hashed into the same indexed table as the shingle fingerprints
(articles.Fingerprint), told apart by the low three bits of the value: a sampled shingle is
always divisible by four (similarity.SAMPLE), so kinds 1, 2, 3, 5 and 6 never meet one.
"""

import hashlib
import math
import re
import time
from dataclasses import dataclass, field

from artists.names import without_particle

from .similarity import COMMON

QUOTE, NAME, DATE, WORD, MARK = 1, 2, 3, 5, 6
KINDS = 7
QUOTE_WORDS = 3  # three-word shingles: a trimmed quote keeps most of them
SPEECH_WORDS = 4  # fewer words in quotation marks is a title ("Blue Hour"), not speech
RARE_WORD_LETTERS = 4

# Opening and closing marks of quoted speech. A quote may run over a line break, never over a
# blank line (an unclosed straight quote would otherwise swallow the story).
_SPAN = r"(?:[^{close}\n]|\n(?!\s*\n))+"
QUOTED = re.compile(
    "|".join(
        f"{o}({_SPAN.format(close=c)}){c}"
        for o, c in (("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"), ("«", "»"))
    )
    # Curly single quotes double as apostrophes ("can’t"): a closing one ends no word.
    + r"|‘((?:[^’\n]|’\w|\n(?!\s*\n))+)’(?!\w)"
)
SPEECH_WORD = re.compile(r"\w+")
HANGUL = re.compile(r"[\uac00-\ud7af]")
TOKEN = re.compile(r"[^\W_][\w‐\-'’]*|[.!?;:,()\[\]—–]|\n\s*\n|[“”\"«»「」『』‘]")
OPENING = frozenset("“«「『‘")
SENTENCE_END = frozenset(".!?")
POSSESSIVE = re.compile(r"['’]s?$")
HYPHENS = re.compile(r"[‐\-'’]")
# Capitalised words that start no name, wherever they stand.
_NOT_NAMES = (
    "i mr ms mrs dr according asked speaking while though although because if during since "
    "monday tuesday wednesday thursday friday saturday sunday"
)

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
NOT_NAMES = COMMON | frozenset(_NOT_NAMES.split()) | frozenset(MONTHS)
DATES = (
    (re.compile(rf"\b{_MONTH}\s+{_DAY}\b", re.IGNORECASE), "md"),
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?!\w)", re.IGNORECASE), "dm"),
    (re.compile(r"\b(?:19|20)\d\d[-./](\d{1,2})[-./](\d{1,2})\b"), "ymd"),
    (re.compile(r"(\d{1,2})월\s*(\d{1,2})일"), "ymd"),
)


def feature_value(kind, text):
    """A signed 64-bit hash of `text` whose low three bits say its kind."""
    digest = hashlib.blake2b(f"{kind}:{text}".encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big", signed=True) & ~KINDS) | kind


def kind_of(value):
    return value & KINDS


# Held by every story whose features are stored: tells a bulk step which stories still need
# them, and its count is the number of such stories, the N of the rare words' weights.
MARKER = feature_value(MARK, "features-1")


@dataclass
class Features:
    quotes: list = field(default_factory=list)  # a frozenset of shingle values per quote
    names: set = field(default_factory=set)
    dates: set = field(default_factory=set)
    words: set = field(default_factory=set)

    def values(self):
        quoted = set().union(*self.quotes) if self.quotes else set()
        return quoted | self.names | self.dates | self.words | {MARKER}


def features(text, index=None):
    """The quotes, names, dates and rare words of `text`, hashed. `index` (a NameIndex) adds
    the catalogue's artists and releases under whichever of their names the copy uses."""
    found = Features()
    for quote in quotations(text):
        words = speech_words(quote)
        if len(words) < SPEECH_WORDS:
            if words:
                found.names.add(feature_value(NAME, "".join(words)))
            continue
        shingles = frozenset(quote_shingles(words))
        if shingles:
            found.quotes.append(shingles)
    found.names |= {feature_value(NAME, n) for n in names(text)}
    if index is not None:
        found.names |= {feature_value(NAME, f"{s.kind}:{s.pk}") for s in index.find(text)}
    found.dates = {feature_value(DATE, d) for d in dates(text)}
    found.words = {feature_value(WORD, w) for w in rare_words(text)}
    return found


def quotations(text):
    return [next(g for g in m.groups() if g is not None) for m in QUOTED.finditer(text or "")]


def speech_words(quote):
    return [w.casefold() for w in SPEECH_WORD.findall(quote)]


def quote_shingles(words):
    for i in range(max(len(words) - QUOTE_WORDS + 1, 0)):
        shingle = words[i : i + QUOTE_WORDS]
        if not all(w in COMMON for w in shingle):
            yield feature_value(QUOTE, " ".join(shingle))


def _name_form(token):
    """ "Ji-hoon", "Jihoon" and "NOVA9's" as compared: no hyphen, no possessive, case-folded."""
    return HYPHENS.sub("", POSSESSIVE.sub("", token)).casefold()


def _runs(text):
    """Runs of capitalised words, each with whether it opens a sentence."""
    run, opens, start = [], False, True
    for match in TOKEN.finditer(text or ""):
        token = match.group()
        if HANGUL.search(token):  # Korean has no capitals: each word stands alone
            if run:
                yield run, opens
            run, start = [], False
            yield [token], False
            continue
        if token[0].isalnum() and token[0].isupper() and _name_form(token) not in NOT_NAMES:
            if not run:
                opens = start
            run.append(token)
            start = False
            if POSSESSIVE.search(token) and token[-1] != "'":  # "Seoul's Mapo": two names
                yield run, opens
                run = []
            continue
        if run:
            yield run, opens
            run = []
        if token[0].isalnum() or token == ",":
            start = False
        elif token[0] in SENTENCE_END or token.strip() == "" or token in OPENING:
            start = True
        elif token == '"':  # straight quotes open after a space or a line break
            before = text[match.start() - 1 : match.start()]
            start = start or before in ("", " ", "\n", "(")
    if run:
        yield run, opens


def names(text):
    """Capitalised names, case-folded with the spaces and hyphens of romanised Korean names
    taken out ("Ji-hoon", "Ji Hoon" and "Jihoon" are one name), with every shorter tail of a
    longer name ("Director Han Jiwoo" is also "Han Jiwoo" and "Jiwoo"). A lone capitalised
    word opening a sentence is taken for a name only when it could be nothing else ("NOVA9").
    Hangul words count without their particles."""
    found = set()
    for run, opens in _runs(text):
        forms = [_name_form(t) for t in run]
        if len(run) == 1 and opens and not _unmistakable(run[0]):
            continue
        found.update("".join(forms[i:]) for i in range(len(forms)))
    for form in list(found):
        found.update(without_particle(form))
    return {n for n in found if n}


def _unmistakable(token):
    return bool(HANGUL.search(token)) or (
        sum(c.isupper() for c in token) > 1 or any(c.isdigit() for c in token)
    )


def dates(text):
    """Days of the year as "MM-DD": "March 2", "2 March", "2024-03-02" and "3월 2일" agree.
    The year is dropped, as one write-up often leaves it out."""
    found = set()
    for pattern, order in DATES:
        for m in pattern.finditer(text or ""):
            a, b = m.groups()
            if order == "md":
                month, day = MONTHS[a.casefold()], int(b)
            elif order == "dm":
                month, day = MONTHS[b.casefold()], int(a)
            else:
                month, day = int(a), int(b)
            if 1 <= month <= 12 and 1 <= day <= 31:
                found.add(f"{month:02}-{day:02}")
    return found


_SUFFIXES = ("ings", "ing", "ed", "es", "s", "ly")


def stem(word):
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= RARE_WORD_LETTERS:
            return word[: -len(suffix)]
    return word


def rare_words(text):
    """Every word of four letters or more that is not a common one, crudely stemmed; how rare
    each is, is counted across stories (FingerprintStat) when stories are compared."""
    words = (w.casefold() for w in SPEECH_WORD.findall(text or ""))
    return {
        stem(w) for w in words if len(w) >= RARE_WORD_LETTERS and w.isalpha() and w not in COMMON
    }


# The catalogue's names change rarely and are read on every save and lookup: the index is
# kept for a few minutes, and built again sooner when artists, aliases or releases are added
# (one query of three index lookups tells; a count or the latest change took milliseconds at
# 10,000 releases). A renamed artist is known by its new name within INDEX_SECONDS.
INDEX_SECONDS = 300
_index_cache = {"stamp": None, "at": 0.0, "index": None}


def forget_name_index():
    """Build the index afresh next time: for tests, whose rolled-back rows can leave a new
    artist with an old one's id on SQLite."""
    _index_cache.update(stamp=None, index=None)


def name_index():
    from django.db import connection

    from artists.models import Alias, Artist, Release

    from .linking import NameIndex

    parts = ", ".join(f"(SELECT MAX(id) FROM {m._meta.db_table})" for m in (Artist, Alias, Release))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {parts}")  # noqa: S608 (table names, no input)
        stamp = (connection.alias, *cursor.fetchone())
    now = time.monotonic()
    if _index_cache["stamp"] != stamp or now - _index_cache["at"] > INDEX_SECONDS:
        _index_cache.update(stamp=stamp, at=now, index=NameIndex.from_database())
    return _index_cache["index"]


# How much each kind of shared feature counts towards the paraphrase score, and the score
# from which two stories are taken for one event (tuned on tests/articles/copydesk/pairs.py).
WEIGHTS = {QUOTE: 0.45, NAME: 0.25, DATE: 0.1, WORD: 0.2}
SAME_EVENT = 0.5  # same-event pairs scored 0.62 and up, different events 0.38 at most
QUOTE_SHARED = 0.5  # a quote is "shared" when this much of it is in the other story,
QUOTE_ENOUGH = 6  # or this many of its three-word shingles
QUOTE_FLOOR = 12  # shingles of speech for a probe's quotes to count in full


def weight(held_by, stories):
    """How telling one feature is: rare ones much more than common ones (IDF)."""
    return max(math.log((stories + 1) / (held_by + 0.5)), 0.0)


@dataclass
class Evidence:
    score: float
    quotes: int
    names: int
    dates: int
    words: int

    def reasons(self):
        parts = [
            (self.quotes, "quote", "quotes"),
            (self.names, "name", "names"),
            (self.dates, "date", "dates"),
            (self.words, "rare word", "rare words"),
        ]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
        if not said:
            return ""
        return "shares " + (", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0])


class Judge:
    """Compares one probe's features (Features) with those other stories share, weighted by
    `weights` ({value: weight}): the probe's totals are summed once, not per candidate."""

    def __init__(self, probe, weights):
        self.probe, self.weights = probe, weights
        quoted = set().union(*probe.quotes) if probe.quotes else set()
        # One well-known line ("Europe was always the dream") is all some stories quote: a
        # few shared words of speech are not an interview.
        few_quoted = max(1 - len(quoted) / QUOTE_FLOOR, 0.0)
        self.scale = {}  # by kind: what one unit of weight adds to the score
        for kind, values in (
            (QUOTE, quoted),
            (NAME, probe.names),
            (DATE, probe.dates),
            (WORD, probe.words),
        ):
            total = sum(weights.get(v, 0.0) for v in values)
            if total:
                factor = 1 - few_quoted if kind == QUOTE else 1.0
                self.scale[kind] = WEIGHTS[kind] * factor / total

    def score(self, shared):
        """How much of the probe the values `shared` cover, between 0 and 1."""
        score, weights, scale = 0.0, self.weights, self.scale
        for value in shared:
            held = weights.get(value)
            if held:
                score += held * scale.get(value & KINDS, 0.0)
        return score

    def evidence(self, shared):
        probe = self.probe
        quotes = [
            q for q in probe.quotes if len(q & shared) >= min(QUOTE_SHARED * len(q), QUOTE_ENOUGH)
        ]
        return Evidence(
            score=self.score(shared),
            quotes=len(quotes),
            names=len(probe.names & shared),
            dates=len(probe.dates & shared),
            words=len(probe.words & shared),
        )
