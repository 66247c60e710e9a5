"""Load a small demo: RM of BTS and the "Right Place, Wrong Person" comeback, as it happened,
and TIDEGLASS, a rookie group made up for the demo, whose debut is always a few weeks away.

The real-world facts (names, dates, track counts) follow public reporting; every sentence is our
own. The made-up group is dated from the day the demo is loaded, so the comeback calendar,
"Coming up", the calendars and the news sitemap are never empty. Running it again updates the
same rows instead of adding new ones, and moves the made-up group's dates to the new day.
"""

import argparse
import contextlib
import datetime as dt
import hashlib
import secrets
from urllib.parse import quote
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from articles import counting, mostread
from articles.copydesk.duplicates import article_fingerprint
from articles.live import LiveState, entry_post
from articles.models import Article, Byline, Read
from articles.reads import SourceKind as CameFrom
from artists.models import (
    Alias,
    Artist,
    Label,
    Membership,
    Release,
    ReleaseCredit,
    ReleaseLink,
    Track,
)
from newsroom import demo_images
from newsroom.cache import bump
from newsroom.roles import EDITOR, assign_role
from pictures.models import Gallery, GalleryItem, Image, SourceKind
from pictures.references import reference

KST = ZoneInfo("Asia/Seoul")
# Each service's search for the release, so the demo's links lead somewhere real without our
# knowing its catalogue numbers there (an editor gives the release's own page).
SEARCHES = {
    "spotify": "https://open.spotify.com/search/{}",
    "apple-music": "https://music.apple.com/kr/search?term={}",
    "youtube-music": "https://music.youtube.com/search?q={}",
    "melon": "https://www.melon.com/search/total/index.htm?q={}",
    "yes24": "https://www.yes24.com/Product/Search?query={}",
    "aladin": "https://www.aladin.co.kr/search/wsearchresult.aspx?SearchWord={}",
}
STREAMING = ["spotify", "apple-music", "youtube-music", "melon"]
# Where the demo's readers come from, in proportion.
DEMO_SOURCES = [
    (CameFrom.SEARCH, "Naver"), (CameFrom.SEARCH, "Naver"), (CameFrom.SEARCH, "Google"),
    (CameFrom.SOCIAL, "X"), (CameFrom.SOCIAL, "X"), (CameFrom.SOCIAL, "Instagram"),
    (CameFrom.SITE, "weverse.io"), (CameFrom.INTERNAL, ""), (CameFrom.INTERNAL, ""),
    (CameFrom.DIRECT, ""),
]  # fmt: skip
PURPLE, NIGHT, DAWN, SEA = (107, 47, 214), (22, 22, 40), (235, 140, 96), (36, 92, 140)


def kst(*args):
    return dt.datetime(*args, tzinfo=KST)


def on(day, hour, minute=0):
    """`day` at hour:minute in KST."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=KST)


def iso_day(value):
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{value}” is not a date like 2025-03-14.") from None


BTS_MEMBERS = [
    # stage name, Hangul, birth name, birth name in Hangul, role
    ("RM", "알엠", "Kim Namjoon", "김남준", "Leader, rapper"),
    ("Jin", "진", "Kim Seokjin", "김석진", "Vocalist"),
    ("SUGA", "슈가", "Min Yoongi", "민윤기", "Rapper"),
    ("j-hope", "제이홉", "Jung Hoseok", "정호석", "Rapper"),
    ("Jimin", "지민", "Park Jimin", "박지민", "Vocalist"),
    ("V", "뷔", "Kim Taehyung", "김태형", "Vocalist"),
    ("Jung Kook", "정국", "Jeon Jungkook", "전정국", "Vocalist"),
]
BTS_DEBUT = dt.date(2013, 6, 13)

RPWP_TRACKS = [
    "Right People, Wrong Place",
    "Nuts",
    "out of love",
    "Domodachi (feat. Little Simz)",
    "?",
    "Groin",
    "Interlude : Wrong Person",
    "LOST!",
    "Around the world in a day (feat. Moses Sumney)",
    "Heaven",
    "Come back to me",
]

STORIES = [
    {
        "slug": "rm-come-back-to-me-release-date",
        "headline": "RM sets May 10 for “Come Back to Me”, his first song of the year",
        "dek": "The BTS leader opens his second solo album campaign with a single and a video "
        "directed by Lee Sung Jin.",
        "published_at": kst(2024, 5, 3, 9, 0),
        "status": Article.Status.PUBLISHED,
        "releases": ["come-back-to-me"],
        "artists": ["rm"],
        "tags": ["Comeback", "Music video"],
        "hero": ("Come Back to Me", PURPLE, NIGHT),
        "hero_alt": "A purple and black title card reading Come Back to Me.",
        "hero_caption": "“Come Back to Me” arrives on 10 May at 1 PM KST.",
        "body": """\
