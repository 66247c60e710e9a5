"""Counting the readers of a story, without cookies.

A story page's script (static/js/reads.js) posts once the page is in front of a reader
(`articles.views.read`). A reader is counted once an hour per story, and is a keyed hash of
their address (read as settings.TRUSTED_PROXY_COUNT says) and browser with the day's random
salt: the same reader all day, nobody once the salt is deleted, and neither the address nor
the browser is ever stored. Where they came from is kept as a kind and a name (Naver, X, a
site's domain), never the address they came from.

Not counted: crawlers and scripts (a User-Agent that is not a browser's, or none), prefetches
and prerenders, posts from other sites, anyone signed in (every account is the newsroom's),
and stories the public cannot see.

With Redis (CACHE_URL), a read costs one round trip: a script adds the reader to the hour's
set and counts them only if they were not in it (newsroom/readstore.py, plugged in here by
newsroom/apps.py). When Redis does not answer in time or its circuit is open
(newsroom/cachestore.py), and on a site without Redis, the read is counted in the database
instead (`Read`), where a unique constraint does the same; a reader counted in
Redis just before it failed may be counted once more there. Both stores are read back
together (`counted`) and kept KEEP_HOURS, in which the background worker rolls them up per
day (articles/mostread.py).
"""

import datetime as dt
import hashlib
import re
import secrets
from collections import Counter
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from common.http import client_address

from .models import Article
from .reads import Read, ReadSalt, SourceKind

KEEP_HOURS = 72  # hourly counts kept: the rollup has three days to read a day's hours
HOUR = dt.timedelta(hours=1)
LONGEST_REFERRER = 2000
LONGEST_SOURCE = 100

# Crawlers, link previews, monitors and HTTP libraries; a browser's User-Agent starts with
# "Mozilla/" (Opera's too), and none of these words is in one.
NOT_A_BROWSER = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrap|archiv|fetch|preview|monitor|uptime|pingdom|"
    r"headless|lighthouse|facebookexternalhit|meta-external|embedly|yeti|daumoa|"
    r"mediapartners|google-|googleother|curl|wget|python|java/|go-http|okhttp|axios|"
    r"httpclient|phantomjs|selenium|puppeteer|playwright|cypress",
    re.IGNORECASE,
)
# Headers a browser sends with a request it makes ahead of a reader's click.
PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
AHEAD = ("prefetch", "prerender", "preview")

GOOGLE = re.compile(r"(^|\.)google(\.com?)?\.[a-z]{2,3}$")
SEARCH_ENGINES = {"naver.com": "Naver", "daum.net": "Daum", "bing.com": "Bing"}
SOCIAL = {
    "x.com": "X", "twitter.com": "X", "t.co": "X",
    "facebook.com": "Facebook", "fb.com": "Facebook", "fb.me": "Facebook",
    "instagram.com": "Instagram", "tiktok.com": "TikTok",
    "threads.net": "Threads", "threads.com": "Threads",
}  # fmt: skip
# Android apps name themselves as the referrer (android-app://<package>/).
APPS = {
    "com.google.android.googlequicksearchbox": (SourceKind.SEARCH, "Google"),
    "com.nhn.android.search": (SourceKind.SEARCH, "Naver"),
    "net.daum.android.daum": (SourceKind.SEARCH, "Daum"),
    "com.twitter.android": (SourceKind.SOCIAL, "X"),
    "com.facebook.katana": (SourceKind.SOCIAL, "Facebook"),
    "com.instagram.android": (SourceKind.SOCIAL, "Instagram"),
    "com.zhiliaoapp.musically": (SourceKind.SOCIAL, "TikTok"),
    "com.instagram.barcelona": (SourceKind.SOCIAL, "Threads"),
}
HOST_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


class Unavailable(Exception):
    """The shared store did not answer in time, or is left alone for now."""


class Shared:
    """Where reads are counted when the site has a store its processes share, and the cache
    most-read lists are kept in. The default has none: reads are counted in the database,
    and lists kept in Django's cache. newsroom/apps.py plugs in the project's Redis
    (newsroom/readstore.py), behind the page cache's circuit breaker."""

    def active(self):
        """Whether reads are counted here rather than in the database."""
        return False

    def count(self, article_id, reader, field, now):
        """Count `reader` for `article_id` in the hour of `now`, once, and under `field`
        (story, kind and source) too; True when counted. Raises Unavailable."""
        raise Unavailable

    def counted(self, hours, by_source):
        """{field: readers} counted in `hours`: fields are story numbers, or with
        `by_source` the fields `count` was given. Raises Unavailable."""
        raise Unavailable

    def get(self, key):
        return cache.get(key)

    def set(self, key, value, seconds):
        cache.set(key, value, seconds)


_shared = Shared()


def plug_in(store):
    """Count reads in `store`, a `Shared` (newsroom/apps.py does, at start-up)."""
    global _shared
    _shared = store


def shared():
    return _shared


_salts = {}  # this process's copy of the day's salt: {day: salt}


def count_request(request, article_id):
    """Count the request's reader as a reader of story `article_id` now, if they count.
    True when counted (not already this hour)."""
    if not is_counted(request) or not Article.objects.published().filter(pk=article_id).exists():
        return False
    now = timezone.now()
    kind, source = source_of(request.POST.get("referrer", ""), request.get_host())
    reader = reader_of(request, day_salt(timezone.localdate(now)))
    return count_read(article_id=article_id, reader=reader, kind=kind, source=source, now=now)


