"""Comeback day: many readers on many pages while an editor keeps correcting the hot stories.

Prepares the corpus as tests/benchmarks/load.py does (creating the PostgreSQL database if it is
missing), then builds a reader mix from it: the home page, the 200 newest public stories, their
artists', releases' and tags' pages, the story list and its pages 2-5, and some twenty
searches. wrk (Debian's `wrk`, with tests/benchmarks/mix.lua) picks one of these addresses at
random for every request. gunicorn runs the project's configuration (newsroom/gunicorn.py, 2
sync workers) with PAGE_CACHE_SECONDS=300 on Redis, and each situation is loaded for
--seconds at 32 connections:

    a. a bare Django view (tests/benchmarks/bare.py) under the same gunicorn: the 100% mark;
    b. the reader mix, after a warm-up pass over every address, nobody editing;
    c. the same while an editor saves a hot story (one of the 200 newest, in turn) every 5 s,
       from another process, as the story form does (a full save, then its fingerprints);
    d. one story page, every request a miss of the page cache (a session cookie sends it past
       the cache; the story's cards and More on boxes are kept as for any miss), then with
       no caching at all (PAGE_CACHE_SECONDS=0), both at 8 connections;
    e. a spike: 200 connections for 30 s on the reader mix, the editor still saving;
    f. Redis failing: on a Redis of its own (a free port, no persistence) the reader mix and
       the editor run for at least 30 s; Redis is killed (SIGKILL) 5 s in and started again on
       the same port 10 s later.
    g. the database unreachable: the app servers reach PostgreSQL through a proxy
       (tests/servers.py) that refuses every connection, open or new, 5 s in and for 10 s,
       while the reader mix (24 connections) and a signed-in reader on one story (8, every
       request a page-cache miss) load the site: cached pages must all be 200, the others
       503 with Retry-After, none slower than 3 s.

    .venv/bin/python -m tests.benchmarks.comeback            # 100,000 stories on PostgreSQL
    .venv/bin/python -m tests.benchmarks.comeback --stories 5000 \\
        --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench_small --seconds 10

The warm-up pass times each page's first render, by kind of page. Before c, the editor saves
one story on its own and every address is visited again: which pages that one save purged,
and how long rendering them again took.

a-e use --cache-url (Redis database 2 by default), which is emptied first. A failed request is
a socket error (timeouts included) or any status but 2xx, 3xx and 404. "CPU stolen" is the
hypervisor's steal time during the load: on a shared virtual machine, a run with much of it is
worth repeating. gunicorn's error output is kept and its tracebacks summarised. This is a
benchmark, not a test: it prints, it never fails.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import redis

from tests import servers
from tests.benchmarks.load import HERE, PYTHON, ROOT, bench_env, manage, prepare, wrk

MIX = HERE / "mix.lua"
CONNECTIONS = 32
UNCACHED_CONNECTIONS = 8  # as load.py loads each page: at 32, p95 is mostly waiting in line
STALE_COOKIE = "Cookie: sessionid=no-such-session"
EDIT_EVERY = 5.0
SPIKE = (200, 30)  # connections, seconds
FAULT_AT, FAULT_FOR = 5, 10  # Redis is killed this many seconds in, for this many seconds
HOT_STORIES = 200
WARM_UP_SECONDS = 3
CACHE_STATES = ("HIT", "MISS", "STALE", "BYPASS")
KINDS = ("home", "list", "story", "artist", "release", "tag", "search")
PREFIXES = [("/search/", "search"), ("/news/tags/", "tag"), ("/artists/", "artist")]
PREFIXES += [("/releases/", "release")]
WORKERS = 2
GUNICORN_STAMP = re.compile(r"^\[[^]]*\] \[\d+\] ")  # "[time] [pid] "

ADDRESSES = """
import json
from urllib.parse import urlencode
from django.urls import reverse
from articles.models import Article

