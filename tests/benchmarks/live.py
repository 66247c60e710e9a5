"""Live coverage under load: readers' pages polling a live story while an editor posts to it.

Prepares the database as tests/benchmarks/load.py does (creating the PostgreSQL database if it
is missing; the demo is enough), makes the newest story live coverage with --entries entries
of its own (those of an earlier run are removed first) and empties the Redis database of
--cache-url. gunicorn runs the project's configuration (newsroom/gunicorn.py, 2 sync workers)
with PAGE_CACHE_SECONDS=300, and each situation is loaded for --seconds:

    a. a bare Django view (tests/benchmarks/bare.py) under the same gunicorn, at 200
       connections: the 100% mark;
    b. 200 readers polling the story's endpoint (`/news/<slug>/live.json`), each wrk
       connection a poller revalidating its copy as browsers do (tests/benchmarks/live.lua:
       If-None-Match, so most answers are 304), while an editor posts an entry every 15 s from
       another process (`articles.live.entry_post` in a transaction, as the live desk does,
       on the same database and Redis);
    c. the same with every poll a full answer (no If-None-Match: a page's first poll, or a
       client without an HTTP cache);
    d. the endpoint as a page-cache miss (a session cookie sends every request past the
       cache), at 8 connections: what rendering it once costs.

wrk's connections poll as fast as they are answered, not every LIVE_POLL_SECONDS; the table
also gives, for each situation, how many readers polling every 10 s its rate would serve.

During b and c, separate pollers (urllib, If-None-Match, like the page's script) measure
freshness: one asks every second, ten ask every 10 s as the site does (their first polls a
second apart, so every phase of a 10 s interval is covered). For each entry posted, each
poller's delay is the time from the editor's commit to the first answer holding the entry.

    .venv/bin/python -m tests.benchmarks.live                 # PostgreSQL, Redis database 8
    .venv/bin/python -m tests.benchmarks.live --seconds 20 \\
        --database-url sqlite:////tmp/newsroom-live.sqlite3   # a quick run

A failed request is a socket error (timeouts included) or any status but 2xx and 3xx. This is
a benchmark, not a test: it prints, it never fails.
"""

import argparse
import json
import math
import os
import shutil
import signal
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import redis

from tests.benchmarks.comeback import (
    STALE_COOKIE,
    Editor,
    Gunicorn,
    arguments,
    code_state,
    ensure_database,
    finish,
    load,
    say,
)
from tests.benchmarks.load import HERE, PYTHON, bench_env, manage, prepare

POLLING = HERE / "live.lua"
READERS = 200
MISS_CONNECTIONS = 8
POST_EVERY = 15.0
FIRST_POST = 1.0  # seconds after the editor is ready
LAST_POST_MARGIN = 12.0  # seconds of load left after the last post, for a 10 s poller to see it
SITE_POLL = 10  # seconds, settings.LIVE_POLL_SECONDS
WARM_UP_SECONDS = 3

# A year-end awards night, in a desk's short live entries.
ENTRY_BODIES = [
    "The red carpet is open: the first groups are arriving at the arena in matching white.",
    "**Best New Artist** goes to a five-member rookie group, who thank their fans in three "
    "languages.",
    "Backstage, the hosts say the running order has changed: the closing stage moves up.",
    "A quick note: the live stream lags the arena by about forty seconds tonight.",
    "The dance break everybody will be talking about tomorrow, with a surprise guest on the "
    "bridge.",
    "**Song of the Year** nominees are read out; the room goes quiet for the envelope.",
    "The winners' speech runs long and nobody minds: the leader thanks each member by name.",
    "Fans outside the arena are singing along to the big screens in the square.",
]

SETUP = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from articles.live import LiveEntry, coverage_set, entry_post
from articles.models import Article

