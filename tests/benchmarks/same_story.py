"""Time the same-story lookup with 100,000 stories' fingerprints in the database.

    .venv/bin/python -m tests.benchmarks.same_story [--stories N] [--lookups N]

Stories are synthetic: words drawn from a 5,000-word vocabulary by Zipf's law, so common
phrases recur across stories as they do in real news. One real write-up pair from the tests
is planted and must be found.
"""

import argparse
import os
import random
import statistics
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.stories, args.lookups)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


ZIPF = [1 / rank for rank in range(1, 5001)]


def synthetic(rng, vocabulary, words=180):
    """Words drawn with Zipf's law: a few very common, most rare, as in real copy."""
    return " ".join(rng.choices(vocabulary, weights=ZIPF, k=words))


def run(count, lookups):
    from django.db import connection

    from articles.copydesk.duplicates import article_fingerprint, likely_duplicates
    from articles.copydesk.similarity import fingerprints
    from articles.models import Article, Fingerprint
    from tests.articles.copydesk.stories import INTERVIEW_OUTLET_A, INTERVIEW_OUTLET_B

    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(5000)]
    started = time.perf_counter()
    batch = 5000
    for first in range(0, count, batch):
        texts = [synthetic(rng, vocabulary) for _ in range(min(batch, count - first))]
        stories = Article.everything.bulk_create(
            Article(
                headline=f"Story {first + i}",
                slug=f"story-{first + i}",
                body=text,
                fingerprint_count=len(fingerprints(text)),
            )
            for i, text in enumerate(texts)
        )
        Fingerprint.objects.bulk_create(
            Fingerprint(article=story, value=value)
            for story in stories
            for value in fingerprints(story.body)
        )
    with connection.cursor() as cursor:  # what article_fingerprint keeps up one story at a time
        cursor.execute(
            "INSERT INTO articles_fingerprintstat (value, stories) "
            "SELECT value, COUNT(*) FROM articles_fingerprint GROUP BY value"
        )
        cursor.execute("ANALYZE")  # as autovacuum would on a live database
    planted = Article.objects.create(headline="Planted", slug="planted", body=INTERVIEW_OUTLET_A)
    article_fingerprint(article=planted)
    print(
        f"built {count:,} stories, {Fingerprint.objects.count():,} fingerprints "
        f"in {time.perf_counter() - started:.0f} s"
    )

    timings = []
    for i in range(lookups):
        probe = Article(
            headline="Probe", body=INTERVIEW_OUTLET_B if i == 0 else synthetic(rng, vocabulary)
        )
        start = time.perf_counter()
        found = likely_duplicates(probe)
        timings.append((time.perf_counter() - start) * 1000)
        if i == 0:
            assert [s.slug for s, _ in found] == ["planted"], found
    print(
        f"lookup: median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms "
        f"over {lookups} lookups; the planted write-up was found"
    )


if __name__ == "__main__":
    main()