RM will release **“Come Back to Me”** on Friday 10 May at 1 PM KST, according to his
agency, BIGHIT MUSIC. The song is a pre-release single from his second solo studio album,
*Right Place, Wrong Person*, which follows on 24 May.

The music video is directed by **Lee Sung Jin**, the writer and director best known for the
series *Beef*.

## What we know so far

- The single comes out two weeks before the album.
- The album has eleven tracks.
- RM is serving in the military and recorded the album before he enlisted.
""",
    },
    {
        "slug": "inside-come-back-to-me-music-video",
        "headline": "Three days in Paju: how “Come Back to Me” was filmed",
        "dek": "Lee Sung Jin, the creator of “Beef”, shot RM's new video over three days "
        "north of Seoul.",
        "published_at": kst(2024, 5, 10, 15, 30),
        "status": Article.Status.PUBLISHED,
        "releases": ["come-back-to-me"],
        "artists": ["rm"],
        "tags": ["Music video", "Behind the scenes"],
        "hero": ("Three days in Paju", DAWN, PURPLE),
        "hero_alt": "An orange-to-purple title card reading Three days in Paju.",
        "hero_caption": "The video was shot in Paju, Gyeonggi Province.",
        "contributors": ["yuna-choi"],
        # Illustrations of ours, a gallery of the library inserted in the body ("[gallery]").
        "gallery": (
            "Paju in three frames",
            [
                (
                    "Day one: the field",
                    DAWN,
                    NIGHT,
                    "A field at dawn, drawn in orange.",
                    "The first day began before sunrise.",
                ),
                (
                    "Day two: the house",
                    SEA,
                    PURPLE,
                    "A blue house on a hill, drawn simply.",
                    "Most of the video's interiors were filmed on the second day.",
                ),
                (
                    "Day three: the road",
                    PURPLE,
                    DAWN,
                    "A road running into purple hills.",
                    "The last shots were of the road out of Paju.",
                ),
            ],
        ),  # fmt: skip
        "body": """\
The video for RM's **“Come Back to Me”** went live at 1 PM KST today. Director
**Lee Sung Jin** filmed it over three days in Paju, north of Seoul.

[gallery]

It is a quiet, patient piece of work that trusts the song: few cuts, long looks, and room for
the listener to fill in the story.

"A music video that plays like a short film, and asks to be watched twice."
— Hana Seo, Newsroom music editor

## Where it fits

The single is the first look at *Right Place, Wrong Person*, due on 24 May at 1 PM KST.
""",
    },
    {
        "slug": "rm-right-place-wrong-person-out-now",
        "headline": "RM's “Right Place, Wrong Person” is out: 11 tracks, led by “LOST!”",
        "dek": "The second solo studio album from the BTS leader arrived at 1 PM KST with a "
        "new video for its title track.",
        "published_at": kst(2024, 5, 24, 13, 5),
        "status": Article.Status.PUBLISHED,
        "releases": ["right-place-wrong-person"],
        "artists": ["rm"],
        "tags": ["Album", "Comeback"],
        "hero": ("Right Place, Wrong Person", SEA, NIGHT),
        "hero_alt": "A blue title card reading Right Place, Wrong Person.",
        "hero_caption": "The album follows the pre-release single “Come Back to Me”.",
        "body": """\
**Right Place, Wrong Person** is out now. RM's second solo studio album has eleven tracks,
with **“LOST!”** as its title track and the pre-release single “Come Back to Me” closing the
record.

