"""Fill the database with a large, linked, made-up corpus for measuring speed at scale.

Names are built from Korean syllables and English words, stories from phrase templates a desk
would recognise; nothing is real. Rows are written with bulk inserts; what `save()` would derive
(rendered body, search words, name keys) is derived here the same way, and the search vector
is built in one UPDATE on PostgreSQL.
"""

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles import search
from articles.markdown import render_markdown
from articles.models import Article, ArticleByline, Byline
from artists.models import Alias, Artist, Label, Membership, Release, ReleaseCredit, Track
from artists.names import artist_name_keys, name_key
from newsroom.cache import bump

BATCH = 2000
SYLLABLES = [
    ("Ji", "지"), ("Min", "민"), ("Seo", "서"), ("Yeon", "연"), ("Ha", "하"), ("Jun", "준"),
    ("Woo", "우"), ("Hyun", "현"), ("Su", "수"), ("Bin", "빈"), ("Eun", "은"), ("Chae", "채"),
    ("Yu", "유"), ("Na", "나"), ("Ra", "라"), ("Hee", "희"), ("Jae", "재"), ("Won", "원"),
    ("Sol", "솔"), ("Rin", "린"), ("Kyung", "경"), ("Do", "도"), ("Yoon", "윤"), ("Ho", "호"),
]  # fmt: skip
SURNAMES = [
    ("Kim", "김"),
    ("Lee", "이"),
    ("Park", "박"),
    ("Choi", "최"),
    ("Jung", "정"),
    ("Kang", "강"),
    ("Cho", "조"),
    ("Yoon", "윤"),
    ("Jang", "장"),
    ("Han", "한"),
]
WORDS = [
    "Stellar",
    "Nova",
    "Echo",
    "Bloom",
    "Prism",
    "Orbit",
    "Velvet",
    "Neon",
    "Lumen",
    "Aurora",
    "Pulse",
    "Tide",
    "Ember",
    "Halo",
    "Crystal",
    "Rogue",
    "Zenith",
    "Mirage",
    "Cosmic",
    "Signal",
    "Paper",
    "Garden",
    "Silver",
    "Riot",
    "Dream",
    "Moon",
    "Fever",
    "Lotus",
    "Summer",
    "Winter",
    "Youth",
    "Blue",
    "Scarlet",
    "Golden",
    "Wild",
    "Static",
]
STORY_KINDS = [
    ("{artist} confirm {release} for {date}", "The {kind} arrives at 1 PM KST."),
    ("{artist} drop the first teaser for {release}", "A short clip sets the comeback's mood."),
    ("Review: {release} finds {artist} in a new light", "Our critic on the {kind}."),
    ("{artist} top the charts with {release}", "The title track leads on release day."),
    ("Inside the {release} music video", "The director explains three days of filming."),
    ("{artist} announce a world tour", "Dates in Seoul, Tokyo and beyond."),
    ("{artist} celebrate their anniversary with fans", "A message for the fandom."),
]  # fmt: skip
PARAGRAPHS = [
    "{artist} shared the news on the group's official channels on {date}, with a short message "
    "for fans and a first look at the concept.",
    "According to the agency, the {kind} holds new songs and was recorded over the past year. "
    "The title track will come with a music video.",
    "Fans had waited since the previous comeback, and the announcement trended within minutes "
    "in Korea and abroad.",
    "The release follows a busy year of festival stages, variety appearances and solo work by "
    "several members.",
    "Pre-orders open this week; a showcase is planned for release day, streamed live.",
]  # fmt: skip
TAGS = [
    "Comeback",
    "Teaser",
    "Music video",
    "Review",
    "Charts",
    "Tour",
    "Interview",
    "Anniversary",
    "Debut",
    "Album",
    "Single",
    "Variety",
    "Fashion",
    "Awards",
    "Concert",
]