def is_counted(request):
    """Whether the request is a reader's: a browser, not fetching ahead of a click, from a
    page of this site, nobody signed in."""
    agent = request.headers.get("User-Agent", "")
    if not agent.startswith("Mozilla/") or NOT_A_BROWSER.search(agent):
        return False
    ahead = " ".join(request.headers.get(name, "") for name in PREFETCH_HEADERS).lower()
    if any(word in ahead for word in AHEAD):
        return False
    origin = request.headers.get("Origin")
    if origin is not None and _netloc(origin) != request.get_host():
        return False
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return False
    return not request.user.is_authenticated


def reader_of(request, salt):
    """The reader, as a keyed hash of their address and browser with the day's salt."""
    who = f"{client_address(request)}\n{request.headers.get('User-Agent', '')}"
    key = salt.encode()[:64]
    return hashlib.blake2b(who.encode(), key=key, digest_size=8, person=b"reads").hexdigest()


def day_salt(day):
    """The salt of `day` (KST), made the first time it is asked for; the salts of the days
    before are deleted then, so a day's hashes cannot be made again once it is over."""
    salt = _salts.get(day)
    if salt is None:
        row, made = ReadSalt.objects.get_or_create(
            day=day, defaults={"salt": secrets.token_hex(32)}
        )
        if made:
            ReadSalt.objects.filter(day__lt=day).delete()
        _salts.clear()
        salt = _salts[day] = row.salt
    return salt


def forget_salts():
    """Drop this process's copy of the day's salt (the next read asks the database)."""
    _salts.clear()


def source_of(referrer, host):
    """(kind, name) of where a reader came from, from the page's referrer; `host` is this
    site's. Only the kind and a name are kept: a search engine's or a social network's name,
    another site's domain."""
    try:
        parts = urlsplit(referrer.strip()[:LONGEST_REFERRER])
        parts.hostname  # noqa: B018 (checks a bracketed address, which may be malformed)
    except ValueError:  # "http://[::1" and the like: nowhere anyone can tell
        return SourceKind.DIRECT, ""
    if parts.scheme == "android-app":
        return APPS.get(parts.netloc.lower(), (SourceKind.SITE, _site(parts.netloc)))
    name = (parts.hostname or "") if parts.scheme in ("http", "https") else ""
    name = name.rstrip(".")
    if not name:
        return SourceKind.DIRECT, ""
    if name == urlsplit(f"//{host}").hostname or name == urlsplit(settings.SITE_URL).hostname:
        return SourceKind.INTERNAL, ""
    if GOOGLE.search(name):
        return SourceKind.SEARCH, "Google"
    for domain, table, kind in (
        *((d, SEARCH_ENGINES, SourceKind.SEARCH) for d in SEARCH_ENGINES),
        *((d, SOCIAL, SourceKind.SOCIAL) for d in SOCIAL),
    ):
        if name == domain or name.endswith(f".{domain}"):
            return kind, table[domain]
    site = _site(name)
    return (SourceKind.SITE, site) if site else (SourceKind.DIRECT, "")


def _netloc(address):
    try:
        return urlsplit(address).netloc
    except ValueError:
        return None


def _site(name):
    """Another site's domain as the dashboard names it ("www." and "m." dropped), or ""."""
    try:
        name = name.lower().encode("idna").decode("ascii")
    except UnicodeError:
        return ""
    for prefix in ("www.", "m.", "mobile."):
        name = name.removeprefix(prefix)
    return name if len(name) <= LONGEST_SOURCE and HOST_NAME.match(name) else ""


def hour_of(moment):
    """The start of the hour `moment` is in, in UTC."""
    return moment.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)


def hours_between(start, end):
    """The starts of the hours from the one `start` is in to the one `end` is in."""
    hour, last, hours = hour_of(start), hour_of(end), []
    while hour <= last:
        hours.append(hour)
        hour += HOUR
    return hours


def count_read(*, article_id, reader, kind, source, now=None):
    """Count `reader` for story `article_id` in the hour of `now`, unless they already are:
    in the shared store (Redis), or in the database when there is none or it cannot be
    asked. True when counted."""
    now = now or timezone.now()
    if _shared.active():
        try:
            return _shared.count(article_id, reader, _field(article_id, kind, source), now)
        except Unavailable:
            pass  # counted in the database instead
    try:
        with transaction.atomic():
            Read.objects.create(
                article_id=article_id, hour=hour_of(now), reader=reader, kind=kind, source=source
            )
    except IntegrityError:  # this reader, this story, this hour: counted already
        return False
    return True


def counted(hours, by_source=False):
    """Readers counted in `hours` (starts of hours, in UTC), the shared store's and the
    database's together: a Counter of {story: readers}, or with `by_source` of {(story, kind,
    source): readers}. Raises Unavailable when the shared store is set up and does not
    answer: figures without it would be short."""
    found = Counter()
    if not hours:
        return found
    if _shared.active():
        for field, readers in _shared.counted(hours, by_source).items():
            found[_unfield(field) if by_source else int(field)] += readers
    rows = Read.objects.filter(hour__gte=min(hours), hour__lte=max(hours))
    fields = ("article", "kind", "source") if by_source else ("article",)
    for row in rows.values(*fields).annotate(readers=Count("pk")).order_by():
        found[tuple(row[f] for f in fields) if by_source else row["article"]] += row["readers"]
    return found


def forget_old(now=None):
    """Delete the database's hourly reads older than KEEP_HOURS (Redis's expire by
    themselves), and the salts of the days before today."""
    now = now or timezone.now()
    Read.objects.filter(hour__lt=hour_of(now) - dt.timedelta(hours=KEEP_HOURS)).delete()
    ReadSalt.objects.filter(day__lt=timezone.localdate(now)).delete()


def _field(article_id, kind, source):
    return f"{article_id}|{kind}|{source}"


def _unfield(field):
    article_id, kind, source = field.split("|", 2)
    return int(article_id), kind, source