newest = list(
    Article.objects.published().order_by('-published_at', '-pk')
    .prefetch_related('artists', 'releases', 'tags')[:%(hot)d]
)
artists = {a.pk: a for s in newest for a in s.artists.all()}
releases = {r.pk: r for s in newest for r in s.releases.all()}
tags = {t.pk: t for s in newest for t in s.tags.all()}
stories = reverse('articles:list')
paths = ['/', stories, *(f'{stories}?page={n}' for n in range(2, 6))]
paths += [s.get_absolute_url() for s in newest]
paths += [a.get_absolute_url() for a in artists.values()]
paths += [r.get_absolute_url() for r in releases.values()]
paths += [reverse('articles:tag', args=[t.slug]) for t in tags.values()]
named = list(artists.values())
queries = [a.name for a in named[:8]] + [a.hangul_name for a in named if a.hangul_name][:2]
queries += [r.title for r in list(releases.values())[:6]]
queries += ['comeback', 'world tour', 'music video', 'teaser']
paths += [reverse('search') + '?' + urlencode({'q': q}) for q in queries]
print(json.dumps({
    'paths': list(dict.fromkeys(paths)), 'hot': [s.pk for s in newest],
    'story': newest[0].get_absolute_url(),
}))
"""


OUTSTANDING = "from newsroom.models import PendingPurge; print(PendingPurge.objects.count())"


class Gunicorn(servers.Gunicorn):
    """The servers' gunicorn, its error output copied to `log` while it runs (a pipe nobody
    reads would block the workers once full)."""

    def __init__(self, env, log, **kwargs):
        super().__init__(env, **kwargs)
        self.log = log

    def __enter__(self):
        super().__enter__()
        self.copier = threading.Thread(target=self._copy, daemon=True)
        self.copier.start()
        return self

    def _copy(self):
        with open(self.log, "ab") as out:
            for chunk in iter(lambda: self.process.stderr.read1(65536), b""):
                out.write(chunk)
                out.flush()

    def __exit__(self, *exc):
        super().__exit__(*exc)
        self.copier.join(timeout=5)


class Editor:
    """Another process saving a hot story every EDIT_EVERY seconds while in the block (see
    `edit`); `saves` holds what each save reported."""

    def __init__(self, env, hot, log):
        self.command = [PYTHON, "-m", "tests.benchmarks.comeback", "--editor"]
        self.command += ["--hot", ",".join(map(str, hot))]
        self.env, self.log, self.saves = env, log, []

    def __enter__(self):
        self.stderr = open(self.log, "ab")  # noqa: SIM115 (closed on leaving the block)
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=self.stderr,
            text=True,
        )  # fmt: skip
        if self.process.stdout.readline().strip() != "ready":
            sys.exit(f"The editor did not start: see {self.log}")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        return self

    def _read(self):
        for line in self.process.stdout:
            self.saves.append(json.loads(line))

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.reader.join(timeout=5)
        self.stderr.close()

    def summary(self):
        done = [save for save in self.saves if "ms" in save]
        failed = [save for save in self.saves if "error" in save]
        text = f"{len(done)} saves"
        if done:
            times = sorted(save["ms"] for save in done)
            text += f" (median {times[len(times) // 2]:.0f} ms, slowest {times[-1]:.0f} ms)"
        if failed:
            text += f", {len(failed)} failed: " + "; ".join(sorted({s["error"] for s in failed}))
        return text


def edit(hot):
    """The editor's process: every EDIT_EVERY seconds, the next of the `hot` stories gets a
    corrected standfirst, saved as the story form saves a change (in one transaction: the
    full model save, whose signals purge the pages after the commit, then the fingerprints).
    Prints one JSON line a save, until SIGTERM."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from articles.copydesk.duplicates import article_fingerprint
    from articles.models import Article

    editor = get_user_model().objects.filter(username="editor").first()  # the demo's editor
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    print("ready", flush=True)
    due, n = time.monotonic(), 0
    while not stopping.is_set():
        pk, started = hot[n % len(hot)], time.monotonic()
        try:
            with transaction.atomic():
                story = Article.objects.get(pk=pk)
                stamp = timezone.localtime().strftime("%H:%M:%S")
                dek = re.sub(r" \(Updated [^)]*\)$", "", story.dek)
                story.dek = f"{dek} (Updated {stamp})"
                story._history_user = editor
                story.save()
                article_fingerprint(article=story)
            report = {"story": pk, "ms": (time.monotonic() - started) * 1000}
        except Exception as error:  # reported; the editor goes on
            report = {"story": pk, "error": f"{type(error).__name__}: {error}"}
        print(json.dumps({"at": time.time(), **report}), flush=True)
        n += 1
        due += EDIT_EVERY
        stopping.wait(max(0.0, due - time.monotonic()))


