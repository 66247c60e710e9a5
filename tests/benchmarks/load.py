"""Requests per second and latency of every public page under load, next to a bare Django view.

Starts gunicorn (newsroom/gunicorn.py, 2 sync workers) on the chosen database, warms up, and
loads each page with wrk (Debian's `wrk`) at 8 connections: once with the page cache on, once
with it off. A bare Django "hello" project (tests/benchmarks/bare.py) is served by the same
gunicorn configuration in the same run, and every figure is also given as a share of its
requests per second. `--spike` then holds 200 connections for 30 s and counts errors.

    .venv/bin/python -m tests.benchmarks.load                       # demo data on SQLite
    .venv/bin/python -m tests.benchmarks.load --stories 100000 \\
        --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench --spike

With --stories the corpus is generated first (manage.py generate_corpus) unless the database
already holds that many stories. This is a benchmark, not a test: it prints, it never fails.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.servers import Gunicorn

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PYTHON = sys.executable


def bench_env(work, database_url, **settings):
    """The environment of a benchmarked app server: production settings, files in `work`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "ERROR",
        **settings,
    }


def manage(env, *args):
    done = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def wrk(url, seconds, connections, script=HERE / "report.lua", script_args=(), headers=()):
    """What wrk measured: the JSON of every `RESULT` line its script printed, merged."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s"]
        + [argument for header in headers for argument in ("-H", header)]
        + ["-s", str(script), url, *(["--", *script_args] if script_args else [])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {}
    for line in out.splitlines():
        if line.startswith("RESULT "):
            result |= json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def measure(base, pages, seconds, connections):
    results = {}
    for name, path in pages.items():
        wrk(base + path, 2, connections)  # warm up: caches, connections, the first render
        results[name] = wrk(base + path, seconds, connections)
        print(f"  {name:<10} {results[name]['rps']:8.0f} req/s", file=sys.stderr)
    return results


def pages_to_load(env):
    """One address per kind of public page, chosen from the database's own rows."""
    script = (
        "import json\n"
        "from django.urls import reverse\n"
        "from articles.models import Article\n"
        "from artists.models import Artist, Release\n"
        "linked = Article.objects.published().filter(releases__isnull=False, tags__isnull=False)\n"
        "story = linked.order_by('-published_at').first()\n"
        "artist = story.artists.first()\n"
        "release = story.releases.first()\n"
        "tag = story.tags.first()\n"
        "print(json.dumps({\n"
        "  'home': '/', 'story': story.get_absolute_url(),\n"
        "  'artist': artist.get_absolute_url(), 'release': release.get_absolute_url(),\n"
        "  'tag': reverse('articles:tag', args=[tag.slug]), 'list': reverse('articles:list'),\n"
        "  'search': reverse('search') + '?q=' + artist.name.replace(' ', '+'),\n"
        "  'feed': reverse('articles:feed')}))\n"
    )
    return json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])


def prepare(env, stories):
    manage(env, "migrate", "--noinput")
    count = manage(
        env, "shell", "-c", "from articles.models import Article; print(Article.everything.count())"
    )
    have = int(count.strip().splitlines()[-1])
    if have == 0:
        manage(env, "demo")
    if stories and have < stories:
        print(f"Generating {stories - have:,} stories…", file=sys.stderr)
        subprocess.run(
            [PYTHON, "manage.py", "generate_corpus", "--stories", str(stories - have)],
            cwd=ROOT,
            env=env,
            check=True,
        )
    manage(env, "collectstatic", "--noinput")


def table(rows, bare):
    head = (
        "| page | cached req/s | p50 ms | p99 ms | vs bare | uncached req/s "
        "| p50 ms | p95 ms | p99 ms | vs bare |"
    )
    lines = [head, "|" + "---|" * 10]
    for name, (hot, cold) in rows.items():
        lines.append(
            f"| {name} | {hot['rps']:.0f} | {hot['p50']:.1f} | {hot['p99']:.1f} "
            f"| {hot['rps'] / bare['rps']:.0%} | {cold['rps']:.0f} | {cold['p50']:.1f} "
            f"| {cold['p95']:.1f} | {cold['p99']:.1f} | {cold['rps'] / bare['rps']:.0%} |"
        )
    lines.append(
        f"| bare Django view | {bare['rps']:.0f} | {bare['p50']:.1f} | {bare['p99']:.1f} | 100% "
        "| | | | | |"
    )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file")
    parser.add_argument("--cache-url", default=os.environ.get("CACHE_URL", ""))
    parser.add_argument("--stories", type=int, default=0, help="generate a corpus this large")
    parser.add_argument("--seconds", type=int, default=10, help="load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--spike", action="store_true", help="then 200 connections for 30 s")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="newsroom-bench-"))
    env = bench_env(work, args.database_url or f"sqlite:///{work / 'bench.sqlite3'}")
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    prepare(env, args.stories)
    pages = pages_to_load(env)

    print("Bare Django view…", file=sys.stderr)
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.bare"}
    with Gunicorn(bare_env, app="django.core.wsgi:get_wsgi_application()") as server:
        bare = measure(server.url, {"hello": "/"}, args.seconds, args.connections)["hello"]
    print("Pages, cached…", file=sys.stderr)
    with Gunicorn({**env, "PAGE_CACHE_SECONDS": "300"}) as server:
        cached = measure(server.url, pages, args.seconds, args.connections)
    print("Pages, uncached…", file=sys.stderr)
    with Gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}) as server:
        uncached = measure(server.url, pages, args.seconds, args.connections)

    database = env["DATABASE_URL"].split(":", 1)[0]
    print(
        f"\n{os.cpu_count()} cores, {database}, gunicorn 2 sync workers, wrk "
        f"{args.connections} connections x {args.seconds} s per page\n"
    )
    print(table({name: (cached[name], uncached[name]) for name in pages}, bare))

    if args.spike:
        print(
            "\nSpike: 200 connections for 30 s on the cached home and story pages…", file=sys.stderr
        )
        with Gunicorn({**env, "PAGE_CACHE_SECONDS": "300"}) as server:
            for name in ("home", "story"):
                result = wrk(server.url + pages[name], 30, 200)
                print(
                    f"spike {name}: {result['requests']:,} requests, {result['rps']:.0f} req/s, "
                    f"p99 {result['p99']:.0f} ms, {result['errors']} socket errors, "
                    f"{result['non2xx']} error responses"
                )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
