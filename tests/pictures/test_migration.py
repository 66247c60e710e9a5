"""The data migrations that moved every stored image into the picture library (articles 0019,
artists 0007, both through pictures/migrating.py), run on a database filled as the site was
before them: each stored file becomes one record with its shape, focal point, renditions and
words; every story, revision, artist and release points at the record of its file; and every
page prints the same <picture> markup, caption and credit as before."""

import datetime as dt
import hashlib
import io
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.template import Context, Template
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as Pillow
from PIL import ImageDraw

from articles.models import Article
from articles.views import HERO_SIZES
from artists.models import Artist, Release
from pictures import renditions
from pictures.models import Image

BEFORE = [("articles", "0017_headline_proposals"), ("artists", "0005_membership_order")]

# The sizes the templates give each picture; they are the same in the templates from before
# the library (git history) and now, so the markup of both can be compared string for string.
CARD_SIZES = "(min-width: 1120px) 360px, (min-width: 560px) 50vw, 100vw"  # article_card.html
PROFILE_SIZES = "(min-width: 720px) 280px, calc(100vw - 2rem)"  # artist and release pages
FIRST = {"loading": "eager", "fetchpriority": "high"}  # their largest image, fetched first
AVATAR_SIZES = "96px"  # artist_list.html
COVER_CARD_SIZES = "64px"  # release_card.html

TAG = Template(
    "{% load pictures %}{% picture picture crop sizes=sizes alt=alt loading=loading "
    "fetchpriority=fetchpriority %}"
)

# key: (where the upload was stored, its size, its focal point). Several sizes, so that
# renditions stop at different widths (one file is narrower than the smallest).
FILES = {
    "tour": ("articles/2026/11/bts-tour.jpg", (1600, 900), (0.5, 0.5)),
    "jimin-story": ("articles/2026/11/jimin-muse.jpg", (800, 1000), (0.3, 0.2)),
    "fans": ("articles/2026/11/fan-meeting.jpg", (1000, 667), (0.5, 0.5)),
    "press": ("articles/2026/11/press-conference.jpg", (960, 540), (0.6, 0.4)),
    "lost": ("articles/2026/10/concert-2019.jpg", (900, 600), (0.5, 0.5)),
    "chart": ("articles/2026/11/chart.jpg", (480, 320), (0.5, 0.5)),
    "still": ("articles/2026/11/video-still.jpg", (300, 200), (0.5, 0.5)),
    "teaser": ("articles/2026/10/tour-teaser.jpg", (1280, 720), (0.5, 0.5)),
    "rm": ("artists/2026/rm.jpg", (640, 800), (0.5, 0.3)),
    "jimin": ("artists/2026/jimin.jpg", (600, 800), (0.5, 0.5)),
    "newjeans": ("artists/2026/newjeans.jpg", (1000, 667), (0.5, 0.5)),
    "right-place": ("releases/2026/right-place-wrong-person.jpg", (700, 700), (0.5, 0.5)),
    "muse": ("releases/2026/muse.jpg", (800, 800), (0.5, 0.5)),
    "how-sweet": ("releases/2026/how-sweet.jpg", (1000, 1000), (0.5, 0.5)),
}
LOST = "lost"  # stored, renditions made, then the original went missing from storage
ONLY_IN_A_REVISION = "teaser"  # the first hero of the tour story, replaced since
TEASER_WORDS = ("Teaser.", "BIGHIT MUSIC", "A poster")  # its caption, credit and alt text