def ensure_database(url):
    """Create the PostgreSQL database `url` names, unless it exists."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    command = ["createdb", "-h", parsed.hostname or "127.0.0.1", "-p", str(parsed.port or 5432)]
    command += ["-U", parsed.username or "postgres", parsed.path.lstrip("/")]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode and "already exists" not in done.stderr:
        sys.exit(f"createdb failed: {done.stderr}")


def reader_mix(env, path):
    """(the addresses of the mix, written to `path`; the hot stories' ids; the newest
    story's address)."""
    out = manage(env, "shell", "-c", ADDRESSES % {"hot": HOT_STORIES})
    found = json.loads(out.strip().splitlines()[-1])
    path.write_text("\n".join(found["paths"]) + "\n")
    return found["paths"], found["hot"], found["story"]


def kind(path):
    """What kind of page an address of the mix is (one of KINDS)."""
    if path == "/":
        return "home"
    for prefix, name in PREFIXES:
        if path.startswith(prefix):
            return name
    return "list" if path.split("?")[0] == "/news/" else "story"


def visit(url):
    """(status, X-Page-Cache, milliseconds) of one request."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status, state = response.status, response.headers.get("X-Page-Cache")
    except urllib.error.HTTPError as error:
        status, state = error.code, error.headers.get("X-Page-Cache")
    return status, state, (time.monotonic() - started) * 1000


def sweep(server, paths):
    """Every address once, as many at a time as there are workers (so each time is the
    page's own, not a queue's): [(path, status, X-Page-Cache, ms)]."""
    with ThreadPoolExecutor(WORKERS) as pool:
        found = pool.map(lambda path: visit(server.url + path), paths)
        return [(path, *result) for path, result in zip(paths, found, strict=True)]


def by_kind(visits):
    """Median and slowest time of the visits, by kind of page."""
    times = {}
    for path, _, _, ms in visits:
        times.setdefault(kind(path), []).append(ms)
    cells = []
    for name in KINDS:
        if name in times:
            ms = sorted(times[name])
            cells.append(f"{name} ×{len(ms)} {ms[len(ms) // 2]:.0f}/{ms[-1]:.0f}")
    return ", ".join(cells)


def reach(server, paths, env, story, log):
    """What one save of `story` costs the readers: the pages the next pass finds purged."""
    with Editor(env, [story], log) as editor:
        deadline = time.monotonic() + 30
        while not editor.saves and time.monotonic() < deadline:
            time.sleep(0.05)
    return [visit for visit in sweep(server, paths) if visit[2] != "HIT"], editor


def load(url, paths_file, seconds, connections, headers=(), script=MIX):
    """wrk on the addresses in `paths_file`; the figures, the responses counted by status and
    by cache state, and a timeline of them by second. `script` is mix.lua or one built on it."""
    before = cpu_times()
    result = wrk(url, seconds, connections, script, [str(paths_file)], headers)
    result["stolen"] = stolen(before, cpu_times())
    statuses, states, timeline = Counter(), Counter(), {}
    for name, n in result.pop("counts", {}).items():
        second, what = name.split(" ", 1)
        (statuses if what.isdigit() else states)[what] += n
        timeline.setdefault(int(second), Counter())[what] += n
    result["statuses"], result["states"], result["timeline"] = statuses, states, timeline
    bad = sum(n for status, n in statuses.items() if not ok(int(status)))
    result["failed"] = result["errors"] + bad
    return result


def cpu_times():
    """The machine's CPU time so far, by kind (the first line of Linux's /proc/stat)."""
    try:
        with open("/proc/stat") as stat:
            return [int(n) for n in stat.readline().split()[1:9]]
    except OSError:
        return None


def stolen(before, after):
    """The share of the CPU the hypervisor gave other machines in between (steal time): on a
    shared virtual machine, what most often makes two runs differ."""
    if not before or not after:
        return None
    spent = [b - a for a, b in zip(before, after, strict=True)]
    return spent[7] / max(1, sum(spent))


def ok(status):
    return 200 <= status < 400 or status == 404


def describe(result):
    statuses = ", ".join(f"{status}: {n:,}" for status, n in sorted(result["statuses"].items()))
    states = ", ".join(
        f"{s}: {result['states'][s]:,}" for s in CACHE_STATES if s in result["states"]
    )
    text = f"{result['requests']:,} requests; {statuses}; socket errors {result['errors']}"
    return text + (f"; X-Page-Cache {states}" if states else "")


def table(rows, bare):
    lines = [
        "| situation | req/s | p50 ms | p95 ms | p99 ms | errors | vs bare | CPU stolen |",
        "|" + "---|" * 8,
    ]
    for name, r in rows.items():
        steal = "?" if r["stolen"] is None else f"{r['stolen']:.0%}"
        lines.append(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
            f"| {r['failed']:,} | {r['rps'] / bare['rps']:.0%} | {steal} |"
        )
    return "\n".join(lines)


def timeline(result, start, kill_at, back_at):
    """The fault run second by second: requests, failures and cache states."""
    lines = ["| s | requests | failed statuses | " + " | ".join(CACHE_STATES) + " | |"]
    lines.append("|" + "---|" * (len(CACHE_STATES) + 4))
    for second, counts in sorted(result["timeline"].items()):
        at = second - int(start)
        mark = "Redis killed" if at == int(kill_at) else "Redis back" if at == int(back_at) else ""
        total = sum(n for what, n in counts.items() if what.isdigit())
        bad = sum(n for what, n in counts.items() if what.isdigit() and not ok(int(what)))
        cells = " | ".join(f"{counts.get(s, 0):,}" for s in CACHE_STATES)
        lines.append(f"| {at} | {total:,} | {bad:,} | {cells} | {mark} |")
    return "\n".join(lines)


def problems(logs):
    """What the servers and the editor wrote to their error output: each traceback's last
    line, gunicorn's own complaints and Python's warnings, counted."""
    found = Counter()
    for log in logs:
        if not log.exists():
            continue
        lines = log.read_text(errors="replace").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("Traceback"):
                end = next((j for j in range(i + 1, len(lines)) if not lines[j][:1].isspace()), i)
                found[f"{log.name}: {lines[end]}"] += 1
            elif re.search(r"\[(ERROR|CRITICAL)\]", line):
                found[f"{log.name}: {GUNICORN_STAMP.sub('', line)}"] += 1
            elif warning := re.search(r"\b(\w+Warning): ", line):
                found[f"{log.name}: {warning[1]} (warnings)"] += 1
    return found


def code_state():
    """The commit measured, and how many files differed from it."""
    git = ["git", "--no-optional-locks", "-C", str(ROOT)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    dirty = len(changed.stdout.splitlines())
    if head.returncode:
        return "not a git checkout"
    return f"commit {head.stdout.strip()}" + (f" + {dirty} changed files" if dirty else "")


def say(text):
    print(text, file=sys.stderr, flush=True)


def arguments(doc, database, redis_db, seconds, cache_help="emptied first"):
    """The options of a benchmark on PostgreSQL (database `database` by default) and Redis
    (database number `redis_db`), loading each situation for `seconds` by default."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--database-url", default=f"postgres://postgres@127.0.0.1:5432/{database}")
    parser.add_argument(
        "--cache-url", default=f"redis://127.0.0.1:6379/{redis_db}", help=cache_help
    )
    parser.add_argument("--seconds", type=int, default=seconds, help="load per situation")
    return parser


