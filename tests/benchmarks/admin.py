"""Server time and weight of the admin pages a desk lives on, at 100,000 stories.

The targets of the writing desk: every such page under 200 ms of server time and under
150 KB of HTML. Each page is asked five times in-process through the whole middleware stack
(Django's test client, signed in as an editor of the desk); the median time, the HTML size
and the number of queries are printed beside the target, with pass or fail. Prepares the
corpus as tests/benchmarks/load.py does, then fingerprints the stories that have no
fingerprints yet, in bulk, as saving each one would have: the story form's "Same story?" box
looks them up.

    .venv/bin/python -m tests.benchmarks.admin     # newsroom_bench on PostgreSQL, 100,000 stories

This is a benchmark, not a test: it prints, it never fails.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.load import PYTHON, ROOT, bench_env, prepare

TIMES = 5
TARGET_MS, TARGET_KB = 200, 150


def fingerprint_corpus():
    """Fingerprint, in bulk, every story that has none (the generated corpus is saved without
    them), and count how many stories hold each fingerprint, as article_fingerprint would."""
    from django.db import connection
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from articles.copydesk.similarity import fingerprints, story_text
    from articles.models import Article, Fingerprint, FingerprintStat

    todo = Article.everything.filter(fingerprint_count=0).only("headline", "dek", "body")
    if not todo.exists():
        return
    print(f"Fingerprinting {todo.count():,} stories…", file=sys.stderr)
    rows = []
    for story in todo.iterator(chunk_size=2000):
        rows += [Fingerprint(article_id=story.pk, value=v) for v in fingerprints(story_text(story))]
        if len(rows) >= 20_000:
            Fingerprint.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    Fingerprint.objects.bulk_create(rows, ignore_conflicts=True)
    held = Fingerprint.objects.filter(article=OuterRef("pk")).values("article")
    counted = Subquery(held.annotate(n=Count("pk")).values("n")[:1])
    todo.update(fingerprint_count=Coalesce(counted, 0))
    FingerprintStat.objects.all().delete()
    stats = Fingerprint.objects.values("value").annotate(n=Count("article")).order_by()
    FingerprintStat.objects.bulk_create(
        (FingerprintStat(value=value, stories=n) for value, n in stats.values_list("value", "n")),
        batch_size=20_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum soon would: plans from the new rows


def measure():
    import django

    django.setup()
    fingerprint_corpus()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from articles.models import Article
    from artists.models import Artist, Release
    from newsroom.roles import EDITOR, assign_role

    editor, _ = get_user_model().objects.get_or_create(
        username="bench-desk", defaults={"is_staff": True, "first_name": "Desk"}
    )
    assign_role(editor, EDITOR)
    client = Client()
    client.force_login(editor)
    story = Article.objects.order_by("-pk").first()
    group = Artist.objects.filter(kind=Artist.Kind.GROUP).order_by("pk").first()
    release = Release.objects.order_by("-pk").first()
    stories = reverse("admin:articles_article_changelist")
    pages = {
        "desk (admin home)": reverse("admin:index"),
        "story list": stories,
        "story list, search a common word": f"{stories}?q=comeback",
        "story list, search an artist": f"{stories}?q={group.name}",
        "story list, artist filter": f"{stories}?artist_name={group.name}",
        "story list, release filter": f"{stories}?release_title={release.title}",
        "story list, drafts": f"{stories}?status__exact=draft",
        "story form": reverse("admin:articles_article_change", args=[story.pk]),
        "new story form": reverse("admin:articles_article_add"),
        "artist list": reverse("admin:artists_artist_changelist"),
        "artist form (a group)": reverse("admin:artists_artist_change", args=[group.pk]),
        "release list": reverse("admin:artists_release_changelist"),
        "release form": reverse("admin:artists_release_change", args=[release.pk]),
    }
    target = f"under {TARGET_MS} ms and {TARGET_KB} KB"
    print("| page | median ms | KB | queries | target | result |")
    print("|---|---|---|---|---|---|")
    for name, path in pages.items():
        client.get(path)  # warm: templates, connections
        times = []
        for _ in range(TIMES):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
        ms, kb = statistics.median(times), len(response.content) / 1024
        ok = ms < TARGET_MS and kb < TARGET_KB and response.status_code == 200
        status = "" if response.status_code == 200 else f" ({response.status_code})"
        result = "pass" if ok else "fail"
        print(f"| {name}{status} | {ms:.0f} | {kb:.0f} | {len(queries)} | {target} | {result} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/newsroom_bench"
    )
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure()
    work = Path(tempfile.mkdtemp(prefix="newsroom-admin-"))
    env = bench_env(work, args.database_url, ALLOWED_HOSTS="testserver", PAGE_CACHE_SECONDS="0")
    env.setdefault("SECRET_KEY", "benchmark-only-not-secret")
    prepare(env, args.stories)
    print(f"{os.cpu_count()} cores, {args.database_url.split(':')[0]}, {args.stories:,} stories")
    subprocess.run([PYTHON, "-m", "tests.benchmarks.admin", "--measure"], cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