story = Article.objects.published().order_by('-published_at', '-pk').first()
LiveEntry.objects.filter(article=story).delete()
coverage_set(article=story, state='live')
editor = get_user_model().objects.get(username='editor')
bodies = json.loads(%(bodies)r)
start = timezone.now() - timedelta(minutes=2 * %(entries)d)
for n in range(%(entries)d):
    entry_post(
        article=story, body=bodies[n %% len(bodies)], by=editor, key_moment=n %% 10 == 3,
        pinned=n == 0, now=start + timedelta(minutes=2 * n),
    )
print(json.dumps({'story': story.pk, 'path': reverse('articles:live_updates', args=[story.slug])}))
"""


class Poster(Editor):
    """The editor's process (see `post`) while in the block; `saves` holds each post."""

    def __init__(self, env, story, posts, log):
        super().__init__(env, [story], log)
        self.command = [PYTHON, "-m", "tests.benchmarks.live", "--editor", str(story)]
        self.command += ["--posts", str(posts)]


def post(story, posts):
    """The editor's process: `posts` entries to `story`, POST_EVERY seconds apart, each in a
    transaction as the live desk posts it. Prints one JSON line a post (when it committed, and
    when its purge had been applied), then waits for SIGTERM."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from articles.models import Article

    article = Article.objects.get(pk=story)
    editor = get_user_model().objects.get(username="editor")
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    print("ready", flush=True)
    began = time.monotonic()
    for n in range(posts):
        if stopping.wait(max(0.0, began + FIRST_POST + n * POST_EVERY - time.monotonic())):
            return
        body = f"{ENTRY_BODIES[n % len(ENTRY_BODIES)]} (Entry {n + 1} of the run.)"
        print(json.dumps(post_one(article, body, editor)), flush=True)
    stopping.wait()


def post_one(article, body, editor):
    """One entry, posted in a transaction: {entry, when it committed, when its purge had been
    applied, milliseconds in all}, or {error}."""
    from django.db import transaction

    from articles.live import entry_post

    committed, started = {}, time.monotonic()
    try:
        with transaction.atomic():
            # The first of the commit's callbacks, before the entry's purge.
            transaction.on_commit(lambda: committed.setdefault("at", time.time()))
            entry = entry_post(article=article, body=body, by=editor)
    except Exception as error:  # reported; the editor goes on
        return {"error": f"{type(error).__name__}: {error}"}
    ms = (time.monotonic() - started) * 1000
    return {"entry": entry.pk, "at": committed["at"], "purged": time.time(), "ms": ms}


class Poller(threading.Thread):
    """One reader's page asking for the endpoint every `every` seconds from `offset` seconds
    after `start` until `until` (time.time()), as static/js/live.js does: with the ETag of its
    last full answer. `seen` gets when each entry first arrived; `polls` each answer."""

    def __init__(self, url, every, offset, start, until):
        super().__init__(daemon=True)
        self.url, self.every = url, every
        self.due, self.until = start + offset, until
        self.seen, self.polls = {}, []  # polls: (sent, received, status, X-Page-Cache)

    def run(self):
        etag, held = None, set()
        while self.due < self.until:
            time.sleep(max(0.0, self.due - time.time()))
            headers = {"Accept": "application/json"} | ({"If-None-Match": etag} if etag else {})
            sent, state = time.time(), None
            try:
                request = urllib.request.Request(self.url, headers=headers)
                with urllib.request.urlopen(request, timeout=10) as response:
                    answer = json.loads(response.read())
                    status, etag = response.status, response.headers.get("ETag")
                    state = response.headers.get("X-Page-Cache")
                held = {entry["id"] for entry in answer["entries"] if not entry["deleted"]}
            except urllib.error.HTTPError as error:  # 304: what it held still stands
                status, state = error.code, error.headers.get("X-Page-Cache")
            except (OSError, ValueError) as error:
                status = type(error).__name__
            received = time.time()
            for entry in held:
                self.seen.setdefault(entry, received)
            self.polls.append((sent, received, status, state))
            self.due += self.every


def pollers(url, start, until):
    """The freshness pollers: one every second, and ten every SITE_POLL seconds a second
    apart. {interval: [Poller]}, started."""
    found = {1: [Poller(url, 1, 0, start, until)]}
    found[SITE_POLL] = [Poller(url, SITE_POLL, n, start, until) for n in range(SITE_POLL)]
    for poller in (p for group in found.values() for p in group):
        poller.start()
    return found


@dataclass
class Fresh:
    """How soon pollers saw each entry: the delays from its commit to the first answer
    holding it; the answers to polls sent after the commit that lacked it, before its purge
    had landed and after (by X-Page-Cache: an answer kept while the page is rendered again is
    STALE); entries a poller never saw; polls that failed."""

    delays: list = field(default_factory=list)
    before_purge: int = 0
    after_purge: Counter = field(default_factory=Counter)
    unseen: int = 0
    failed: int = 0

    def add(self, poller, posted):
        seen = poller.seen.get(posted["entry"])
        if seen is None:
            self.unseen += 1
            return
        self.delays.append(seen - posted["at"])
        for sent, received, _, state in poller.polls:
            if posted["at"] < sent and received < seen:
                if sent < posted["purged"]:
                    self.before_purge += 1
                else:
                    self.after_purge[state] += 1


def freshness(groups, posts):
    """{interval: Fresh} over every poller of that interval and every entry posted."""
    result = {}
    for every, group in groups.items():
        fresh = result[every] = Fresh()
        for poller in group:
            poller.join()
            fresh.failed += sum(1 for *_, status, _ in poller.polls if status not in (200, 304))
            for posted in posts:
                fresh.add(poller, posted)
    return result


@dataclass
class LiveRun:
    """The live story under load: its id, its endpoint (and a file naming it, for wrk), how
    long each situation lasts, how many entries the editor posts meanwhile, and the editor's
    environment and log."""

    story: int
    path: str
    paths_file: Path
    seconds: int
    posts: int
    env: dict
    log: Path


def measured(server, *args, **kwargs):
    """comeback.load on `server`, with the load average at its end and the CPU time its
    workers spent a request: other work on the machine lowers the rate, not this."""
    before = workers_cpu(server)
    result = load(server.url, *args, **kwargs)
    after = workers_cpu(server)
    result["load"] = os.getloadavg()[0]
    spent = None if None in (before, after) else after - before
    result["cpu_us"] = spent * 1e6 / max(1, result["requests"]) if spent is not None else None
    return result


def workers_cpu(server):
    """The CPU seconds gunicorn's workers have used so far (Linux's /proc), or None."""
    pid = server.process.pid
    try:
        workers = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ticks = 0
        for worker in workers:
            fields = Path(f"/proc/{worker}/stat").read_text().rpartition(")")[2].split()
            ticks += int(fields[11]) + int(fields[12])  # user and system time
    except (OSError, IndexError, ValueError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def polled(server, live, conditional):
    """b or c: the readers (and the freshness pollers) on the endpoint while the editor
    posts; (wrk's result, the posts, the freshness pollers, the editor)."""
    script = {"script": POLLING} if conditional else {}
    load(server.url, live.paths_file, WARM_UP_SECONDS, READERS, **script)
    with Poster(live.env, live.story, live.posts, live.log) as editor:
        start = time.time()
        groups = pollers(server.url + live.path, start, start + live.seconds)
        result = measured(server, live.paths_file, live.seconds, READERS, **script)
    return result, [save for save in editor.saves if "entry" in save], groups, editor


def bare(env, work, seconds, log):
    """a: the bare Django view, under the same gunicorn and as many connections."""
    say(f"a. Bare Django view, {READERS} connections…")
    hello = work / "hello.txt"
    hello.write_text("/\n")
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.bare"}
    with Gunicorn(bare_env, log, app="django.core.wsgi:get_wsgi_application()") as server:
        load(server.url, hello, WARM_UP_SECONDS, READERS)
        return measured(server, hello, seconds, READERS)


def situations(env, live, rows, log):
    """b, c and d, added to `rows`; (the size of an answer, the freshness found in b and c,
    what the editor did in each)."""
    found, extra = {}, []
    with Gunicorn(env, log) as server:
        size = answer_size(server.url + live.path)
        for key, conditional, what in (("b", True, "If-None-Match"), ("c", False, "full answers")):
            name = f"{key}. {READERS} pollers, {what}, editor every {POST_EVERY:.0f} s"
            say(f"{name}…")
            result, posted, groups, editor = polled(server, live, conditional)
            rows[name], found[key] = result, freshness(groups, posted)
            extra.append((name, result, posted, editor.summary()))
        say(f"d. The endpoint as a page-cache miss, {MISS_CONNECTIONS} connections…")
        missed = (MISS_CONNECTIONS, [STALE_COOKIE])
        load(server.url, live.paths_file, WARM_UP_SECONDS, *missed)
        name = f"d. endpoint, page-cache miss, {MISS_CONNECTIONS} connections"
        rows[name] = measured(server, live.paths_file, live.seconds // 4, *missed)
    return size, found, extra


def failures(result):
    """Socket errors and answers other than 2xx and 3xx (a 404 here is a failure too)."""
    bad = sum(n for status, n in result["statuses"].items() if not 200 <= int(status) < 400)
    return result["errors"] + bad


def markdown(head, body):
    """A Markdown table of the `head` cells over the rows of `body`."""
    lines = [head, ["---"] * len(head), *body]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def table(rows, bare_rps):
    head = ["situation", "req/s", "p50 ms", "p99 ms", "errors", "vs bare", "readers at 10 s"]
    head += ["server CPU µs a request", "load average", "CPU stolen"]
    body = [
        [name, f"{r['rps']:.0f}", f"{r['p50']:.1f}", f"{r['p99']:.1f}", f"{failures(r):,}"]
        + [f"{r['rps'] / bare_rps:.0%}", f"{r['rps'] * SITE_POLL:,.0f}"]
        + ["?" if r["cpu_us"] is None else f"{r['cpu_us']:.0f}", f"{r['load']:.1f}"]
        + ["?" if r["stolen"] is None else f"{r['stolen']:.0%}"]
        for name, r in rows.items()
    ]
    return markdown(head, body)


def freshness_table(found):
    head = ["situation", "pollers", "delays", "median s", "max s"]
    head += ["lacking it, before its purge", "lacking it, after", "unseen", "failed polls"]
    body = []
    for name, by_interval in found.items():
        for every, fresh in by_interval.items():
            who = "1 poller every 1 s" if every == 1 else f"{SITE_POLL} pollers every {every} s"
            delays = fresh.delays or [math.nan]
            after = ", ".join(f"{n} {state}" for state, n in fresh.after_purge.items()) or "0"
            body.append(
                [name, who, str(len(fresh.delays)), f"{statistics.median(delays):.2f}"]
                + [f"{max(delays):.2f}", str(fresh.before_purge), after, str(fresh.unseen)]
                + [str(fresh.failed)]
            )
    return markdown(head, body)


def describe(result):
    statuses = ", ".join(f"{s}: {n:,}" for s, n in sorted(result["statuses"].items()))
    states = ", ".join(f"{s}: {n:,}" for s, n in sorted(result["states"].items()))
    seconds = sorted(result["timeline"])[1:-1]  # whole seconds: not the first or the last
    timeline = [result["timeline"][second] for second in seconds] or [{}]
    slowest = min(sum(n for what, n in c.items() if what.isdigit()) for c in timeline)
    return (
        f"{result['requests']:,} requests; {statuses}; socket errors {result['errors']}; "
        f"X-Page-Cache {states}; slowest whole second {slowest:,} requests"
    )


def after_posts(result, posts):
    """What the readers got in the second of each post and the two after it."""
    lines = []
    for posted in posts:
        second = int(posted["at"])
        cells = []
        for at in range(second, second + 3):
            counts = result["timeline"].get(at, {})
            states = " ".join(f"{s} {counts[s]}" for s in ("HIT", "STALE", "MISS") if s in counts)
            total = sum(n for what, n in counts.items() if what.isdigit())
            cells.append(f"+{at - second} s: {total:,} ({states})")
        purge_ms = (posted["purged"] - posted["at"]) * 1000
        lines.append(
            f"- entry {posted['entry']} (purged {purge_ms:.0f} ms after its commit): "
            + "; ".join(cells)
        )
    return "\n".join(lines)


def answer_size(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return len(response.read())


def setup_story(env, entries):
    """The newest story made live coverage with `entries` entries: (its id, its endpoint)."""
    script = SETUP % {"entries": entries, "bodies": json.dumps(ENTRY_BODIES)}
    found = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
    return found["story"], found["path"]


def report(rows, found, extra, posts):
    bare_rps = statistics.mean(r["rps"] for name, r in rows.items() if name.startswith("a."))
    print(table(rows, bare_rps))
    print(f"\n'vs bare' is against the mean of the two bare runs, {bare_rps:.0f} req/s.")
    print(
        f"\nFreshness: seconds from each entry's commit to a poller's first answer holding it "
        f"({posts} entries a situation):\n"
    )
    print(freshness_table(found))
    print("\nResponses:")
    for name, result in rows.items():
        print(f"- {name}: {describe(result)}")
    for name, result, posted, summary in extra:
        print(f"\n{name}: editor {summary}; requests a second after each post:")
        print(after_posts(result, posted))


def main():
    parser = arguments(__doc__, "newsroom_bench_live", 8, 60)
    parser.add_argument("--entries", type=int, default=40, help="entries before the run")
    parser.add_argument("--editor", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--posts", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.editor:
        return post(args.editor, args.posts)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if urlparse(args.cache_url).scheme != "redis":
        raise SystemExit("--cache-url must be a redis:// address: the editor purges from afar")
    if args.seconds < WARM_UP_SECONDS * 2:
        raise SystemExit(f"--seconds must be at least {WARM_UP_SECONDS * 2}")

    began, load_before, code = time.monotonic(), os.getloadavg()[0], code_state()
    work = Path(tempfile.mkdtemp(prefix="newsroom-live-"))
    env = bench_env(work, args.database_url, CACHE_URL=args.cache_url, PAGE_CACHE_SECONDS="300")
    ensure_database(args.database_url)
    prepare(env, 0)
    story, path = setup_story(env, args.entries)
    redis.Redis.from_url(args.cache_url).flushdb()
    endpoint = work / "endpoint.txt"
    endpoint.write_text(path + "\n")
    posts = int(max(0, args.seconds - LAST_POST_MARGIN - FIRST_POST) // POST_EVERY) + 1
    logs = {name: work / f"{name}.log" for name in ("bare", "live", "editor")}
    # The editor works as a web process would (gunicorn's configuration sets this default).
    editor_env = {**env, "DB_STATEMENT_TIMEOUT_MS": "5000"}
    live = LiveRun(story, path, endpoint, args.seconds, posts, editor_env, logs["editor"])

    rows = {"a. bare Django view": bare(env, work, args.seconds, logs["bare"])}
    size, found, extra = situations(env, live, rows, logs["live"])
    # Other work on the machine changes every rate: the bare view once more, to compare with.
    rows["a. bare Django view, again"] = bare(env, work, args.seconds, logs["bare"])

    print(
        f"\n{os.cpu_count()} cores, {urlparse(args.database_url).scheme}, live story {story} "
        f"with {args.entries} entries before the run ({size:,} bytes an answer), gunicorn 2 "
        f"sync workers, PAGE_CACHE_SECONDS=300, wrk {READERS} connections x {args.seconds} s "
        f"({args.seconds // 4} s for d); load average {load_before:.1f} before; {code}\n"
    )
    report(rows, found, extra, posts)
    finish(logs.values(), work, began)


if __name__ == "__main__":
    main()
