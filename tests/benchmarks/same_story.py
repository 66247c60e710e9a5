"""Time the same-story lookup at 100,000 stories on PostgreSQL, indexed.

    .venv/bin/python -m tests.benchmarks.same_story \\
        [--database-url postgres://postgres@127.0.0.1:5432/newsroom_bench] [--lookups 50]

Prepares the corpus as tests/benchmarks/admin.py does (migrate, generate, fingerprint the
stories that have no fingerprints), then stores, in bulk, the quotes, names, dates and rare
words of every story that has none yet (sameness.py), as saving each one would have. Then,
inside a transaction that is rolled back so that the shared corpus keeps its stories, the
first write-up of each same-event pair of tests/articles/copydesk/pairs.py is saved and
fingerprinted, and the lookup is timed for the other write-ups (unsaved, as the import
checks them) and for saved corpus stories (as the story form checks them): the median over
all, the 90th percentile and the slowest, and whether each planted pair was found.
The target: under 20 ms a lookup.

This is a benchmark, not a test: it prints, it never fails.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 20


def store_features():
    """Quotes, names, dates and rare words, in bulk, for every story without them; then how
    many stories hold each of them, as article_fingerprint would have counted."""
    from django.db import connection

    from articles.copydesk.linking import NameIndex
    from articles.copydesk.sameness import KINDS, MARKER, features
    from articles.copydesk.similarity import story_text
    from articles.models import Article, Fingerprint

    done = Fingerprint.objects.filter(value=MARKER).values("article")
    todo = Article.everything.exclude(pk__in=done).only("headline", "dek", "body")
    count = todo.count()
    if not count:
        return
    print(f"Storing the features of {count:,} stories…", file=sys.stderr)
    started, index, rows = time.perf_counter(), NameIndex.from_database(), []
    for story in todo.iterator(chunk_size=2000):
        values = features(story_text(story), index).values()
        rows += [Fingerprint(article_id=story.pk, value=v) for v in values]
        if len(rows) >= 50_000:
            Fingerprint.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Fingerprint.objects.bulk_create(rows, ignore_conflicts=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_fingerprintstat (value, stories) "
            "SELECT value, COUNT(*) FROM articles_fingerprint "
            f"WHERE value & {KINDS} NOT IN (0, 4) GROUP BY value "
            "ON CONFLICT (value) DO UPDATE SET stories = EXCLUDED.stories"
        )
        cursor.execute("ANALYZE articles_fingerprint")
        cursor.execute("ANALYZE articles_fingerprintstat")
    print(f"…in {time.perf_counter() - started:.0f} s", file=sys.stderr)


class RolledBack(Exception):
    pass


def measure(lookups):
    import django

    django.setup()
    from django.db import connection, transaction

    from articles.copydesk.duplicates import article_fingerprint, likely_duplicates
    from articles.models import Article, Fingerprint
    from tests.articles.copydesk.pairs import SAME_EVENT
    from tests.benchmarks.admin import fingerprint_corpus

    fingerprint_corpus()
    store_features()
    print(
        f"{Article.everything.count():,} stories, {Fingerprint.objects.count():,} fingerprint "
        f"rows, {connection.vendor}"
    )
    rng = random.Random(7)
    last = Article.objects.order_by("-pk").values_list("pk", flat=True).first()
    try:
        with transaction.atomic():
            planted, saving = [], []
            for n, (first, second) in enumerate(SAME_EVENT):
                headline, dek, body = first.split("\n", 2)
                story = Article.objects.create(
                    headline=headline, dek=dek, body=body, slug=f"same-story-bench-{n}"
                )
                start = time.perf_counter()
                article_fingerprint(article=story)
                saving.append((time.perf_counter() - start) * 1000)
                headline, dek, body = second.split("\n", 2)
                planted.append((story, Article(headline=headline, dek=dek, body=body)))
            likely_duplicates(planted[0][1])  # the name index, built once per process
            found, timings = 0, []
            for story, probe in planted:
                start = time.perf_counter()
                flagged = likely_duplicates(probe)
                timings.append((time.perf_counter() - start) * 1000)
                found += story in [d.story for d in flagged]
                print(f"  planted: {[f'{d.score:.0%} {d.reason}' for d in flagged[:2]]}")
            ids = rng.sample(range(1, last + 1), lookups * 2)
            corpus = list(Article.objects.filter(pk__in=ids)[: max(lookups - len(planted), 0)])
            flags, slowest = 0, (0, None)
            for story in corpus:
                start = time.perf_counter()
                flags += bool(likely_duplicates(story))
                timings.append((time.perf_counter() - start) * 1000)
                slowest = max(slowest, (timings[-1], story.pk))
            raise RolledBack
    except RolledBack:
        pass
    timings.sort()
    p90 = timings[int(len(timings) * 0.9) - 1]
    median = statistics.median(timings)
    verdict = "under" if median < TARGET_MS else "OVER"
    print(
        f"lookup: median {median:.1f} ms ({verdict} the {TARGET_MS} ms target), "
        f"p90 {p90:.1f} ms, max {timings[-1]:.1f} ms over {len(timings)} lookups"
    )
    print(f"planted same-event pairs found: {found} of {len(planted)}")
    print(f"corpus stories with a same-story warning: {flags} of {len(corpus)}")
    print(f"slowest corpus lookup: story #{slowest[1]}, {slowest[0]:.1f} ms")
    print(f"fingerprinting one story on save: median {statistics.median(saving):.1f} ms")


def main():
    from tests.benchmarks.load import PYTHON, ROOT, bench_env, prepare

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_bench"
    )
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=50)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.lookups)
    work = Path(tempfile.mkdtemp(prefix="newsroom-same-story-"))
    env = bench_env(work, args.database_url)
    env.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    prepare(env, args.stories)
    print(f"{os.cpu_count()} cores, {args.database_url.split(':')[0]}, {args.stories:,} stories")
    command = [PYTHON, "-m", "tests.benchmarks.same_story", "--measure"]
    subprocess.run([*command, "--lookups", str(args.lookups)], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
