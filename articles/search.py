"""Search over published stories, on PostgreSQL and on SQLite alike.

A query is read the way web search engines read one: words must all appear, "quoted words"
must appear together, -word must not appear, and `or` separates alternatives. The query is
parsed here, once, so both databases are given the same question:

- PostgreSQL matches it against a weighted, GIN-indexed `tsvector` (headline above standfirst
  above body) and ranks with `ts_rank`. The text search configuration is `simple`: names must
  not be stemmed or dropped as stop words ("IVE", "The Boyz", "V"), and it keeps Hangul words
  whole.
- SQLite matches whole words in `Article.search_text`, the same words the vector is built from.

Names need more than words: Korean particles attach to them ("김남준은"), so `search_text`
also carries each Hangul word without its particle. A query naming an artist or a release
through any of its names is resolved in `artists` (`Artist.objects.named()`), and the
stories linked to them are found even when their text uses another name.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import Case, F, FloatField, Q, Value, When
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from artists.models import Alias, Artist, Release
from artists.names import without_particle, words

CONFIG = "simple"
LONGEST_NAME = 6  # words; longer runs of a query are not looked up as names
SNIPPET = 180  # characters around the first match


def search_text(headline, dek, body_html):
    """The searchable words of a story, padded with spaces so a whole word is ` word `."""
    tokens = [w for w, _, _ in words(" ".join([headline, dek, strip_tags(body_html)]))]
    bare = {b for w in tokens for b in without_particle(w)}
    return f" {' '.join(tokens + sorted(bare))} "


def search_vector():
    """The expression PostgreSQL indexes; `ArticleQuerySet.refresh_search()` stores it."""
    return (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector("dek", weight="B", config=CONFIG)
        + SearchVector("search_text", weight="C", config=CONFIG)
    )


@dataclass
class Alternative:
    """One side of an `or`: every term and phrase must match, no excluded word may."""

    phrases: list = field(default_factory=list)  # tuples of words; a term is a 1-word phrase
    excluded: list = field(default_factory=list)

    def words(self):
        return [w for phrase in self.phrases for w in phrase]


@dataclass
class Query:
    text: str
    alternatives: list

    def __bool__(self):
        return any(alt.phrases for alt in self.alternatives)

    @classmethod
    def parse(cls, text):
        text = (text or "").strip()[:200]
        alternatives, current = [], Alternative()
        for match in re.finditer(r'(-?)"([^"]*)"?|(\S+)', text):
            negated, quoted, bare = match.groups()
            if bare and bare.lower() == "or" and current.phrases:
                alternatives.append(current)
                current = Alternative()
                continue
            if bare and bare.startswith("-") and len(bare) > 1:
                negated, bare = "-", bare[1:]
            phrase = tuple(w for w, _, _ in words(quoted if quoted is not None else bare))
            if not phrase:
                continue
            if negated:
                current.excluded.extend(phrase)
            elif quoted is not None:
                current.phrases.append(phrase)
            else:
                current.phrases.extend((w,) for w in phrase)  # "Nam-joon's" is two terms
        alternatives.append(current)
        return cls(text, [alt for alt in alternatives if alt.phrases])

    def terms(self):
        """Every word the reader is looking for, for highlighting."""
        return {w for alt in self.alternatives for w in alt.words()}

    def runs(self):
        """Runs of consecutive words that may name an artist or a release, longest first, with
        the words they cover. Only a query without `or` is read for names."""
        if len(self.alternatives) != 1:
            return []
        tokens = self.alternatives[0].words()
        found = []
        for length in range(min(LONGEST_NAME, len(tokens)), 0, -1):
            for start in range(len(tokens) - length + 1):
                run = tokens[start : start + length]
                keys = {" ".join(run)} | {
                    " ".join([*run[:-1], bare]) for bare in without_particle(run[-1])
                }
                found.extend((key, set(range(start, start + length))) for key in keys)
        return found


def matches(queryset, query):
    """The stories in `queryset` whose text answers `query`."""
    return _matching(queryset, query.alternatives) if query else queryset.none()


def _matching(queryset, alternatives):
    if not any(alt.phrases or alt.excluded for alt in alternatives):
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(search_vector=_tsquery(alternatives))
    condition = Q(pk__in=[])
    for alt in alternatives:
        condition |= _sqlite_alternative(alt)
    return queryset.filter(condition)


def _sqlite_alternative(alt):
    condition = Q()
    for phrase in alt.phrases:
        condition &= Q(search_text__contains=f" {' '.join(phrase)} ")
    for word in alt.excluded:
        condition &= ~Q(search_text__contains=f" {word} ")
    return condition


def _lexeme(word):
    return "'" + word.replace("\\", "").replace("'", "''") + "'"


def _tsquery(alternatives):
    parsed = []
    for alt in alternatives:
        parts = [" <-> ".join(_lexeme(w) for w in phrase) for phrase in alt.phrases]
        parts += [f"!{_lexeme(w)}" for w in alt.excluded]
        parsed.append("(" + " & ".join(f"({p})" for p in parts) + ")")
    return SearchQuery(" | ".join(parsed), search_type="raw", config=CONFIG)


def ranked(queryset, query, linked=None):
    """`queryset` in order of relevance: stories linked to the artists and releases the query
    names first, then by weighted text match, then newest first."""
    boost = Value(0.0)
    if linked is not None:
        boost = Case(When(pk__in=linked, then=Value(1.0)), default=Value(0.0))
    if connections[queryset.db].vendor == "postgresql":
        text = SearchRank(F("search_vector"), _tsquery(query.alternatives))
    else:
        text = _sqlite_rank(query)
    return queryset.annotate(rank=boost + text).order_by("-rank", "-published_at", "-pk")


def _sqlite_rank(query):
    headline, dek = Q(), Q()
    for word in query.terms():
        headline &= Q(headline__icontains=word)
        dek &= Q(dek__icontains=word)
    return Case(
        When(headline, then=Value(0.5)),
        When(dek, then=Value(0.2)),
        default=Value(0.0),
        output_field=FloatField(),
    )


def highlight(text, terms, limit=None):
    """`text` escaped, with whole-word matches of `terms` in <mark>; cut to a window around the
    first match when `limit` is given."""
    hits = [
        (start, end)
        for word, start, end in words(text)
        if word in terms or any(bare in terms for bare in without_particle(word))
    ]
    if limit and len(text) > limit:
        first = hits[0][0] if hits else 0
        begin = max(0, min(first - limit // 3, len(text) - limit))
        begin = text.rfind(" ", 0, begin) + 1 if begin else 0
        end = begin + limit
        end = text.find(" ", end) if text.find(" ", end) != -1 else len(text)
        hits = [(s, e) for s, e in hits if s >= begin and e <= end]
        prefix, suffix = ("… " if begin else ""), (" …" if end < len(text) else "")
    else:
        begin, end, prefix, suffix = 0, len(text), "", ""
    out, at = [prefix], begin
    for start, stop in hits:
        out += [escape(text[at:start]), "<mark>", escape(text[start:stop]), "</mark>"]
        at = stop
    out += [escape(text[at:end]), suffix]
    return mark_safe("".join(out))


def snippet(article, terms):
    """A passage of the story's text around the first word searched for, marked up."""
    text = " ".join(strip_tags(article.body_html).split())
    return highlight(text, terms, limit=SNIPPET)


