"""Print query counts and server-side timings of the public pages.

Builds a throwaway test database, loads the demo plus a busy comeback (30 more stories on the
same release and artist), then requests each page repeatedly through Django's test client.

    make bench            # or: .venv/bin/python -m tests.benchmarks.pages [--requests N]
"""

import argparse
import os
import statistics
import time
from io import StringIO


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per page")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    settings.ALLOWED_HOSTS = ["testserver"]
    # Pages render as in production, but without needing collectstatic's manifest.
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": static}
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.requests)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def build():
    from django.core.management import call_command

    from articles.models import Article
    from artists.models import Artist, Release
    from tests.factories import hours, make_article, now

    call_command("demo", stdout=StringIO())
    rm, single = Artist.objects.get(slug="rm"), Release.objects.get(slug="come-back-to-me")
    for i in range(30):
        make_article(
            f"Chart record {i}",
            artists=[rm],
            releases=[single],
            tags=["Charts"],
            published_at=now() - hours(i + 1),
        )
    return {
        "home": "/",
        "story list": "/news/",
        "article": Article.objects.get(
            slug="inside-come-back-to-me-music-video"
        ).get_absolute_url(),
        "artist (group)": Artist.objects.get(slug="bts").get_absolute_url(),
        "artist (member)": rm.get_absolute_url(),
        "release": single.get_absolute_url(),
        "tag": "/news/tags/charts/",
    }


def run(requests):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    pages, client = build(), Client()
    print(f"{'page':<18}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for name, url in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        count = len(queries)  # read now: the next request resets the query log
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{name:<18}{count:>8}{statistics.median(timings):>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
