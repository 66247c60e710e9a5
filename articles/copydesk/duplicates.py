"""Same story, other words? Each story's fingerprints are stored when it is saved or imported,
and new copy is compared with them: see similarity.py for the fingerprints themselves."""

from django.db import transaction
from django.db.models import Count, F

from articles.models import Article, Fingerprint, FingerprintStat

from .similarity import LIKELY_DUPLICATE, MIN_SHARED, containment, fingerprints, story_text

# A fingerprint found in more stories than this is boilerplate ("the title track of"): lookups
# skip it, except for the probe's rarest few, so heavily repeated copy is still found.
BOILERPLATE_STORIES = 200
ALWAYS_QUERY_RAREST = 8


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


def _informative(values):
    """The fingerprints worth looking up: all but boilerplate, and always the rarest few."""
    seen = dict(FingerprintStat.objects.filter(value__in=values).values_list("value", "stories"))
    by_rarity = sorted(values, key=lambda v: (seen.get(v, 0), v))
    return [
        v
        for i, v in enumerate(by_rarity)
        if i < ALWAYS_QUERY_RAREST or seen.get(v, 0) <= BOILERPLATE_STORIES
    ]


def likely_duplicates(article, limit=5, threshold=LIKELY_DUPLICATE):
    """[(story, score)] for stories (published or not, not trashed) that look like the same
    story as `article`, best first. Works for an unsaved story too."""
    values = fingerprints(story_text(article))
    if not values:
        return []
    query = _informative(values)
    shared = dict(
        Fingerprint.objects.filter(value__in=query, article__deleted_at__isnull=True)
        .exclude(article=article.pk)
        .values("article")
        .annotate(shared=Count("pk"))
        .filter(shared__gte=MIN_SHARED)
        .order_by("-shared")
        .values_list("article", "shared")[:50]
    )
    candidates = Article.objects.filter(pk__in=shared).defer("body", "body_html")
    scale = len(values) / len(query)  # shared among those looked up, scaled to the story
    scored = []
    for story in candidates:
        score = containment(shared[story.pk] * scale, len(values), story.fingerprint_count)
        if score >= threshold:
            scored.append((story, min(score, 1.0)))
    return sorted(scored, key=lambda pair: -pair[1])[:limit]