def main():
    parser = arguments(__doc__, "newsroom_bench", 2, 20, cache_help="for a-e, emptied first")
    parser.add_argument("--stories", type=int, default=100_000, help="generate a corpus this large")
    parser.add_argument("--editor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--hot", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.editor:
        return edit([int(pk) for pk in args.hot.split(",")])
    if not shutil.which("wrk") or not shutil.which("redis-server"):
        sys.exit("wrk and redis-server are needed: apt-get install wrk redis-server")
    if urlparse(args.cache_url).scheme != "redis":
        sys.exit("--cache-url must be a redis:// address")

    began = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="newsroom-comeback-"))
    env = bench_env(work, args.database_url, CACHE_URL=args.cache_url, PAGE_CACHE_SECONDS="300")
    ensure_database(args.database_url)
    prepare(env, args.stories)
    redis.Redis.from_url(args.cache_url).flushdb()
    mix = work / "mix.txt"
    paths, hot, newest = reader_mix(env, mix)
    one_story = work / "story.txt"
    one_story.write_text(newest + "\n")
    hello = work / "hello.txt"
    hello.write_text("/\n")
    say(f"Reader mix: {len(paths)} addresses; {len(hot)} hot stories.")
    load_before, code = os.getloadavg()[0], code_state()
    # The editor works as a web process would (gunicorn's configuration sets this default).
    editor_env = {**env, "DB_STATEMENT_TIMEOUT_MS": "5000"}
    names = ("bare", "cached", "uncached", "fault", "database")
    logs = {name: work / f"{name}.log" for name in names}
    editor_log = work / "editor.log"
    rows, saves, seconds = {}, {}, args.seconds

    say("a. Bare Django view…")
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "tests.benchmarks.bare"}
    bare_app = "django.core.wsgi:get_wsgi_application()"
    with Gunicorn(bare_env, logs["bare"], app=bare_app) as server:
        load(server.url, hello, WARM_UP_SECONDS, CONNECTIONS)
        rows["a. bare Django view"] = load(server.url, hello, seconds, CONNECTIONS)

    with Gunicorn(env, logs["cached"]) as server:
        say("b. Warm-up pass over every address…")
        warmed = sweep(server, paths)
        load(server.url, mix, WARM_UP_SECONDS, CONNECTIONS)
        say("b. Reader mix, cached, nobody editing…")
        rows["b. reader mix, cached"] = load(server.url, mix, seconds, CONNECTIONS)
        say("c. What one save purges…")
        purged, one_save = reach(server, paths, editor_env, hot[-1], editor_log)
        say("c. Reader mix, an editor saving every 5 s…")
        with Editor(editor_env, hot, editor_log) as editor:
            rows["c. reader mix + editor"] = load(server.url, mix, seconds, CONNECTIONS)
        saves["c"] = editor.summary()
        say(f"e. Spike: {SPIKE[0]} connections for {SPIKE[1]} s, the editor saving…")
        with Editor(editor_env, hot[50:] + hot[:50], editor_log) as editor:
            spike = load(server.url, mix, SPIKE[1], SPIKE[0])
        saves["e"] = editor.summary()
        say("d. One story, every request a page-cache miss…")
        # A session cookie sends a request past the page cache, as for a signed-in reader;
        # the story's cards and More on boxes are still kept, as they are for any miss.
        missing = load(server.url, one_story, seconds, UNCACHED_CONNECTIONS, [STALE_COOKIE])
        rows[f"d. one story, page-cache miss, {UNCACHED_CONNECTIONS} connections"] = missing

    say("d. One story, page cache off…")
    with Gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}, logs["uncached"]) as server:
        load(server.url, one_story, WARM_UP_SECONDS, UNCACHED_CONNECTIONS)
        off = load(server.url, one_story, seconds, UNCACHED_CONNECTIONS)
        rows[f"d. one story, no caching at all, {UNCACHED_CONNECTIONS} connections"] = off
    rows[f"e. spike, {SPIKE[0]} connections, {SPIKE[1]} s + editor"] = spike

    fault_seconds = max(seconds, FAULT_AT + FAULT_FOR + 15)
    say(f"f. Redis killed {FAULT_AT} s into {fault_seconds} s, for {FAULT_FOR} s…")
    with servers.RedisServer() as own_redis:
        fault_env = {**env, "CACHE_URL": own_redis.url}
        with Gunicorn(fault_env, logs["fault"]) as server:
            sweep(server, paths)
            with Editor({**editor_env, **fault_env}, hot[100:] + hot[:100], editor_log) as editor:
                start, moments = time.time(), {}
                kill = (own_redis.kill, own_redis.start, start, moments)
                outage = threading.Thread(target=fail, args=kill)
                outage.start()
                fault = load(server.url, mix, fault_seconds, CONNECTIONS)
                outage.join()
            saves["f"] = editor.summary()
            time.sleep(2)  # a second for the workers to apply the purges Redis missed
            outstanding = manage(fault_env, "shell", "-c", OUTSTANDING).split()[-1]
        rows["f. Redis killed for 10 s + editor"] = fault

    say(f"g. Database unreachable {FAULT_AT} s into {fault_seconds} s, for {FAULT_FOR} s…")
    outage = database_outage(env, paths, mix, one_story, fault_seconds, logs["database"])

    print(
        f"\n{os.cpu_count()} cores, {urlparse(args.database_url).scheme}, {args.stories:,} "
        f"stories, gunicorn 2 sync workers, PAGE_CACHE_SECONDS=300, wrk {CONNECTIONS} "
        f"connections x {seconds} s per situation, {len(paths)} addresses in the mix; load "
        f"average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after; {code}\n"
    )
    print(table(rows, rows["a. bare Django view"]))
    statuses = Counter(status for _, status, _, _ in warmed)
    odd = [f"{status} {path}" for path, status, _, _ in warmed if status != 200]
    print(
        f"\nWarm-up pass: {dict(sorted(statuses.items()))}" + (f"; not 200: {odd}" if odd else "")
    )
    print(f"First render by kind of page, count median/slowest ms: {by_kind(warmed)}")
    spent = sum(ms for *_, ms in purged) / 1000
    print(
        f"One save (story {hot[-1]}, {one_save.summary()}) purged {len(purged)} of the "
        f"{len(paths)} addresses; rendering them again took {spent:.1f} s of worker time "
        f"({spent / WORKERS:.1f} s of the {WORKERS} workers'): {by_kind(purged)}"
    )
    print("\nResponses:")
    for name, result in rows.items():
        print(f"- {name}: {describe(result)}")
    print("\nEditor:")
    for name, text in saves.items():
        print(f"- {name}: {text}")
    print(
        f"\nFault mode, second by second (Redis killed at {moments['killed']:.1f} s, answering "
        f"again at {moments['back']:.1f} s; socket errors in all: {fault['errors']}):\n"
    )
    print(timeline(fault, start, moments["killed"], moments["back"]))
    print(f"\nPurges Redis missed, still outstanding 2 s after the run: {outstanding}")
    print("\n" + outage_report(*outage))
    finish([*logs.values(), editor_log], work, began)


