"""Same story, other words? Each story's fingerprints are stored when it is saved or imported,
and new copy is compared with them: see similarity.py for the fingerprints themselves."""

from django.db import transaction
from django.db.models import Count, F

from articles.models import Article, Fingerprint, FingerprintStat

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
CANDIDATES = 50


@transaction.atomic
def article_fingerprint(*, article):
    """Store the story's fingerprints so later copy can be compared with it."""
    values = fingerprints(story_text(article))
    old = set(Fingerprint.objects.filter(article=article).values_list("value", flat=True))
    gone, added = old - values, values - old
    Fingerprint.objects.filter(article=article, value__in=gone).delete()
    Fingerprint.objects.bulk_create(Fingerprint(article=article, value=v) for v in added)
    FingerprintStat.objects.bulk_create(
        (FingerprintStat(value=v) for v in added), ignore_conflicts=True
    )
    FingerprintStat.objects.filter(value__in=added).update(stories=F("stories") + 1)
    FingerprintStat.objects.filter(value__in=gone, stories__gt=0).update(stories=F("stories") - 1)
    Article.everything.filter(pk=article.pk).update(fingerprint_count=len(values))
    article.fingerprint_count = len(values)


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


def _candidates(article, values, seen):
    """The ids of the stories worth scoring: those holding most of the probe's rarest
    fingerprints that are not boilerplate, and the newest holding any of its rarest few,
    boilerplate or not, so copy repeated hundreds of times is still found. Two small queries:
    as one condition (OR), PostgreSQL reads every story."""
    own = 1 if article.pk and article.fingerprint_count else 0  # a saved story counts itself
    elsewhere = [v for _, v in sorted((seen[v], v) for v in values if seen.get(v, 0) > own)]
    if not elsewhere:
        return set()
    rare = [v for v in elsewhere[:CANDIDATE_FINGERPRINTS] if seen[v] <= BOILERPLATE_STORIES]
    holders = Fingerprint.objects.exclude(article=article.pk)
    most_shared = (
        holders.filter(value__in=rare)
        .values("article")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-article")
        .values_list("article", flat=True)[:CANDIDATES]
    )
    newest = holders.filter(value__in=elsewhere[:ALWAYS_QUERY_RAREST]).order_by("-article")
    return {*(most_shared if rare else []), *newest.values_list("article", flat=True)[:CANDIDATES]}


def likely_duplicates(article, limit=5, threshold=LIKELY_DUPLICATE):
    """[(story, score)] for stories (published or not, not trashed) that look like the same
    story as `article`, best first. Works for an unsaved story too."""
    values = fingerprints(story_text(article))
    if not values:
        return []
    seen = _frequencies(values)
    worth_scoring = _candidates(article, values, seen)
    if not worth_scoring:
        return []
    counted = _informative(values, seen)
    candidates = (
        Article.objects.filter(pk__in=worth_scoring)
        .filter(fingerprints__value__in=counted)
        .annotate(shared=Count("fingerprints"))
        .filter(shared__gte=MIN_SHARED)
        .defer("body", "body_html", "search_text", "search_vector")
    )
    scale = len(values) / len(counted)  # shared among those counted, scaled to the story
    scored = []
    for story in candidates:
        score = containment(story.shared * scale, len(values), story.fingerprint_count)
        if score >= threshold:
            scored.append((story, min(score, 1.0)))
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].pk))[:limit]
