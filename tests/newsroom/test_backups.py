"""A backup is only as good as its restore: back up a database holding a small newsroom, restore
it into an empty database as the README says, serve the restored copy with gunicorn and compare
its public pages, byte for byte, with what the original database serves.

Runs on whichever database the suite runs on: on PostgreSQL the backup is `pg_dump` of the test
database restored with `pg_restore` into a database created for the test (and dropped after);
on SQLite the in-memory test database is copied with SQLite's backup API into a file.
"""

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from io import StringIO
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from articles.models import Article, Note
from artists.models import Release
from tests.factories import (
    byline_of,
    hours,
    image_file,
    make_article,
    make_artist,
    make_draft,
    make_group,
    make_membership,
    make_picture,
    make_release,
    make_user,
    now,
)
from tests.servers import Gunicorn, fetch

ROOT = Path(__file__).resolve().parents[2]
MEDIA_PATH = re.compile(r"/media/([^\s\"'<>,?]+)")


def story(headline, age, **fields):
    """A published story `age` hours old: every story has its own time, as in real life."""
    return make_article(headline, published_at=now() - hours(age), **fields)


def postgres_url(settings_dict, name):
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    login = f"{user}:{password}" if password else user
    return f"postgres://{login}@{settings_dict['HOST']}:{settings_dict['PORT']}/{name}"