def finish(logs, work, began):
    """The end of a run: what the `logs` hold (see `problems`), how long it took since
    `began`, and the run's folder `work` removed, but for its logs when they hold anything."""
    found = problems(logs)
    print("\nError output:" if found else "\nError output: none.")
    for line, n in found.most_common():
        print(f"- {n} × {line}")
    print(f"\nTook {time.monotonic() - began:.0f} s.")
    if found:
        print(f"Logs kept in {work}")
        shutil.rmtree(work / "static", ignore_errors=True)
    else:
        shutil.rmtree(work, ignore_errors=True)


def fail(down, up, start, moments):
    """Call `down()` FAULT_AT seconds after `start`, `up()` FAULT_FOR seconds later;
    `moments` gets when each happened, in seconds after `start`."""
    time.sleep(max(0.0, start + FAULT_AT - time.time()))
    down()
    moments["killed"] = time.time() - start
    time.sleep(max(0.0, start + FAULT_AT + FAULT_FOR - time.time()))
    up()
    moments["back"] = time.time() - start


def database_outage(env, paths, mix, one_story, seconds, log):
    """g: the reader mix and a signed-in reader while the database is unreachable; returns
    (the mix's result, the signed-in reader's, when the outage began and ended)."""
    database = urlparse(env["DATABASE_URL"])
    with servers.RedisServer() as own_redis, servers.Proxy(database.port or 5432) as proxy:
        credentials = database.netloc.rpartition("@")[0]
        address = f"127.0.0.1:{proxy.port}"
        proxied = database._replace(netloc=f"{credentials}@{address}" if credentials else address)
        outage_env = {**env, "CACHE_URL": own_redis.url, "DATABASE_URL": proxied.geturl()}
        with Gunicorn(outage_env, log) as server:
            sweep(server, paths)
            start, moments = time.time(), {}
            refuse, answer = (lambda: proxy.set("refuse")), (lambda: proxy.set("pass"))
            outage = threading.Thread(target=fail, args=(refuse, answer, start, moments))
            outage.start()
            with ThreadPoolExecutor(2) as pool:
                readers = CONNECTIONS - UNCACHED_CONNECTIONS
                cached = pool.submit(load, server.url, mix, seconds, readers)
                signed_in = pool.submit(
                    load, server.url, one_story, seconds, UNCACHED_CONNECTIONS, [STALE_COOKIE]
                )
                cached, signed_in = cached.result(), signed_in.result()
            outage.join()
    return cached, signed_in, start, moments