ARTISTS = [
    # name, kind, photo, credit
    ("RM", "soloist", "rm", "BIGHIT MUSIC"),
    ("Jimin", "soloist", "jimin", "BIGHIT MUSIC"),
    ("NewJeans", "group", "newjeans", "ADOR"),
    ("Kiss of Life", "group", None, ""),
]
RELEASES = [
    # title, artist, cover, credit
    ("Right Place, Wrong Person", "RM", "right-place", "BIGHIT MUSIC"),
    ("MUSE", "Jimin", "muse", "BIGHIT MUSIC"),
    ("How Sweet", "NewJeans", "how-sweet", "ADOR"),  # also a story's hero
    ("Sticky", "Kiss of Life", None, ""),
]
STORIES = [
    # headline, hero, caption, credit, alt text, artists
    (
        "BTS announce a 2027 world tour",
        "tour",
        "The seven at the announcement in Seoul.",
        "BIGHIT MUSIC",
        "BTS on stage in front of a tour poster",
        ["RM", "Jimin"],
    ),
    (
        "Jimin’s MUSE goes platinum",
        "jimin-story",
        "Jimin at the MUSE showcase.",
        "BIGHIT MUSIC",
        "Jimin, seated, under a spotlight",
        ["Jimin"],
    ),
    # No alt text: the library gives the caption instead.
    ("Fan meeting sells out in a minute", "fans", "Fans queue at Olympic Park.", "Yonhap", "", []),
    # The same photo, each story with its own caption.
    (
        "Press conference: the agency speaks",
        "press",
        "At the agency's press conference.",
        "Yonhap / Kim Ji-ho",
        "Three executives at a long table",
        [],
    ),
    (
        "What the agency did not say",
        "press",
        "Questions went unanswered.",
        "Yonhap / Kim Ji-ho",
        "Three executives at a long table",
        [],
    ),
    ("Chart week: the top ten", None, "", "", "", []),
    (
        "From the archive: a 2019 stadium night",
        "lost",
        "Wembley, June 2019.",
        "Newsroom archive",
        "A stadium lit with purple light sticks",
        [],
    ),
    (
        "NewJeans return with How Sweet",
        "how-sweet",
        "The cover of How Sweet.",
        "ADOR",
        "Five members in a pastel room",
        ["NewJeans"],
    ),
    ("The week in sales", "chart", "", "Circle Chart", "A bar chart of weekly album sales", []),
    (
        "RM's Right Place, Wrong Person, reviewed",
        "still",
        "A still from the video.",
        "BIGHIT MUSIC",
        "RM in a long corridor",
        ["RM"],
    ),
    ("Kiss of Life announce their first tour", None, "", "", "", ["Kiss of Life"]),
    (
        "Jimin and RM on stage together",
        "tour",
        "The announcement, once more.",
        "BIGHIT MUSIC",
        "BTS on stage in front of a tour poster",
        ["RM", "Jimin"],
    ),
]


