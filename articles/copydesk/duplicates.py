"""Same story, other words? Each story's fingerprints are stored when it is saved or imported,
and new copy is compared with them: see similarity.py for the fingerprints themselves."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, F

from articles.models import Article, Fingerprint, FingerprintStat

from .sameness import MARKER, SAME_EVENT, Judge, features, name_index, weight
from .similarity import LIKELY_DUPLICATE, MIN_SHARED, containment, fingerprints, story_text

# A fingerprint found in more stories than this is boilerplate ("the title track of"): it does
# not count towards a score, except for the probe's rarest few, so heavily repeated copy is
# still found.
BOILERPLATE_STORIES = 200
ALWAYS_QUERY_RAREST = 8
# The stories worth scoring are found through the probe's rarest fingerprints that other
# stories hold (a fifth of the same story shares some of them), not through all of them: at
# 100,000 stories those are held by hundreds of thousands of rows (120 ms and more).
CANDIDATE_FINGERPRINTS = 32
CANDIDATES = 30
CANDIDATE_FEATURES = 48
COMMON_FEATURE = 1000
SORT_HERE = 5000


@transaction.atomic
def article_fingerprint(*, article):
    """Store the story's fingerprints, and its quotes, names, dates and rare words (see
    sameness.py), so later copy can be compared with it."""
    text = story_text(article)
    shingles = fingerprints(text)
    values = shingles | features(text, name_index()).values()
    old = set(Fingerprint.objects.filter(article=article).values_list("value", flat=True))
    gone, added = old - values, values - old
    Fingerprint.objects.filter(article=article, value__in=gone).delete()
    Fingerprint.objects.bulk_create(Fingerprint(article=article, value=v) for v in added)
    FingerprintStat.objects.bulk_create(
        (FingerprintStat(value=v) for v in added), ignore_conflicts=True
    )
    FingerprintStat.objects.filter(value__in=added).update(stories=F("stories") + 1)
    FingerprintStat.objects.filter(value__in=gone, stories__gt=0).update(stories=F("stories") - 1)
    Article.everything.filter(pk=article.pk).update(fingerprint_count=len(shingles))
    article.fingerprint_count = len(shingles)


def _frequencies(values):
    """{fingerprint: in how many stories} for `values`."""
    return dict(FingerprintStat.objects.filter(value__in=values).values_list("value", "stories"))


def _informative(values, seen):
    """The fingerprints that count towards a score: all but boilerplate, and always the
    rarest few."""
    by_rarity = sorted(values, key=lambda v: (seen.get(v, 0), v))
    return [
        v
        for i, v in enumerate(by_rarity)
        if i < ALWAYS_QUERY_RAREST or seen.get(v, 0) <= BOILERPLATE_STORIES
    ]


def _candidates(article, values, seen, features=()):
    """The ids of the stories worth scoring: those holding most of the probe's rarest
    fingerprints and `features` (quotes, names, dates, words) that are not boilerplate, and
    the newest holding any of its rarest few fingerprints, boilerplate or not, so copy
    repeated hundreds of times is still found. Two small queries: as one condition (OR),
    PostgreSQL reads every story."""
    own = 1 if article.pk and article.fingerprint_count else 0  # a saved story counts itself
    elsewhere = [v for _, v in sorted((seen[v], v) for v in values if seen.get(v, 0) > own)]
    rare = [v for v in elsewhere[:CANDIDATE_FINGERPRINTS] if seen[v] <= BOILERPLATE_STORIES]
    rare += _rare_features(features, seen, own)
    holders = Fingerprint.objects.exclude(article=article.pk)
    most_shared = (
        holders.filter(value__in=rare)
        .values("article")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-article")
        .values_list("article", flat=True)[:CANDIDATES]
    )
    newest = _newest(holders, elsewhere[:ALWAYS_QUERY_RAREST], seen)
    return {*(most_shared if rare else []), *newest}


def _newest(holders, values, seen):
    """The newest stories holding any of `values`. When few rows hold them, all are read
    through the index on values and sorted here: asked for the newest, PostgreSQL walks the
    stories from the newest down, and read millions of rows (seconds) to find a handful."""
    if not values:
        return []
    found = holders.filter(value__in=values).values_list("article", flat=True)
    if sum(seen[v] for v in values) <= SORT_HERE:
        return sorted(set(found), reverse=True)[:CANDIDATES]
    return found.order_by("-article")[:CANDIDATES]


class Duplicate(tuple):
    """A story that looks like the same story: unpacks as (story, score), as callers expect,
    and says why in `reason` ("shares 3 quotes and 5 names")."""

    def __new__(cls, story, score, reason=""):
        self = super().__new__(cls, (story, score))
        self.reason = reason
        return self

    def __getnewargs__(self):  # pickled with the import page's reports
        return (*self, self.reason)

    story = property(lambda self: self[0])
    score = property(lambda self: self[1])


def _rare_features(values, seen, own):
    """The probe's rarest quotes, names, dates and words that other stories hold too."""
    held = sorted((seen[v], v) for v in values if own < seen.get(v, 0) and v != MARKER)
    return [v for n, v in held if n - own <= BOILERPLATE_STORIES][:CANDIDATE_FEATURES]