Guests include **Little Simz** on “Domodachi” and **Moses Sumney** on “Around the world in a
day”.
""",
    },
    {
        "slug": "bts-11th-anniversary",
        "headline": "BTS marks 11 years since its debut",
        "dek": "ARMY celebrates the group's anniversary on 13 June, with the first member back "
        "from military service.",
        "published_at": kst(2024, 6, 13, 8, 0),
        "status": Article.Status.PUBLISHED,
        "releases": [],
        "artists": ["bts"],
        "tags": ["Anniversary"],
        "hero": ("BTS at 11", PURPLE, SEA),
        "hero_alt": "A purple and blue title card reading BTS at 11.",
        "hero_caption": "BTS debuted on 13 June 2013.",
        "contributors": ["han-river-beat"],
        "body": """\
BTS debuted on 13 June 2013 under Big Hit Entertainment, now BIGHIT MUSIC. Eleven years on,
the anniversary falls in the middle of the members' military service, with Jin the first to
complete his.

The group's agency marked the day on its official account:

https://x.com/bts_bighit/status/1801100000000000000

The members also left messages for fans on Weverse, where reading them takes an account:

https://weverse.io/bts/artist
""",
    },
    {
        "slug": "review-right-place-wrong-person",
        "headline": "Review: “Right Place, Wrong Person” is RM at his most restless",
        "dek": "An album that refuses to sit still, and is better for it.",
        "published_at": None,
        "status": Article.Status.DRAFT,
        "releases": ["right-place-wrong-person"],
        "artists": ["rm"],
        "tags": ["Review", "Album"],
        "hero": ("Review in progress", NIGHT, PURPLE),
        "hero_alt": "A dark title card reading Review in progress.",
        "hero_caption": "Draft: not for publication.",
        "body": """\
*Draft — still being edited.*

RM's second album moves from jazz-tinged rap to guitar pop within a few tracks.

"Restless in the best way."
— Hana Seo
""",
    },
]

# TIDEGLASS: a rookie group invented for the demo, under an invented agency,
# dated from the day the demo is loaded. Its debut is DEBUT_IN away at 6 PM KST, and its first
# comeback COMEBACK_AFTER after that.
ROOKIE_AGENCY = {"slug": "lantern-cove", "name": "Lantern Cove"}
ROOKIE_FICTION = "*TIDEGLASS is a fictional group made up for this demo site.*"
DEBUT_IN = dt.timedelta(days=16)
COMEBACK_AFTER = dt.timedelta(days=77)
TIDE, FOAM = (18, 112, 128), (196, 232, 226)
ROOKIE_MEMBERS = [
    # stage name, Hangul, birth name, birth name in Hangul, role
    ("Haon", "하온", "Seo Haon", "서하온", "Leader, vocalist"),
    ("Riu", "리우", "Kang Riu", "강리우", "Main vocalist"),
    ("Dajun", "다준", "Yoon Dajun", "윤다준", "Rapper"),
    ("Sol", "솔", "Baek Sol", "백솔", "Main dancer, vocalist"),
    ("Jaeon", "재온", "Nam Jaeon", "남재온", "Rapper, youngest member"),
]
ROOKIE_DEBUT_TRACKS = ["Low Tide Light", "Glass Harbour", "Lantern (Intro)"]


def rookie_stories(today, now, debut, comeback):
    """The made-up group's coverage, dated around `today`: the announcement six days ago, a
    teaser two days ago, concept photos yesterday, the tracklist today, a guide tomorrow."""
    day = f"{debut:%A} {debut.day} {debut:%B}"
    later = f"{comeback.day} {comeback:%B}"
    # Today's story as early as 9 AM KST, but never after the demo is loaded.
    this_morning = min(on(today, 9), max(on(today, 0), now - dt.timedelta(minutes=5)))
    common = {"status": Article.Status.PUBLISHED, "artists": ["tideglass"]}
    return [
        {
            **common,
            "slug": "tideglass-debut-announced",
            "headline": f"Lantern Cove's first boy group, TIDEGLASS, debuts on {day}",
            "dek": "Five members, one single album and a name taken from the sea glass of "
            "the southern coast.",
            "published_at": on(today - dt.timedelta(days=6), 10),
            "releases": ["tideglass-low-tide-light"],
            "tags": ["Debut", "Rookies"],
            "hero": ("TIDEGLASS debuts", TIDE, NIGHT),
            "hero_alt": "A teal and black title card reading TIDEGLASS debuts.",
            "hero_caption": f"The debut single album arrives on {day} at 6 PM KST.",
            "body": f"""\
