"""Most read: the lists readers see, the editors' figures, and the daily rollup, from the
hourly counts of articles/counting.py.

- Home: the site's most read stories of the last 24 hours (the current hour and the 24
  before it), from the hourly counts.
- An artist's page: the most read of the last 7 days about the artist, a group's including
  its members' stories from their time in it (as the page's own list of stories); a
  release's page: the same about the release's family. From the daily rollup, which the
  background worker writes every ROLL_UP_SECONDS, today's so far included.

Lists and the page cache: a list is worked out at most every MOST_READ_SECONDS and kept in
the shared cache; a page showing one is kept by the page cache no longer than that
(common.http.keep_for) and carries the tags of the stories on it. So a read never purges a
page, a page with a list costs one render every few minutes at most, and a story edited or
taken down changes the lists at once: its tag purges the pages showing it, and a list's
stories are fetched through `published()` at every render. Purging pages when a ranking
changes instead would purge them after nearly every read, and knowing whose list changed
would mean working out every artist's and release's list on every pass.
"""

import contextlib
import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import counting
from .models import Article
from .reads import DailyReads, DailySource, ReadDay, SourceKind

MOST_READ_SECONDS = 300  # a list is worked out this often at most; pages showing one kept so long
SHOWN = 5
RANKED = 20  # stories a list keeps: room for a few taken down since it was worked out
ON_THE_DASHBOARD = 20
WEEK_DAYS = 7
ROLL_UP_SECONDS = 300  # how often the worker rolls up today's reads
FINAL_AFTER = dt.timedelta(minutes=2)  # a day's rollup is final this long after it ends

# The editors' windows: the hours of the counts they add up, or for the week the days.
WINDOWS = {
    "hour": (_("Last hour"), dt.timedelta(hours=1)),
    "day": (_("Last 24 hours"), dt.timedelta(hours=24)),
    "week": (_("Last 7 days"), None),
}


def on_home(now=None):
    """The site's most read stories of the last 24 hours, each with its `reads`."""
    ranking = _kept("site", lambda: _hourly_ranking(now))
    return _shown(Article.objects.published, ranking)


def about_artist(artist, now=None):
    """The most read stories of the last 7 days about `artist` (a group: and its members'
    in their time in it), each with its `reads`."""
    return _weekly(f"artist-{artist.pk}", lambda: Article.objects.about_artists([artist]), now)


def about_release(release, now=None):
    """The most read stories of the last 7 days about `release`'s family."""
    return _weekly(f"release-{release.pk}", lambda: Article.objects.about_releases([release]), now)


def _weekly(name, about, now):
    """The most read of the last 7 days among the public stories `about()` gives. Those are
    asked for once, and only when needed (a group's ask for its members first)."""
    stories = functools.cache(lambda: about().published())
    return _shown(stories, _kept(name, lambda: _daily_ranking(stories(), now)))


def _kept(name, make):
    """The ranking `make()` works out, [(story number, readers)], kept MOST_READ_SECONDS in
    the shared cache (not at all with the page cache off); [] while it cannot be worked out
    (Redis down): the page is shown without the list."""
    store, key = counting.shared(), f"most-read:{name}"
    keep = settings.PAGE_CACHE_SECONDS > 0
    try:
        found = store.get(key) if keep else None
    except counting.Unavailable:
        found, keep = None, False
    if found is None:
        try:
            found = make()
        except counting.Unavailable:
            return []
        if keep:
            with contextlib.suppress(counting.Unavailable):
                store.set(key, found, MOST_READ_SECONDS)
    return found


def _shown(stories, ranking):
    """The first SHOWN of `stories()` in the order of `ranking`: one query, none for an empty
    ranking. A story no longer public is not among them, and so not shown."""
    if not ranking:
        return []
    reads = dict(ranking)
    place = {pk: n for n, (pk, _) in enumerate(ranking)}
    found = stories().filter(pk__in=list(reads)).for_cards()
    found = sorted(found, key=lambda story: place[story.pk])[:SHOWN]
    for story in found:
        story.reads = reads[story.pk]
    return found


def _top(counts, limit=RANKED):
    """[(story, readers)] of the most read in `counts`, ties going to the newer story."""
    return sorted(counts.items(), key=lambda item: (-item[1], -item[0]))[:limit]


def _hourly_ranking(now=None):
    now = now or timezone.now()
    return _top(counting.counted(counting.hours_between(now - dt.timedelta(hours=24), now)))


def _week_start(now=None):
    return timezone.localdate(now or timezone.now()) - dt.timedelta(days=WEEK_DAYS - 1)


def _daily_ranking(stories, now=None):
    rows = (
        DailyReads.objects.filter(day__gte=_week_start(now), article__in=stories.values("pk"))
        .values("article")
        .annotate(total=Sum("reads"))
        .order_by("-total", "-article")[:RANKED]
    )
    return [(row["article"], row["total"]) for row in rows]


# The rollup