def _weights(values, seen, own):
    """{feature: weight} for the probe's features, leaving out those held by more than
    COMMON_FEATURE other stories: they say little, and reading their holders is slow."""
    stories = seen.get(MARKER, 0) - own + 1  # the probe is one of them
    held = {v: max(seen.get(v, 0) - own, 0) for v in values}
    return {v: weight(n + 1, stories) for v, n in held.items() if n <= COMMON_FEATURE}


def likely_duplicates(article, limit=5, threshold=LIKELY_DUPLICATE):
    """[Duplicate(story, score)] for stories (published or not, not trashed) that look like the
    same story as `article`, best first. Works for an unsaved story too.

    Two ways to be alike: the same wording (shingle containment of at least `threshold`), or
    the same event told in other words (sameness.Judge: shared quotes, names, dates and rare
    words, weighted by rarity, scoring at least SAME_EVENT, with at least one quote shared)."""
    text = story_text(article)
    values = fingerprints(text)
    probe = features(text, name_index())
    seen = _frequencies(values | probe.values())
    own = 1 if article.pk and article.fingerprint_count else 0  # a saved story counts itself
    worth_scoring = _candidates(article, values, seen, probe.values())
    if not worth_scoring:
        return []
    counted = _informative(values, seen) if values else []
    weights = _weights(probe.values() - {MARKER}, seen, own)
    compared = set(counted) | {v for v, w in weights.items() if w}
    held, sizes = defaultdict(set), {}
    stories = Article.objects.filter(pk__in=worth_scoring).order_by().values("pk")  # no trash
    rows = Fingerprint.objects.filter(article__in=stories, value__in=compared)
    for pk, value, size in rows.values_list("article", "value", "article__fingerprint_count"):
        held[pk].add(value)
        sizes[pk] = size
    judge = Judge(probe, weights)
    scale = len(values) / len(counted) if counted else 0  # shared among those counted, scaled
    found = []
    # Scored from plain rows; only the stories flagged are loaded.
    for pk, shared in held.items():
        alike = judge.score(shared)
        words = sum(1 for v in shared if not v & 3)  # shingles: multiples of four
        same = containment(words * scale, len(values), sizes[pk])
        if words < MIN_SHARED or same < threshold:
            same = 0.0
        if max(same, alike) < (threshold if same else SAME_EVENT):
            continue
        why = judge.evidence(shared)
        # Names, a date and a word or two in common are two stories about one artist's day;
        # one event told twice reports the same speech.
        if not same and not why.quotes:
            continue
        reason = ", ".join(r for r in ("same wording" if same else "", why.reasons()) if r)
        found.append((min(max(same, alike), 1.0), pk, reason))
    found = sorted(found, key=lambda f: (-f[0], f[1]))[:limit]
    if not found:
        return []
    # What a warning shows: the headline, a link and the state (half the time of all fields).
    shown = Article.objects.only("headline", "slug", "status", "published_at", "deleted_at")
    stories = shown.in_bulk([pk for _, pk, _ in found])
    return [Duplicate(stories[pk], score, reason) for score, pk, reason in found if pk in stories]