**TIDEGLASS**, the first boy group from Lantern Cove, will debut on **{day}
at 6 PM KST** with the single album *Low Tide Light*.

The five members, Haon, Riu, Dajun, Sol and Jaeon, trained together for three years. Haon
leads the group; Jaeon, the youngest, is also its second rapper.

## What we know so far

- The single album has three tracks, led by “Low Tide Light”.
- A showcase for fans is planned for the evening of the release.
- Teasers start this week.

{ROOKIE_FICTION}
""",
        },
        {
            **common,
            "slug": "tideglass-first-teaser",
            "headline": "TIDEGLASS's first teaser is a night swim in slow motion",
            "dek": "Thirty seconds, no faces until the last frame, and eight notes of the "
            "title track.",
            "published_at": on(today - dt.timedelta(days=2), 18),
            "releases": ["tideglass-low-tide-light"],
            "tags": ["Debut", "Teaser"],
            "hero": ("The first teaser", NIGHT, TIDE),
            "hero_alt": "A black and teal title card reading The first teaser.",
            "hero_caption": "The teaser went up on the agency's channel at 6 PM KST.",
            "body": f"""\
The first teaser for **TIDEGLASS** went up at 6 PM KST: half a minute of dark water, lamp
light and five swimmers, who only turn to the camera at the very end.

It closes on a few notes of the title track, “Low Tide Light”, and the debut date, {day}.

{ROOKIE_FICTION}
""",
        },
        {
            **common,
            "slug": "tideglass-concept-photos",
            "headline": "TIDEGLASS concept photos: a harbour at dusk, in two versions",
            "dek": "The “Lantern” and “Harbour” sets show the five members before their debut.",
            "published_at": on(today - dt.timedelta(days=1), 12),
            "releases": ["tideglass-low-tide-light"],
            "tags": ["Debut", "Concept photos"],
            "hero": ("Harbour at dusk", DAWN, TIDE),
            "hero_alt": "An orange to teal title card reading Harbour at dusk.",
            "hero_caption": "Two sets of concept photos were released at noon KST.",
            "body": f"""\
Lantern Cove released two sets of concept photos for **TIDEGLASS** at noon KST. The
“Lantern” set is warm and close; the “Harbour” set pulls back to show the five members on
a pier as the light goes.

The photos come with the single album's cover, a square of frosted teal glass.

{ROOKIE_FICTION}
""",
        },
        {
            **common,
            "slug": "tideglass-tracklist",
            "headline": "TIDEGLASS reveals the three tracks of “Low Tide Light”",
            "dek": f"The debut single album opens with a short intro; a first mini album is "
            f"already set for {later}.",
            "published_at": this_morning,
            "releases": ["tideglass-low-tide-light", "tideglass-undertow"],
            "tags": ["Debut", "Tracklist"],
            "hero": ("Three tracks", TIDE, FOAM),
            "hero_alt": "A teal to pale green title card reading Three tracks.",
            "hero_caption": f"“Low Tide Light” is out on {day} at 6 PM KST.",
            "body": f"""\
*Low Tide Light*, the debut single album of **TIDEGLASS**, has three tracks: the title
track, “Glass Harbour”, and a short instrumental, “Lantern (Intro)”.

The agency also gave a date for the group's first comeback: the mini album *Undertow*, with
six tracks, arrives on **{later} at 6 PM KST**.

{ROOKIE_FICTION}
""",
        },
        {
            **common,
            "slug": "tideglass-member-guide",
            "headline": "Meet TIDEGLASS: a guide to the five members",
            "dek": "Who sings, who raps, and who named the group.",
            "published_at": on(today + dt.timedelta(days=1), 9),  # scheduled
            "releases": ["tideglass-low-tide-light"],
            "tags": ["Rookies", "Explainer"],
            "hero": ("Meet TIDEGLASS", FOAM, TIDE),
            "hero_alt": "A pale green to teal title card reading Meet TIDEGLASS.",
            "hero_caption": "The five members of TIDEGLASS, from the leader to the youngest.",
            "body": f"""\
