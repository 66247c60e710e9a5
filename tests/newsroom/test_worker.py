"""The background worker sends every purge to the cache in front of the site (a local fake of
Varnish or a CDN here), and keeps what it could not send for later."""

import datetime as dt
import http.server
import io
import threading

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.services import article_unpublish
from newsroom import frontcache
from newsroom.models import FrontPurge
from newsroom.roles import EDITOR
from tests.factories import make_article, make_role_user
from tests.servers import free_port


class FakeFrontCache:
    """An HTTP server on 127.0.0.1 that records the purges it is sent and answers `status`."""

    def __init__(self):
        self.received = []
        self.status = 200
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):
                fake.received.append((self.command, self.path, self.headers))
                self.send_response(fake.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PURGE

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class WorkerTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.front = FakeFrontCache()
        cls.addClassCleanup(cls.front.close)

    def setUp(self):
        self.front.received.clear()
        self.front.status = 200
        self.story = make_article("Teaser out")
        self.editor = make_role_user(EDITOR, "editor")

    def work(self):
        out = io.StringIO()
        call_command("worker", "--once", stdout=out, stderr=out)
        return out.getvalue()

    def test_no_front_cache_no_rows(self):
        with self.captureOnCommitCallbacks(execute=True):
            article_unpublish(article=self.story, by=self.editor)
        self.assertFalse(FrontPurge.objects.exists())

    def test_a_takedown_is_sent_as_a_hard_purge_of_what_showed_the_story(self):
        soft = "xkey-soft: 1"
        with override_settings(FRONT_PURGE_URL=self.front.url, FRONT_PURGE_SOFT_HEADER=soft):
            with self.captureOnCommitCallbacks(execute=True):
                article_unpublish(article=self.story, by=self.editor)
            self.assertEqual(self.front.received, [])  # never during the editor's request
            self.assertIn("sent", self.work())
        self.assertEqual({method for method, _, _ in self.front.received}, {"PURGE"})
        hard = [headers for _, _, headers in self.front.received if not headers["xkey-soft"]]
        self.assertEqual(len(hard), 1)
        keys = hard[0]["xkey-purge"].split()
        self.assertIn(self.story.cache_tag, keys)
        self.assertIn("stories", keys)
        self.assertFalse(FrontPurge.objects.exists())

    def test_a_cdn_api_gets_its_own_method_headers_and_soft_purges(self):
        settings = {
            "FRONT_PURGE_URL": self.front.url + "service/abc/purge",
            "FRONT_PURGE_METHOD": "POST",
            "FRONT_PURGE_HEADER": "Surrogate-Key",
            "FRONT_PURGE_SOFT_HEADER": "Fastly-Soft-Purge: 1",
            "FRONT_PURGE_AUTH": "Fastly-Key: not-a-real-key",
        }
        with override_settings(**settings):
            with self.captureOnCommitCallbacks(execute=True):
                self.story.dek = "A correction."
                self.story.save()
            self.work()
        (method, path, headers), *_ = self.front.received
        self.assertEqual((method, path), ("POST", "/service/abc/purge"))
        self.assertIn(self.story.cache_tag, headers["Surrogate-Key"].split())
        self.assertEqual(headers["Fastly-Soft-Purge"], "1")
        self.assertEqual(headers["Fastly-Key"], "not-a-real-key")

    def test_a_failed_purge_is_kept_and_tried_again_later(self):
        self.front.status = 503
        with override_settings(FRONT_PURGE_URL=self.front.url):
            with self.captureOnCommitCallbacks(execute=True):
                article_unpublish(article=self.story, by=self.editor)
            self.assertIn("1 to try again", self.work())
            row = FrontPurge.objects.get(hard=True)  # a takedown: everything that showed it
            self.assertEqual(row.attempts, 1)
            self.assertIn("503", row.last_error)
            self.assertGreater(row.next_try_at, timezone.now())
            self.front.received.clear()
            self.work()  # not due yet
            self.assertEqual(self.front.received, [])
            self.front.status = 200
            self.assertEqual(frontcache.forward(row.next_try_at), (1, 0))
        self.assertFalse(FrontPurge.objects.exists())

    def test_an_unreachable_front_cache_is_given_up_on_quickly(self):
        with override_settings(FRONT_PURGE_URL=f"http://127.0.0.1:{free_port()}/"):
            with self.captureOnCommitCallbacks(execute=True):
                article_unpublish(article=self.story, by=self.editor)
            self.assertEqual(frontcache.forward(), (0, 1))
            row = FrontPurge.objects.get()
            self.assertTrue(row.last_error)
            a_day_later = row.created_at + dt.timedelta(days=1, minutes=1)
            with self.assertLogs("newsroom.frontcache", "ERROR"):
                frontcache.forward(a_day_later)
        self.assertFalse(FrontPurge.objects.exists())