def jpeg(size, colour):
    """A JPEG of `size` with a block of colour, so that each file has its own pixels."""
    image = Pillow.new("RGB", size, (245, 240, 235))
    width, height = size
    ImageDraw.Draw(image).rectangle([width // 5, height // 4, width // 2, height // 2], colour)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def markup(picture, crop, sizes, alt="", loading="lazy", fetchpriority=None):
    """What `{% picture %}` printed of `picture` as a template asked for it."""
    context = {
        "picture": picture,
        "crop": crop,
        "sizes": sizes,
        "alt": alt,
        "loading": loading,
        "fetchpriority": fetchpriority,
    }
    return TAG.render(Context(context))


def pictures_in(html):
    return re.findall(r"<picture>.*?</picture>", html, re.S)


def stored_files(folder=""):
    """Every file in storage, renditions included."""
    folders, files = default_storage.listdir(folder)
    here = {f"{folder}{name}" for name in files}
    for name in folders:
        here |= stored_files(f"{folder}{name}/")
    return here


class Stored:
    """A stored file as `renditions.build` reads it, as the old rows' field files were."""

    def __init__(self, name):
        self.name, self.storage = name, default_storage


class OldSite:
    """The site as it was before the library, filled through the historical models: images
    really stored, renditions made as the old code made them (`renditions.build` on the
    stored file at the row's focal point, kept on the row), and, for every page, what it
    printed of each image."""

    def __init__(self, apps):
        self.apps = apps
        self.now = timezone.now().replace(microsecond=0)
        self.names = {}  # file key: the name it was stored under
        self.files = {}  # stored name: {"size", "focus", "renditions" (if a row kept them)}
        self.pages = {}  # (model, pk) or a list page's route name: [what it printed]
        self.rows = {}  # headline, name or title: the old row
        self.revisions = {}  # history_id: the name of the revision's hero file, "" for none

    def fill(self):
        for number, (key, (name, size, _)) in enumerate(FILES.items()):
            colour = (number * 17, 90, 200 - number * 9)
            self.names[key] = default_storage.save(name, ContentFile(jpeg(size, colour)))
        for artist in ARTISTS:
            self.add_artist(*artist)
        for release in RELEASES:
            self.add_release(*release)
        for number, story in enumerate(STORIES):
            self.add_story(number, *story)
        tour = self.rows[STORIES[0][0]]
        self.add_revision(tour, "+", 3, ONLY_IN_A_REVISION, *TEASER_WORDS)
        default_storage.delete(self.names[LOST])
        self.storage = stored_files()
        return self

    def image(self, prefix, key, kept=True):
        """The image field and its companions as the old code set them; `kept`: with its
        renditions, made once per stored file (rows sharing a file shared its renditions)."""
        name, size, focus = self.names[key], FILES[key][1], FILES[key][2]
        record = self.files.setdefault(name, {"size": size, "focus": list(focus)})
        if kept and "renditions" not in record:
            record["renditions"] = renditions.build(Stored(name), renditions.normal_focus(*focus))
        fields = {f"{prefix}_width": size[0], f"{prefix}_height": size[1]}
        fields |= {f"{prefix}_focus_x": focus[0], f"{prefix}_focus_y": focus[1]}
        return fields | ({f"{prefix}_renditions": record["renditions"]} if kept else {})

    def picture(self, row, prefix, field):
        """The image as the old pages printed it (the old `<prefix>_picture` properties)."""
        size = getattr(row, f"{prefix}_width"), getattr(row, f"{prefix}_height")
        return renditions.Picture(getattr(row, field), *size, getattr(row, f"{prefix}_renditions"))

    def add_artist(self, name, kind, photo, credit):
        fields = {"photo": self.names[photo], **self.image("photo", photo)} if photo else {}
        artist = self.apps.get_model("artists", "Artist").objects.create(
            name=name, slug=slugged(name), kind=kind, photo_credit=credit, **fields
        )
        self.rows[name] = artist
        self.pages[(Artist, artist.pk)] = []
        if photo:
            picture = self.picture(artist, "photo", "photo")
            self.pages[(Artist, artist.pk)] = [
                markup(picture, "original", PROFILE_SIZES, alt=name, **FIRST),
                f'<figcaption class="credit">Photo: {escape(credit)}</figcaption>',
            ]
            self.printed("artists:list", markup(picture, "square", AVATAR_SIZES))

    def add_release(self, title, artist, cover, credit):
        fields = {"cover": self.names[cover], **self.image("cover", cover)} if cover else {}
        release = self.apps.get_model("artists", "Release").objects.create(
            title=title,
            slug=slugged(title),
            release_at=self.now - dt.timedelta(days=10 + len(self.rows)),
            cover_credit=credit,
            **fields,
        )
        self.apps.get_model("artists", "ReleaseCredit").objects.create(
            release=release, artist=self.rows[artist], position=0
        )
        self.rows[title] = release
        self.pages[(Release, release.pk)] = []
        if cover:
            picture = self.picture(release, "cover", "cover")
            alt = f"Cover of {title}"  # what the release page gave as alt text
            self.pages[(Release, release.pk)] = [
                markup(picture, "original", PROFILE_SIZES, alt=alt, **FIRST),
                f'<figcaption class="credit">{escape(credit)}</figcaption>',
            ]
            self.printed("artists:releases", markup(picture, "square", COVER_CARD_SIZES))

    def add_story(self, number, headline, hero, caption, credit, alt, artists):
        fields = {"hero_image": self.names[hero], **self.image("hero", hero)} if hero else {}
        story = self.apps.get_model("articles", "Article")._default_manager.create(
            headline=headline,
            slug=slugged(headline),
            body="Words.",
            status="published",
            published_at=self.now - dt.timedelta(hours=number + 1),
            hero_caption=caption,
            hero_credit=credit,
            hero_alt=alt,
            **fields,
        )
        story.artists.set([self.rows[name] for name in artists])
        self.rows[headline] = story
        # Created, then edited: each save left a revision.
        self.add_revision(story, "+", 2, hero, caption, credit, alt)
        self.add_revision(story, "~", 1, hero, caption, credit, alt)
        self.pages[(Article, story.pk)] = []
        if hero:
            picture = self.picture(story, "hero", "hero_image")
            # A story without alt text gets its caption in the library (see 0019): the one
            # change to the markup, and one a screen reader's listener gains from.
            alt = alt or caption or headline
            by = f' <span class="credit">Photo: {escape(credit)}</span>' if credit else ""
            self.pages[(Article, story.pk)] = [
                markup(picture, "original", HERO_SIZES, alt, loading="eager", fetchpriority="high"),
                f"<figcaption>{escape(caption)}{by}</figcaption>",
            ]
            self.printed("articles:list", markup(picture, "wide", CARD_SIZES))

    def add_revision(self, story, kind, hours_before, hero, caption, credit, alt):
        fields = {}
        if hero:  # revisions never kept renditions (simple_history left them out)
            fields = {"hero_image": self.names[hero], **self.image("hero", hero, kept=False)}
        copied = ("id", "headline", "slug", "body", "status", "published_at", "version")
        revision = self.apps.get_model("articles", "HistoricalArticle").objects.create(
            **{name: getattr(story, name) for name in copied},
            created_at=story.created_at,
            updated_at=story.updated_at,
            history_date=story.published_at - dt.timedelta(hours=hours_before),
            history_type=kind,
            history_user=None,
            hero_caption=caption,
            hero_credit=credit,
            hero_alt=alt,
            **fields,
        )
        self.revisions[revision.history_id] = self.names[hero] if hero else ""

    def printed(self, page, html):
        self.pages.setdefault(page, []).append(html)


def slugged(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def migrate(targets=None):
    """Migrate to `targets` (the latest state by default); the executor, its graph reloaded."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    return executor


class ImagesIntoLibraryTests(TransactionTestCase):
    """The test fills the old site and migrates it once (a TransactionTestCase empties the
    database after every test, so one filled site serves one test: its checks are subtests);
    the schema is brought back to the latest migration after it, for the tests that follow."""

    def setUp(self):
        self.addCleanup(remove_files_since, stored_files())
        self.addCleanup(migrate)
        executor = migrate([*BEFORE, ("pictures", None)])  # before the library existed
        self.old = OldSite(executor.loader.project_state(BEFORE).apps).fill()
        migrate()

    def test_every_image_is_in_the_library_with_nothing_lost(self):
        """One filled database migrated once (migrating down and up is most of the time):
        each check below is a part of the answer."""
        with self.subTest(
            "each stored file is one record with its shape focal point and renditions"
        ):
            self.check_each_stored_file_is_one_record_with_its_shape_focal_point_and_renditions()
        with self.subTest("a file two rows described differently keeps both descriptions"):
            self.check_a_file_two_rows_described_differently_keeps_both_descriptions()
        with self.subTest(
            "every story and revision points at the record of its file with its words"
        ):
            self.check_every_story_and_revision_points_at_the_record_of_its_file_with_its_words()
        with self.subTest(
            "every artist and release points at the record of its file with its credit"
        ):
            self.check_every_artist_and_release_points_at_the_record_of_its_file_with_its_credit()
        with self.subTest("every page prints each picture caption and credit as before"):
            self.check_every_page_prints_each_picture_caption_and_credit_as_before()

    def check_each_stored_file_is_one_record_with_its_shape_focal_point_and_renditions(self):
        """Shared files once, the one only an earlier revision used too; nothing rebuilt,
        copied or removed in storage; the missing file recorded without a checksum. A file
        two rows described differently (a story's hero that is also a release's cover, with
        its own alt text) has a record for each, so neither description is lost."""
        self.assertEqual(Image.objects.count(), len(self.old.files) + 1)
        for name, before in self.old.files.items():
            with self.subTest(name):
                records = Image.objects.filter(file=name)
                self.assertEqual(len(records), 2 if name.endswith("how-sweet.jpg") else 1)
                for image in records:
                    self.assertEqual((image.width, image.height), before["size"])
                    self.assertEqual([image.focus_x, image.focus_y], before["focus"])
                    self.assertEqual(image.renditions, before.get("renditions", {}))
                    self.assertEqual(image.checksum, sha256(name))
                    self.assertEqual(bool(image.fingerprint), name != self.old.names[LOST])
        self.assertEqual(stored_files(), self.old.storage)

    def check_a_file_two_rows_described_differently_keeps_both_descriptions(self):
        cover = Release.objects.get(title="How Sweet").artwork
        hero = Article.objects.get(hero__file=cover.file.name).hero
        self.assertNotEqual(cover.pk, hero.pk)
        self.assertEqual(cover.alt_text, "Cover of How Sweet")
        self.assertNotEqual(hero.alt_text, cover.alt_text)

    def check_every_story_and_revision_points_at_the_record_of_its_file_with_its_words(self):
        for headline, hero, caption, credit, alt, _ in STORIES:
            with self.subTest(headline):
                story = Article.everything.select_related("hero").get(pk=self.old.rows[headline].pk)
                self.assertEqual(file_of(story.hero), self.old.names.get(hero, ""))
                if hero:
                    self.assertEqual(story.hero_shown_caption, caption)
                    self.assertEqual(story.hero_credit, credit)
                    self.assertEqual(story.hero_alt, alt or caption)
        for history_id, name in self.old.revisions.items():
            with self.subTest(revision=history_id, file=name):
                revision = Article.history.model.objects.get(history_id=history_id)
                self.assertEqual(file_of(revision.hero), name)
        teaser = Image.objects.get(file=self.old.names[ONLY_IN_A_REVISION])
        self.assertEqual((teaser.caption, teaser.credit, teaser.alt_text), TEASER_WORDS)

    def check_every_artist_and_release_points_at_the_record_of_its_file_with_its_credit(self):
        for name, _, photo, credit in ARTISTS:
            with self.subTest(name):
                artist = Artist.objects.select_related("picture").get(pk=self.old.rows[name].pk)
                self.assertEqual(file_of(artist.picture), self.old.names.get(photo, ""))
                self.assertEqual(artist.photo_credit, credit)
                if photo:
                    self.assertIn(artist, artist.picture.artists.all())
        for title, by, cover, credit in RELEASES:
            with self.subTest(title):
                release = Release.objects.select_related("artwork").get(pk=self.old.rows[title].pk)
                self.assertEqual(file_of(release.artwork), self.old.names.get(cover, ""))
                self.assertEqual(release.cover_credit, credit)
                if cover:
                    self.assertIn(
                        self.old.rows[by].pk, release.artwork.artists.values_list("pk", flat=True)
                    )

    def check_every_page_prints_each_picture_caption_and_credit_as_before(self):
        """Same srcset, sizes, dimensions and alt text: readers see no difference."""
        for page, printed in self.old.pages.items():
            url = address(page)
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                shown = pictures_in(response.text)
                for html in printed:
                    if html.startswith("<picture>"):
                        self.assertIn(html, shown)
                    else:
                        self.assertIn(html, response.text)
                if not printed:
                    self.assertNotIn("<figcaption", response.text)


def address(page):
    if isinstance(page, str):
        return reverse(page)
    model, pk = page
    return model._default_manager.get(pk=pk).get_absolute_url()


def file_of(image):
    return image.file.name if image else ""


def sha256(name):
    """The checksum of a stored file; "" once it is missing."""
    if not default_storage.exists(name):
        return ""
    with default_storage.open(name, "rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def remove_files_since(before):
    """Remove what a test stored, so the tests after it find storage as they left it."""
    for name in stored_files() - before:
        default_storage.delete(name)