Ahead of the debut on {day}, here is who is who in **TIDEGLASS**.

- **Haon** (하온) leads the group and sings.
- **Riu** (리우) is the main vocalist.
- **Dajun** (다준) raps, and came up with the group's name.
- **Sol** (솔) is the main dancer.
- **Jaeon** (재온), the youngest, raps.

{ROOKIE_FICTION}
""",
        },
    ]


# Contributors without an account, made up for the demo: a freelance photographer and a
# partner outlet. Their web addresses are placeholders.
CONTRIBUTORS = [
    {
        "slug": "yuna-choi",
        "name": "Yuna Choi",
        "kind": Byline.Kind.PHOTOGRAPHER,
        "bio": "A freelance photographer in Seoul who follows comebacks from the rehearsal "
        "room to the stage. She files pictures and set reports for the desk.",
        "links": "https://example.com/yuna-choi\nhttps://example.org/@yunachoi",
        "photo": ("YC", DAWN, SEA),
    },
    {
        "slug": "han-river-beat",
        "name": "Han River Beat",
        "kind": Byline.Kind.PARTNER,
        "bio": "An independent K-pop newsletter whose anniversary and chart pieces we run "
        "under a sharing agreement.",
        "links": "https://example.net/han-river-beat",
        "photo": ("HRB", SEA, NIGHT),
    },
]


# Release day of the album, covered live (ended): entries at these KST times, the key moments
# and the pinned one marked.
LIVE_STORY = {
    "slug": "right-place-wrong-person-release-day-live",
    "headline": "“Right Place, Wrong Person” release day, as it happened",
    "dek": "The countdown, the album and the “LOST!” video, minute by minute.",
    "published_at": kst(2024, 5, 24, 12, 0),
    "status": Article.Status.PUBLISHED,
    "releases": ["right-place-wrong-person"],
    "artists": ["rm"],
    "tags": ["Comeback"],
    "hero": ("Release day", NIGHT, PURPLE),
    "hero_alt": "A dark title card reading Release day.",
    "hero_caption": "Live coverage of the album's release day.",
    "body": "We followed the release of RM's second solo album as it happened. The newest "
    "entries are at the top.",
}
LIVE_ENTRIES = [  # (KST hour, minute, Markdown, key moment, pinned)
    (12, 5, "Good afternoon from the desk. The album is due at **1 PM KST**; we will post "
     "as it lands.", False, False),
    (12, 40, "Twenty minutes to go. Fans are counting down together on the streaming "
     "services' pre-save pages.", False, False),
    (13, 0, "**It's out.** *Right Place, Wrong Person* is on streaming services now: "
     "eleven tracks.", True, False),
    (13, 2, "The music video for the title track, “LOST!”, is up on the label's channel.",
     True, False),
    (13, 30, "First impressions from the desk: a restless, genre-hopping record that "
     "rewards a second listen.", False, False),
    (15, 0, "That is all from us for today. Our review of the album follows this week; "
     "thank you for reading along.", False, True),
]  # fmt: skip


class Command(BaseCommand):
    help = (
        "Load the demo dataset (RM and BTS, one comeback, a made-up rookie group debuting "
        "soon, a few stories). Safe to run twice: again on a later day, it moves the rookie "
        "group's dates to that day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=iso_day,
            help="The day the made-up group's dates count from (YYYY-MM-DD; default: today "
            "in KST). Its stories only show once their time has come.",
        )

    def handle(self, *args, **options):
        now = timezone.now()
        today = options.get("today") or now.astimezone(KST).date()
        with transaction.atomic():
            editor, password = self.editor()
            contributors = self.load(editor)
            self.rookies(editor, contributors, today=today, now=now)
        self.reads()
        bump()  # the demo also writes with update(), which no signal reports
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Editor login: {reverse('admin:index')}")
        self.stdout.write(f"  username: {editor.username}")
        self.stdout.write(f"  password: {password}")

    def editor(self):
        user, _ = get_user_model().objects.update_or_create(
            username="editor",
            # An address, so the demo's notifications (printed by the worker) reach someone.
            defaults={
                "first_name": "Hana",
                "last_name": "Seo",
                "email": "editor@example.com",
                "is_staff": True,
            },
        )
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
        assign_role(user, EDITOR)
        return user, password

    def load(self, editor):
        label, _ = Label.objects.update_or_create(
            slug="bighit-music", defaults={"name": "BIGHIT MUSIC"}
        )
        self.bts(label)
        rm = Artist.objects.get(slug="rm")
        self.releases(label, rm)
        contributors = {row["slug"]: self.contributor(row) for row in CONTRIBUTORS}
        for story in STORIES:
            self.story(story, editor, contributors)
        self.live(self.story(LIVE_STORY, editor, contributors), editor)
        return contributors

    def rookies(self, editor, contributors, *, today, now):
        """The made-up group, its debut and comeback and its stories, dated from `today`."""
        agency, _ = Label.objects.update_or_create(
            slug=ROOKIE_AGENCY["slug"], defaults={"name": ROOKIE_AGENCY["name"]}
        )
        debut_at = on(today + DEBUT_IN, 18)
        comeback_at = debut_at + COMEBACK_AFTER
        group = self.rookie_group(agency, debut_at.date())
        debut = self.release(
            "tideglass-low-tide-light",
            group,
            title="Low Tide Light",
            kind=Release.Kind.SINGLE_ALBUM,
            release_at=debut_at,
            label=agency,
            declared_track_count=len(ROOKIE_DEBUT_TRACKS),
            description="The debut single album of TIDEGLASS, the demo's fictional group.",
            colours=(TIDE, FOAM),
        )
        for number, title in enumerate(ROOKIE_DEBUT_TRACKS, start=1):
            Track.objects.update_or_create(
                release=debut,
                number=number,
                defaults={"title": title, "is_title_track": number == 1},
            )
        self.release(
            "tideglass-undertow",
            group,
            title="Undertow",
            kind=Release.Kind.MINI_ALBUM,
            release_at=comeback_at,
            label=agency,
            declared_track_count=6,  # announced; the tracklist comes later
            description="The first mini album of TIDEGLASS, the demo's fictional group.",
            colours=(NIGHT, TIDE),
        )
        for story in rookie_stories(today, now, debut_at, comeback_at):
            self.story(story, editor, contributors)

    def rookie_group(self, agency, debut_day):
        group = self.artist(
            "tideglass",
            name="TIDEGLASS",
            kind=Artist.Kind.GROUP,
            hangul_name="타이드글래스",
            agency=agency,
            debut_date=debut_day,
            fandom_name="Beacon",
            bio="The demo's fictional group: TIDEGLASS and its agency were made up to show the "
            "comeback calendar and countdowns. Five members, debuting with the single album "
            "“Low Tide Light”.",
            photo=("TG", TIDE, NIGHT),
        )
        self.aliases(group, [("Tide Glass", "en"), ("타글", "ko")])
        for position, (name, hangul, birth_name, birth_hangul, role) in enumerate(
            ROOKIE_MEMBERS, start=1
        ):
            member = self.artist(
                f"tideglass-{name.lower()}",
                name=name,
                kind=Artist.Kind.SOLOIST,
                hangul_name=hangul,
                birth_name=birth_name,
                agency=agency,
                debut_date=debut_day,
                bio=f"A member of TIDEGLASS, the demo's fictional group ({role.lower()}).",
                photo=(name[:2].upper(), FOAM, TIDE),
            )
            self.aliases(member, [(birth_hangul, "ko")], kind=Alias.Kind.BIRTH)
            Membership.objects.update_or_create(
                member=member, group=group, defaults={"role": role, "position": position}
            )
        return group

    def live(self, story, editor):
        """The release day's live coverage, ended: its entries made afresh on each run."""
        story.live_entries.all().delete()
        for hour, minute, body, key, pinned in LIVE_ENTRIES:
            entry_post(
                article=story, body=body, by=editor, now=kst(2024, 5, 24, hour, minute),
                key_moment=key, pinned=pinned,
            )  # fmt: skip
        Article.everything.filter(pk=story.pk).update(
            live=LiveState.ENDED,
            coverage_start=kst(2024, 5, 24, 12, 0),
            coverage_end=kst(2024, 5, 24, 15, 0),
        )

    def bts(self, label):
        bts = self.artist(
            "bts",
            name="BTS",
            kind=Artist.Kind.GROUP,
            hangul_name="방탄소년단",
            agency=label,
            debut_date=BTS_DEBUT,
            fandom_name="ARMY",
            bio="Seven-member group formed by Big Hit Entertainment. Debuted in June 2013 with "
            "“No More Dream”.",
            photo=("BTS", PURPLE, NIGHT),
        )
        self.aliases(bts, [("Bangtan Sonyeondan", "ko-Latn"), ("Bangtan Boys", "en")])
        self.aliases(bts, [("防弾少年団", "ja")])
        # In the order the group lists its members, the leader first.
        for position, (name, hangul, birth_name, birth_hangul, role) in enumerate(
            BTS_MEMBERS, start=1
        ):
            member = self.artist(
                name.lower().replace(" ", "-"),
                name=name,
                kind=Artist.Kind.SOLOIST,
                hangul_name=hangul,
                birth_name=birth_name,
                agency=label,
                debut_date=BTS_DEBUT,
                photo=(name[:2].upper(), SEA, PURPLE),
            )
            self.aliases(member, [(birth_hangul, "ko")], kind=Alias.Kind.BIRTH)
            Membership.objects.update_or_create(
                member=member,
                group=bts,
                defaults={"role": role, "started_on": BTS_DEBUT, "position": position},
            )
        rm = Artist.objects.get(slug="rm")
        rm.fandom_name = "ARMY"
        rm.bio = "Leader of BTS. Solo albums: Indigo (2022) and Right Place, Wrong Person (2024)."
        rm.save()
        self.aliases(rm, [("Kim Nam-joon", "ko-Latn")], kind=Alias.Kind.BIRTH)
        self.aliases(rm, [("Rap Monster", "en")], kind=Alias.Kind.FORMER)
        return bts

    def artist(self, slug, photo, **fields):
        artist, _ = Artist.objects.update_or_create(slug=slug, defaults=fields)
        if not artist.picture:
            text, top, bottom = photo
            name = f"{slug}.jpg"
            artist.picture = self.picture(
                demo_images.portrait(name, text, top, bottom),
                title=artist.name,
                alt_text=artist.name,
            )
            artist.save()
            artist.picture.artists.add(artist)
        return artist

    def picture(self, content, **details):
        """A library record for a demo illustration (made once: the title is its key)."""
        image = Image.objects.filter(title=details["title"]).first()
        if image is None:
            image = Image(
                credit="Newsroom illustration", source_kind=SourceKind.ILLUSTRATION, **details
            )
            image.file.save(content.name, content, save=False)
            image.save()
        return image

    def gallery(self, title, stills):
        """A gallery of demo illustrations (made once: the title is its key)."""
        gallery, created = Gallery.objects.get_or_create(title=title)
        if created:
            for position, (name, top, bottom, alt, caption) in enumerate(stills):
                file = demo_images.poster(f"{slugify(name)}.jpg", name, top, bottom)
                image = self.picture(file, title=name, alt_text=alt, caption=caption)
                GalleryItem.objects.create(gallery=gallery, image=image, position=position)
        return gallery

    def aliases(self, artist, names, kind=Alias.Kind.NAME):
        for name, language in names:
            Alias.objects.update_or_create(
                artist=artist, name=name, defaults={"language": language, "kind": kind}
            )

    def releases(self, label, rm):
        album = self.release(
            "right-place-wrong-person",
            rm,
            title="Right Place, Wrong Person",
            kind=Release.Kind.STUDIO_ALBUM,
            release_at=kst(2024, 5, 24, 13, 0),
            label=label,
            declared_track_count=11,
            description="RM's second solo studio album, recorded before his military service.",
            colours=(SEA, NIGHT),
        )
        for number, title in enumerate(RPWP_TRACKS, start=1):
            Track.objects.update_or_create(
                release=album,
                number=number,
                defaults={"title": title, "is_title_track": title == "LOST!"},
            )
        single = self.release(
            "come-back-to-me",
            rm,
            title="Come Back to Me",
            kind=Release.Kind.PRE_RELEASE,
            release_at=kst(2024, 5, 10, 13, 0),
            label=label,
            parent_album=album,
            declared_track_count=1,
            description="Pre-release single from Right Place, Wrong Person. Music video "
            "directed by Lee Sung Jin.",
            colours=(PURPLE, NIGHT),
        )
        self.links(album, [*STREAMING, "yes24", "aladin"])  # the CD is in the shops
        self.links(single, STREAMING)  # a digital single: nothing to buy
        return album, single

    def links(self, release, platforms):
        words = quote(f"{release.credit} {release.title}", safe="")  # %20: path or query
        for position, platform in enumerate(platforms):
            ReleaseLink.objects.update_or_create(
                release=release,
                platform=platform,
                defaults={"url": SEARCHES[platform].format(words), "position": position},
            )

    def release(self, slug, artist, colours, **fields):
        release, _ = Release.objects.update_or_create(slug=slug, defaults=fields)
        ReleaseCredit.objects.update_or_create(release=release, artist=artist)
        if not release.artwork:
            name = f"{slug}.jpg"
            release.artwork = self.picture(
                demo_images.cover(name, fields["title"], *colours),
                title=f"{fields['title']} cover",
                alt_text=f"Cover of {fields['title']}",
            )
            release.save()
            release.artwork.artists.add(artist)
        return release

    def contributor(self, data):
        data = dict(data)
        initials, top, bottom = data.pop("photo")
        byline, _ = Byline.objects.update_or_create(slug=data.pop("slug"), defaults=data)
        if not byline.photo:
            name = f"{byline.slug}.jpg"
            byline.photo.save(name, demo_images.portrait(name, initials, top, bottom))
        return byline

    def story(self, data, editor, contributors):
        data = dict(data)
        releases, artists, tags = data.pop("releases"), data.pop("artists"), data.pop("tags")
        others = [contributors[slug] for slug in data.pop("contributors", [])]
        title, top, bottom = data.pop("hero")
        hero = {"alt_text": data.pop("hero_alt"), "caption": data.pop("hero_caption")}
        if "gallery" in data:
            gallery = self.gallery(*data.pop("gallery"))
            data["body"] = data["body"].replace("[gallery]", reference("gallery", gallery.pk))
        # `everything`: a demo story an editor moved to the trash stays there, and is not
        # created a second time under the same slug.
        article, _ = Article.everything.update_or_create(
            slug=data.pop("slug"),
            defaults={**data, "created_by": editor},
        )
        if not article.hero:
            name = f"{article.slug}.jpg"
            poster = demo_images.poster(name, title, top, bottom)
            article.hero = self.picture(poster, title=title, **hero)
            article.save(update_fields=["hero"])
        article.releases.set(Release.objects.filter(slug__in=releases))
        article.artists.set(Artist.objects.filter(slug__in=artists))
        article.set_bylines([Byline.objects.sync(editor), *others])
        article.tags.set(tags)
        article.record_links()
        article_fingerprint(article=article)
        # Reloading the demo is not an editorial update: keep "last updated" at publication.
        if article.published_at:
            Article.everything.filter(pk=article.pk).update(updated_at=article.published_at)
        return article

    def reads(self):
        """Readers for the most-read lists and the dashboard: each demo story read over the
        last 30 hours, the newer stories and the recent hours most. Each reader is named as
        the counting names them (a hash), once per story and hour: loading again adds none."""
        now = timezone.now()
        stories = list(Article.objects.published().order_by("published_at", "pk"))
        rows = []
        for rank, story in enumerate(stories, start=2):
            for hours_ago in range(30):
                hour = counting.hour_of(now - dt.timedelta(hours=hours_ago))
                for n in range(rank * 3 // (1 + hours_ago // 6)):
                    kind, source = DEMO_SOURCES[(n + rank) % len(DEMO_SOURCES)]
                    name = f"demo:{story.pk}:{hour:%Y%m%d%H}:{n}".encode()
                    reader = hashlib.blake2b(name, digest_size=8).hexdigest()
                    rows.append(
                        Read(article=story, hour=hour, reader=reader, kind=kind, source=source)
                    )
        Read.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        with contextlib.suppress(counting.Unavailable):  # Redis down: the worker rolls up
            mostread.reads_roll_up(now=now)