class BackupAndRestoreTests(TransactionTestCase):
    maxDiff = None

    def setUp(self):
        self.work = Path(tempfile.mkdtemp(prefix="newsroom-restore-"))
        self.addCleanup(shutil.rmtree, self.work, ignore_errors=True)

    def fill(self):
        """Demo-like content: a group and a member, an album with its single, stories with
        tags, bylines, an image and a correction, and a draft. Returns the pages to compare."""
        writer = make_user("hana", staff=True)
        bts = make_group("BTS", slug="bts", fandom_name="ARMY")
        rm = make_artist("RM", slug="rm", hangul_name="알엠", birth_name="Kim Namjoon")
        make_membership(rm, bts, role="Leader, rapper")
        album = make_release(
            "Right Place, Wrong Person",
            artists=[rm],
            tracks=["Right People, Wrong Place", "Nuts", "LOST!"],
            slug="right-place-wrong-person",
            kind=Release.Kind.STUDIO_ALBUM,
        )
        single = make_release(
            "Come Back to Me",
            artists=[rm],
            slug="come-back-to-me",
            kind=Release.Kind.PRE_RELEASE,
            parent_album=album,
            release_at=album.release_at - hours(24 * 14),
        )
        lead = story(
            "RM's “Right Place, Wrong Person” is out",
            2,
            slug="rm-album-out",
            dek="Eleven tracks, led by “LOST!”.",
            body="**LOST!** leads the record.\n\n## The guests\n\n- Little Simz\n- Moses Sumney\n",
            artists=[rm],
            releases=[album],
            tags=["Album", "Comeback"],
            hero=make_picture(
                image_file("album.jpg", size=(960, 540)),
                alt_text="A blue title card",
                credit="Newsroom illustration",
            ),
        )
        video = story(
            "Three days in Paju: how the video was filmed",
            30,
            slug="come-back-to-me-video",
            dek="Shot north of Seoul.",
            body='"A short film in four minutes."\n— Hana Seo\n',
            artists=[rm, bts],
            releases=[single],
            tags=["Music video", "Comeback"],
        )
        story("BTS marks 11 years", 60, slug="bts-anniversary", artists=[bts])
        for article in (lead, video):
            article.set_bylines([byline_of(writer)])
        Note.objects.create(
            article=video,
            kind=Note.Kind.CORRECTION,
            text="The video was filmed over three days, not two.",
            at=now() - hours(1),
        )
        draft = make_draft("Review: RM at his most restless", slug="review-draft", artists=[rm])
        self.assertEqual(Article.everything.count(), 4)
        return {
            "home": reverse("home"),
            "story": lead.get_absolute_url(),
            "story with a correction": video.get_absolute_url(),
            "draft (404)": draft.get_absolute_url(),
            "artist": rm.get_absolute_url(),
            "group": bts.get_absolute_url(),
            "release": album.get_absolute_url(),
            "tag": reverse("articles:tag", args=["comeback"]),
            "story list": reverse("articles:list"),
            "rss feed": reverse("articles:feed"),
            "sitemap index": reverse("sitemap_index"),
            "stories sitemap": reverse(
                "django.contrib.sitemaps.views.sitemap", kwargs={"section": "stories"}
            ),
            "news sitemap": reverse("news_sitemap"),
        }

    def manage(self, env, *args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            self.fail(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def empty_database(self):
        """A new, empty database of the suite's kind, as DATABASE_URL; dropped afterwards."""
        if connection.vendor == "sqlite":
            return f"sqlite:///{self.work / 'restored.sqlite3'}"
        db = connection.settings_dict
        name = f"newsroom_restored_{uuid.uuid4().hex[:12]}"
        server = ["--host", db["HOST"], "--port", str(db["PORT"]), "--username", db["USER"]]
        env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
        subprocess.run(["createdb", *server, name], env=env, check=True)
        self.addCleanup(
            subprocess.run,
            ["dropdb", "--if-exists", "--force", *server, name],
            env=env,
            check=True,
        )
        return postgres_url(db, name)

    def test_a_restored_backup_serves_the_same_pages(self):
        pages = self.fill()
        static_root = self.work / "static"
        # Static addresses carry hashed names from the manifest collectstatic writes; the
        # server reads it through WhiteNoise's subclass, which only adds compressed copies
        # (slow to make, and no page shows them).
        hashed_static = {
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            },
        }
        with override_settings(STATIC_ROOT=static_root, STORAGES=hashed_static):
            call_command("collectstatic", interactive=False, verbosity=0)
            expected = {}
            for name, path in pages.items():
                response = self.client.get(path, headers={"host": "testserver"})
                expected[name] = (response.status_code, response.content)
        self.assertEqual(
            {name: status for name, (status, _) in expected.items()},
            {name: 404 if "404" in name else 200 for name in pages},
        )

        # The backup, and the restore into an empty database, as the README describes them.
        backup = self.work / (
            "newsroom.dump" if connection.vendor == "postgresql" else "backup.sqlite3"
        )
        call_command("backup", str(backup), stdout=StringIO())
        restored_media = self.work / "media"
        shutil.copytree(settings.MEDIA_ROOT, restored_media)
        env = {
            **os.environ,
            "DATABASE_URL": self.empty_database(),
            "MEDIA_ROOT": str(restored_media),
            "STATIC_ROOT": str(static_root),
            # A fresh, empty cache: nothing in it needs restoring.
            "CACHE_URL": "locmem://",
            "PAGE_CACHE_SECONDS": "0",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "LOG_LEVEL": "ERROR",
        }
        self.assertIn("Restored", self.manage(env, "restore", str(backup)))
        self.manage(env, "migrate", "--check")  # every migration came with the backup

        with Gunicorn(env, workers=1) as server:
            for name, path in pages.items():
                with self.subTest(page=name, path=path):
                    status, body = fetch(server.url + path, headers={"Host": "testserver"})
                    self.assertEqual(status, expected[name][0])
                    self.assertEqual(body.decode(), expected[name][1].decode())

        # Every uploaded file the pages point to came back with the media.
        media = {m for _, body in expected.values() for m in MEDIA_PATH.findall(body.decode())}
        self.assertTrue(media, "the pages show no uploaded image")
        for name in media:
            self.assertTrue((restored_media / name).is_file(), name)

        # Sequences came back too: the restored database takes new rows.
        self.assertIn("password", self.manage(env, "create_account", "jae", "--role", "writer"))

    def test_restore_never_writes_into_a_database_that_has_tables(self):
        make_artist("RM", slug="rm")
        backup = self.work / "backup"
        call_command("backup", str(backup), stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "restore only into an empty database"):
            call_command("restore", str(backup), stdout=StringIO())
        with self.assertRaisesMessage(CommandError, "already exists"):
            call_command("backup", str(backup), stdout=StringIO())

    def test_the_backup_file_is_readable_by_its_owner_alone(self):
        """It holds password hashes: mode 0600 even under a umask that lets everyone read."""
        make_artist("RM", slug="rm")
        backup = self.work / "private-backup"
        previous = os.umask(0)
        try:
            call_command("backup", str(backup), stdout=StringIO())
        finally:
            os.umask(previous)
        self.assertEqual(stat.S_IMODE(backup.stat().st_mode), 0o600)
        self.assertGreater(backup.stat().st_size, 0)