def outage_report(cached, signed_in, start, moments):
    """What readers got while the database was unreachable, second by second."""
    lines = [
        f"Database unreachable from {moments['killed']:.1f} s to {moments['back']:.1f} s; "
        f"slowest response {max(cached['max'], signed_in['max']):.0f} ms.",
        f"- reader mix ({CONNECTIONS - UNCACHED_CONNECTIONS} connections): {describe(cached)}",
        f"- signed-in reader, one story ({UNCACHED_CONNECTIONS} connections): "
        f"{describe(signed_in)}",
        "",
        "| s | mix 200 | mix other | signed-in 200 | signed-in 503 | signed-in other | |",
        "|" + "---|" * 7,
    ]
    seconds = sorted({*cached["timeline"], *signed_in["timeline"]})
    for second in seconds:
        at = second - int(start)
        mix, one = cached["timeline"].get(second, {}), signed_in["timeline"].get(second, {})
        mix_other = sum(n for what, n in mix.items() if what.isdigit() and what != "200")
        one_other = sum(n for w, n in one.items() if w.isdigit() and w not in ("200", "503"))
        mark = "unreachable" if at == int(moments["killed"]) else ""
        mark = "answering" if at == int(moments["back"]) else mark
        lines.append(
            f"| {at} | {mix.get('200', 0):,} | {mix_other:,} | {one.get('200', 0):,} "
            f"| {one.get('503', 0):,} | {one_other:,} | {mark} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