class Progress:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, label, total, stream):
        self.label, self.total, self.stream, self.done, self.drawn = label, total, stream, 0, 0

    def add(self, n):
        self.done += n
        if time.monotonic() - self.drawn > 0.1 or self.done >= self.total:
            self.drawn = time.monotonic()
            filled = int(30 * self.done / max(self.total, 1))
            bar = "#" * filled + "." * (30 - filled)
            self.stream.write(f"\r{self.label:<10} [{bar}] {self.done:,}/{self.total:,}")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Fill the database with a large made-up corpus (for benchmarks; not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=100_000)
        parser.add_argument("--artists", type=int, default=2_000)
        parser.add_argument("--releases", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, stories, artists, releases, seed, **options):
        for name, value in (("stories", stories), ("artists", artists), ("releases", releases)):
            if value < 1:
                raise CommandError(f"--{name} must be at least 1.")
        self.random = random.Random(seed)
        self.now = timezone.now()
        self.run = f"c{seed}-{int(self.now.timestamp())}"  # slugs unique across runs
        started = time.monotonic()
        with transaction.atomic():
            labels = self.labels()
            people = self.artists(artists, labels)
            albums = self.releases(releases, people, labels)
            self.stories(stories, people, albums)
            self.stderr.write("Building the search index…\n")
            Article.objects.filter(slug__startswith=self.run).refresh_search()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the planner's statistics, after a bulk load
        bump()
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {artists:,} artists, {releases:,} releases and {stories:,} stories "
                f"in {time.monotonic() - started:.0f} s."
            )
        )

    def labels(self):
        return Label.objects.bulk_create(
            Label(name=f"{word} Entertainment {self.run}", slug=f"{self.run}-{slugify(word)}")
            for word in WORDS
        )

    def korean_name(self):
        surname = self.random.choice(SURNAMES)
        given = self.random.sample(SYLLABLES, 2)
        latin = f"{surname[0]} {given[0][0]}{given[1][0].lower()}"
        return latin, surname[1] + given[0][1] + given[1][1]

    def artists(self, total, labels):
        groups_wanted = max(1, total // 5)
        progress = Progress("Artists", total, self.stderr)
        rows = []
        for n in range(total):
            is_group = n < groups_wanted
            if is_group:
                name = f"{self.random.choice(WORDS)} {self.random.choice(WORDS)}".upper()
                hangul, birth = "", ""
            else:
                birth, hangul = self.korean_name()
                name = birth.split()[1]
            row = Artist(
                name=name,
                slug=f"{self.run}-a{n}",
                kind=Artist.Kind.GROUP if is_group else Artist.Kind.SOLOIST,
                hangul_name=hangul,
                birth_name=birth,
                agency=self.random.choice(labels),
                debut_date=dt.date(self.random.randint(2008, 2024), self.random.randint(1, 12), 1),
            )
            row.name_keys = artist_name_keys(row.name, row.hangul_name, row.birth_name)
            rows.append(row)
        made = []
        for start in range(0, len(rows), BATCH):
            made += Artist.objects.bulk_create(rows[start : start + BATCH])
            progress.add(len(rows[start : start + BATCH]))
        groups, soloists = made[:groups_wanted], made[groups_wanted:]
        self.memberships(groups, soloists)
        Alias.objects.bulk_create(
            (
                Alias(artist=a, name=a.birth_name, key=name_key(a.birth_name), kind="birth")
                for a in soloists
            ),
            batch_size=BATCH,
        )
        return made

    def memberships(self, groups, soloists):
        links, pool = [], list(soloists)
        self.random.shuffle(pool)
        for group in groups:
            for member in pool[: self.random.randint(4, 9)]:
                links.append(Membership(group=group, member=member, started_on=group.debut_date))
            pool = pool[9:] or list(soloists)
        Membership.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)

    def release_time(self):
        # Mostly the past ten years, some announced for the next three months; 1 PM KST.
        days = self.random.randint(-3650, 90)
        day = (self.now + dt.timedelta(days=days)).date()
        return dt.datetime.combine(day, dt.time(4, 0), tzinfo=dt.UTC)

    def releases(self, total, people, labels):
        progress = Progress("Releases", total, self.stderr)
        kinds = [k for k, _ in Release.Kind.choices]
        made = []
        for start in range(0, total, BATCH):
            batch = []
            for n in range(start, min(total, start + BATCH)):
                title = " ".join(self.random.sample(WORDS, self.random.randint(1, 3)))
                batch.append(
                    Release(
                        title=title,
                        title_key=name_key(title),
                        slug=f"{self.run}-r{n}",
                        kind=self.random.choice(kinds),
                        release_at=self.release_time(),
                        label=self.random.choice(labels),
                        declared_track_count=self.random.randint(1, 12),
                    )
                )
            made += Release.objects.bulk_create(batch)
            progress.add(len(batch))
        credits, tracks = [], []
        for release in made:
            credits.append(ReleaseCredit(release=release, artist=self.random.choice(people)))
            if release.kind in ("album", "mini"):
                tracks += [
                    Track(release=release, number=i, title=self.random.choice(WORDS))
                    for i in range(1, 4)
                ]
        ReleaseCredit.objects.bulk_create(credits, batch_size=BATCH, ignore_conflicts=True)
        Track.objects.bulk_create(tracks, batch_size=BATCH)
        credited = {c.release_id: c.artist for c in credits}
        return [(release, credited[release.pk]) for release in made]

    def stories(self, total, people, albums):
        progress = Progress("Stories", total, self.stderr)
        writers = self.writers()
        tags = [Tag.objects.get_or_create(name=t, defaults={"slug": slugify(t)})[0] for t in TAGS]
        content_type = ContentType.objects.get_for_model(Article)
        for start in range(0, total, BATCH):
            batch, links = [], []
            for n in range(start, min(total, start + BATCH)):
                release, artist = self.random.choice(albums)
                batch.append(self.story(n, artist, release))
                links.append((artist, release))
            rows = Article.objects.bulk_create(batch)
            self.links(rows, links, writers, tags, content_type)
            progress.add(len(rows))

    def story(self, n, artist, release):
        headline, dek = self.random.choice(STORY_KINDS)
        published = self.random.random()
        # Coverage runs from a month before a release to a month after, at any minute; a story
        # about a release still to come went out some time in the last month.
        offset = dt.timedelta(seconds=self.random.randint(-30 * 86400, 30 * 86400))
        at = release.release_at + offset
        if at > self.now:
            at = self.now - dt.timedelta(seconds=self.random.randint(60, 30 * 86400))
        facts = {
            "artist": artist.name,
            "release": release.title,
            "kind": release.get_kind_display().lower(),
            "date": timezone.localtime(release.release_at).strftime("%-d %B"),
        }
        body = "\n\n".join(p.format(**facts) for p in self.random.sample(PARAGRAPHS, 3))
        row = Article(
            headline=headline.format(**facts),
            dek=dek.format(**facts),
            body=body,
            body_html=render_markdown(body),
            slug=f"{self.run}-s{n}",
            status=Article.Status.PUBLISHED if published < 0.95 else Article.Status.DRAFT,
            published_at=at if published < 0.95 else None,
            version=1,
        )
        row.search_text = search.search_text(row.headline, row.dek, row.body_html)
        return row

    def links(self, rows, links, writers, tags, content_type):
        Through = Article.artists.through
        Through.objects.bulk_create(
            Through(article_id=row.pk, artist_id=artist.pk)
            for row, (artist, _) in zip(rows, links, strict=True)
        )
        Article.releases.through.objects.bulk_create(
            Article.releases.through(article_id=row.pk, release_id=release.pk)
            for row, (_, release) in zip(rows, links, strict=True)
        )
        ArticleByline.objects.bulk_create(
            ArticleByline(article_id=row.pk, byline=self.random.choice(writers)) for row in rows
        )
        TaggedItem.objects.bulk_create(
            TaggedItem(tag=tag, content_type=content_type, object_id=row.pk)
            for row in rows
            for tag in self.random.sample(tags, 2)
        )

    def writers(self):
        """Twenty staff writers, each with the byline an account gets."""
        User = get_user_model()
        names = [self.korean_name()[0].split() for _ in range(20)]
        users = User.objects.bulk_create(
            User(
                username=f"{self.run}-w{i}",
                first_name=given,
                last_name=surname,
                password="!",  # no password: these writers cannot sign in
            )
            for i, (surname, given) in enumerate(names)
        )
        return Byline.objects.bulk_create(
            Byline(user=user, name=user.get_full_name(), slug=user.username, kind=Byline.Kind.STAFF)
            for user in users
        )
