"""Several app servers: two gunicorn processes share one PostgreSQL, one Redis and one S3 bucket
(a local moto server). A story published through one is served by the other on the next
request, and an uploaded image is visible from both.

Runs when DATABASE_URL names PostgreSQL and CACHE_URL/REDIS_URL names Redis (CI's second
pass); on SQLite with the local-memory cache there is nothing shared to test.
"""

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import boto3
from django.conf import global_settings, settings
from django.db import connection
from django.test import TransactionTestCase, override_settings

from articles.models import Article
from tests.factories import image_file, make_artist, make_draft, make_picture, make_user
from tests.servers import Gunicorn, fetch, free_port, production_env, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SHARED = (
    connection.vendor == "postgresql" and "redis" in settings.CACHES["default"]["BACKEND"].lower()
)


@unittest.skipUnless(SHARED, "needs PostgreSQL and Redis (set DATABASE_URL and CACHE_URL)")
class TwoAppServersTests(TransactionTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work = Path(tempfile.mkdtemp(prefix="newsroom-servers-"))
        cls.processes = []
        s3_port = free_port()
        cls.s3 = cls.start([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)])
        cls.s3_url = f"http://127.0.0.1:{s3_port}"
        wait_until_up(cls.s3_url, cls.s3)
        cls.s3_env = {
            "S3_BUCKET": "newsroom-media",
            "S3_ENDPOINT_URL": cls.s3_url,
            "S3_REGION": "us-east-1",
            "S3_DEFAULT_ACL": "public-read",
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
        }
        os.environ.update({k: v for k, v in cls.s3_env.items() if k.startswith("AWS_")})
        boto3.client("s3", endpoint_url=cls.s3_url, region_name="us-east-1").create_bucket(
            Bucket="newsroom-media"
        )
        db = connection.settings_dict
        env = production_env(
            cls.work,
            **cls.s3_env,
            DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            CACHE_URL=os.environ.get("CACHE_URL") or os.environ["REDIS_URL"],
        )
        cls.servers = [cls.enterClassContext(Gunicorn(env, workers=1)).url for _ in range(2)]

    @classmethod
    def start(cls, command, env=None):
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        cls.processes.append(process)
        return process

    @classmethod
    def tearDownClass(cls):
        for process in cls.processes:
            process.terminate()
            process.wait(timeout=20)
        shutil.rmtree(cls.work, ignore_errors=True)
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            os.environ.pop(key, None)
        super().tearDownClass()

    def s3_storage(self):
        options = {
            "bucket_name": "newsroom-media",
            "endpoint_url": self.s3_url,
            "region_name": "us-east-1",
            "querystring_auth": False,
            "file_overwrite": False,
            "default_acl": "public-read",
        }
        return {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        }

    def sign_in(self, server, username, password):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        _, page = fetch(f"{server}/admin/login/", opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode()).group(1)
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        fetch(f"{server}/admin/login/", opener, urllib.parse.urlencode(form).encode())
        return opener

    def publish_through(self, server, opener, article):
        changelist = f"{server}/admin/articles/article/"
        _, page = fetch(changelist, opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode()).group(1)
        form = {
            "action": "publish_now",
            "_selected_action": article.pk,
            "confirm": "1",
            "csrfmiddlewaretoken": token,
        }
        request = urllib.request.Request(
            changelist, urllib.parse.urlencode(form).encode(), headers={"Referer": changelist}
        )
        return fetch(request, opener)

    def test_published_on_one_server_served_by_the_other_with_its_image(self):
        editor = make_user("editor", superuser=True)
        # The servers know only the real hashers; tests elsewhere use a fast one.
        with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
            editor.set_password("a-long-test-password")
            editor.save()
        with override_settings(STORAGES=self.s3_storage()):
            draft = make_draft(
                "Comeback confirmed for Friday",
                dek="The single arrives at 1 PM KST.",
                artists=[make_artist("RM")],
                hero=make_picture(
                    image_file("stage.jpg", size=(1280, 720)),
                    alt_text="RM on stage",
                    credit="BIGHIT MUSIC",
                ),
            )
        first, second = self.servers
        path = draft.get_absolute_url()

        self.assertEqual(fetch(second + path)[0], 404)  # and now that 404 is in the cache
        self.assertEqual(fetch(second + path)[0], 404)

        opener = self.sign_in(first, "editor", "a-long-test-password")
        status, _ = self.publish_through(first, opener, draft)
        self.assertEqual(status, 200)
        self.assertTrue(Article.objects.get(pk=draft.pk).is_published())

        for server in (second, first):
            status, body = fetch(server + path)
            page = body.decode()
            self.assertEqual(status, 200, server)
            self.assertIn("Comeback confirmed for Friday", page)
            images = re.findall(r'<img[^>]* src="([^"]+)"', page)
            self.assertTrue(images and images[0].startswith(self.s3_url), images)
            self.assertEqual(fetch(images[0])[0], 200)