def day_bounds(day):
    """The start of `day` (in the site's zone) and of the day after, as aware moments."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def reads_roll_up(*, now=None):
    """Write the daily figures of each day whose hours are all still kept and whose figures
    are not final yet: today's so far, and yesterday's for good once it is over. A day's
    figures are worked out whole from its hours and replace what was written before, so
    rolling up twice writes the same. Returns the days written; raises counting.Unavailable
    when Redis is set up and does not answer (nothing is written, the next pass tries
    again). Then forgets the hours and salts no longer needed."""
    now = now or timezone.now()
    kept_from = counting.hour_of(now) - dt.timedelta(hours=counting.KEEP_HOURS)
    day, days = timezone.localdate(now), []
    while day_bounds(day)[0] >= kept_from:
        days.append(day)
        day -= dt.timedelta(days=1)
    final = set(ReadDay.objects.filter(day__in=days, final=True).values_list("day", flat=True))
    written = [day for day in reversed(days) if day not in final and _roll_up_day(day, now)]
    counting.forget_old(now)
    return written


def _roll_up_day(day, now):
    """Write `day`'s figures, under a lock on its row, so two workers never interleave."""
    start, end = day_bounds(day)
    hours = counting.hours_between(start, min(now, end - dt.timedelta(microseconds=1)))
    with transaction.atomic():
        marker, _ = ReadDay.objects.select_for_update().get_or_create(day=day)
        if marker.final:
            return False
        counts = counting.counted(hours, by_source=True)
        stories = _existing({story for story, _, _ in counts})
        DailySource.objects.filter(day=day).delete()
        DailyReads.objects.filter(day=day).delete()
        totals = Counter()
        sources = []
        for (story, kind, source), readers in counts.items():
            if story in stories:  # a story deleted for good since is not written
                totals[story] += readers
                sources.append(
                    DailySource(article_id=story, day=day, kind=kind, source=source, reads=readers)
                )
        DailySource.objects.bulk_create(sources, batch_size=500)
        DailyReads.objects.bulk_create(
            [DailyReads(article_id=pk, day=day, reads=n) for pk, n in totals.items()],
            batch_size=500,
        )
        marker.rolled_up_at, marker.final = now, now >= end + FINAL_AFTER
        marker.save(update_fields=["rolled_up_at", "final"])
    return True


def _existing(ids, chunk=500):
    """Which of story numbers `ids` still exist, asked a chunk at a time."""
    ids, found = sorted(ids), set()
    for n in range(0, len(ids), chunk):
        found.update(
            Article.everything.filter(pk__in=ids[n : n + chunk]).values_list("pk", flat=True)
        )
    return found


# The editors' dashboard


@dataclass
class Figures:
    """What the dashboard shows for one window."""

    window: str
    since: dt.datetime
    readers: int = 0
    stories: list = field(default_factory=list)  # [Row], the most read first
    kinds: list = field(default_factory=list)  # [Share] of each kind of source, most first
    sources: list = field(default_factory=list)  # [Share] of each named source, most first
    rolled_up_at: dt.datetime | None = None  # for the week: when today's figures were written


@dataclass
class Share:
    label: str
    readers: int
    percent: int


@dataclass
class Row:
    story: Article
    readers: int
    top_source: Share | None


def figures(window, now=None):
    """The dashboard's figures for `window` (a key of WINDOWS). Raises counting.Unavailable
    for the hours' windows when Redis is set up and does not answer."""
    now = now or timezone.now()
    span = WINDOWS[window][1]
    if span is None:
        first = _week_start(now)
        rows = DailySource.objects.filter(day__gte=first).values("article", "kind", "source")
        counts = Counter()
        for row in rows.annotate(readers=Sum("reads")).order_by():
            counts[row["article"], row["kind"], row["source"]] += row["readers"]
        since = day_bounds(first)[0]
        today = ReadDay.objects.filter(day=timezone.localdate(now)).first()
        result = Figures(window, since, rolled_up_at=today.rolled_up_at if today else None)
    else:
        hours = counting.hours_between(now - span, now)
        counts = counting.counted(hours, by_source=True)
        result = Figures(window, hours[0])
    return _summed(result, counts)


def _summed(result, counts):
    labels = dict(SourceKind.choices)
    by_story, by_kind, by_source, story_sources = Counter(), Counter(), Counter(), {}
    for (story, kind, source), readers in counts.items():
        by_story[story] += readers
        by_kind[labels.get(kind, kind)] += readers
        name = source or labels.get(kind, kind)
        by_source[name] += readers
        story_sources.setdefault(story, Counter())[name] += readers
    result.readers = total = sum(by_story.values())
    top = _top(by_story, ON_THE_DASHBOARD)
    stories = Article.everything.only(
        "pk", "headline", "slug", "status", "published_at", "deleted_at"
    ).in_bulk([pk for pk, _ in top])
    result.stories = [
        Row(stories[pk], readers, _shares(story_sources[pk], readers)[0])
        for pk, readers in top
        if pk in stories
    ]
    result.kinds = _shares(by_kind, total)
    result.sources = _shares(by_source, total)
    return result


def _shares(counts, total):
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return [Share(label, n, round(100 * n / total) if total else 0) for label, n in ordered]