@dataclass
class Results:
    query: Query
    matched: object  # a queryset of the stories found, in no order
    linked: object = None  # the ones linked to the names the query holds, a subquery
    artists: list = field(default_factory=list)
    releases: list = field(default_factory=list)

    @property
    def stories(self):
        """Every story found, in order of relevance."""
        return self.rank(self.matched)

    def rank(self, stories):
        """`stories` (the matches, perhaps narrowed by filters) in order of relevance."""
        if not self.query:
            return stories.order_by("-published_at", "-pk")
        return ranked(stories, self.query, self.linked)

    @staticmethod
    def newest(stories, at_most):
        """The ids of the newest `at_most` of `stories`, the only ones worth ranking: a word in
        most stories ("comeback") would otherwise have PostgreSQL rank 60,000 of them for a
        page of 20. Filters narrow first, so a reader reaches older stories by date range."""
        return list(stories.order_by("-published_at", "-pk").values_list("pk", flat=True)[:at_most])


def search(text, stories):
    """What a reader's query finds among `stories` (already `published()`): the artists and
    releases it names, and the stories that mention its words or are linked to those names."""
    query = Query.parse(text)
    if not query:
        return Results(query, stories)
    artists, releases, covered = _named(query)
    found = matches(stories, query)
    linked = None
    if artists or releases:
        linked = stories.about(artists, releases)
        alt = query.alternatives[0]
        rest = Alternative(
            [(w,) for i, w in enumerate(alt.words()) if i not in covered], alt.excluded
        )
        linked = _matching(linked, [rest]).values("pk")
        # One UNION subquery, not two INs joined by OR, which PostgreSQL answers by reading
        # every row.
        found = stories.filter(pk__in=found.order_by().values("pk").union(linked.order_by()))
    return Results(query, found, linked, artists, releases)


def _named(query):
    """Artists and releases named in the query, and the positions of the words naming them.
    Where names overlap, the longest wins: "Right Place Wrong Person" is the album, not a song
    called "Person"."""
    runs = query.runs()
    if not runs:
        return [], [], set()
    keys = {key for key, _ in runs}
    artists = list(Artist.objects.named(keys))
    releases = list(Release.objects.titled(keys).for_cards())
    owners = {}  # key → ids of the artists going by it
    for artist in artists:
        for key in artist.name_keys.split("\n"):
            owners.setdefault(key, set()).add(artist.pk)
    for key, artist_id in Alias.objects.filter(key__in=keys).values_list("key", "artist"):
        owners.setdefault(key, set()).add(artist_id)
    titles = {r.title_key for r in releases}
    covered, accepted = set(), set()
    for key, positions in runs:
        if (key in owners or key in titles) and not positions & covered:
            covered |= positions
            accepted.add(key)
    chosen = {pk for key in accepted for pk in owners.get(key, ())}
    return (
        [a for a in artists if a.pk in chosen],
        [r for r in releases if r.title_key in accepted],
        covered,
    )
