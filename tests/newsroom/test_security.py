"""Security headers on every kind of response, the login throttle and where a sign-in lands,
and the requests turned away before any view: NUL characters, OPTIONS and TRACE."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.views import LoginView
from django.db.models import F
from django.shortcuts import resolve_url
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from newsroom.roles import WRITER
from tests.factories import make_article, make_draft, make_role_user, sign_in
from tests.newsroom.test_settings import PRODUCTION

EMBED_HOSTS = {"https://www.youtube-nocookie.com", "https://player.vimeo.com"}


def policy(response):
    """The Content-Security-Policy as {directive: [values]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Teaser out")
        cls.writer = make_role_user(WRITER, "writer")

    def responses(self):
        """One of each kind: a public page, a cached one, a 404, a feed, the admin."""
        yield "story", self.client.get(self.story.get_absolute_url())
        with override_settings(PAGE_CACHE_SECONDS=300):
            self.client.get(reverse("home"))
            yield "cached home", self.client.get(reverse("home"))
        yield "404", self.client.get("/news/no-such-story/")
        yield "feed", self.client.get(reverse("articles:feed"))
        yield "admin login", self.client.get(reverse("admin:login"))
        self.client.force_login(self.writer)
        yield "admin", self.client.get(reverse("admin:articles_article_changelist"))

    def test_every_response_forbids_inline_script_and_foreign_frames(self):
        for name, response in self.responses():
            with self.subTest(name):
                csp = policy(response)
                self.assertEqual(csp["script-src"], ["'self'"])
                self.assertEqual(csp["default-src"], ["'self'"])
                self.assertEqual(csp["object-src"], ["'none'"])
                self.assertEqual(csp["frame-ancestors"], ["'none'"])
                self.assertEqual(csp["base-uri"], ["'self'"])
                self.assertEqual(set(csp["frame-src"]), EMBED_HOSTS)
                self.assertNotIn("unsafe", " ".join(csp["script-src"] + csp["default-src"]))
                if name.startswith("admin"):  # the admin's widgets set inline styles
                    self.assertEqual(csp["style-src"], ["'self'", "'unsafe-inline'"])
                else:
                    self.assertNotIn("unsafe", response["Content-Security-Policy"])

    def test_every_response_carries_the_other_security_headers(self):
        for name, response in self.responses():
            with self.subTest(name):
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")

    def test_previews_tell_browsers_to_send_no_referrer(self):
        draft = make_draft("Embargoed")
        self.client.force_login(make_role_user("Editor", "editor"))
        response = self.client.get(draft.get_absolute_url())
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.assertIn("noindex", response["X-Robots-Tag"])

    def test_pages_hold_no_inline_script(self):
        """Every <script> loads a file or is a JSON-LD data block, which browsers never run."""
        from html.parser import HTMLParser

        class Scripts(HTMLParser):
            def __init__(self):
                super().__init__()
                self.inline, self.handlers = [], []

            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                self.handlers += [name for name in attrs if name.startswith("on")]
                data_block = attrs.get("type") == "application/ld+json"
                if tag == "script" and "src" not in attrs and not data_block:
                    self.inline.append(attrs)

        for name, response in self.responses():
            with self.subTest(name):
                parser = Scripts()
                parser.feed(response.content.decode())
                self.assertEqual(parser.inline, [])
                self.assertEqual(parser.handlers, [])


class ProductionHeaderTests(TestCase):
    def test_production_settings_turn_on_hsts_and_secure_cookies(self):
        root = Path(__file__).resolve().parents[2]
        script = (
            "import json; from django.conf import settings as s; print(json.dumps(["
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
            " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY]))"
        )
        environment = {**os.environ, **PRODUCTION}
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=root,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        hsts, subdomains, session, csrf, redirect, httponly = json.loads(
            done.stdout.strip().splitlines()[-1]
        )
        self.assertGreaterEqual(hsts, 31536000)
        self.assertTrue(all([subdomains, session, csrf, redirect, httponly]))

    @override_settings(
        SECURE_HSTS_SECONDS=31536000, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True
    )
    def test_over_https_the_headers_and_cookies_say_so(self):
        user = make_role_user(WRITER, "writer")
        user.set_password("a long and unusual passphrase")
        user.save()
        response = self.client.post(
            reverse("admin:login"),
            {"username": "writer", "password": "a long and unusual passphrase"},
            secure=True,
        )
        self.assertIn("max-age=31536000", response["Strict-Transport-Security"])
        self.assertTrue(response.cookies["sessionid"]["secure"])
        self.assertTrue(response.cookies["sessionid"]["httponly"])


class LoginThrottleTests(TestCase):
    PASSWORD = "a long and unusual passphrase"

    @classmethod
    def setUpTestData(cls):
        for name in ("mina", "joon"):
            user = make_role_user(WRITER, name)
            user.set_password(cls.PASSWORD)
            user.save()

    def attempt(self, username, password, address="203.0.113.7"):
        return self.client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def fail(self, times, username="mina", address="203.0.113.7"):
        """Wrong passwords; the one that reaches the limit is already answered with the lock."""
        return [self.attempt(username, "wrong", address).status_code for _ in range(times)]

    def test_five_failures_lock_the_account_at_that_address(self):
        self.fail(4)
        self.assertEqual(self.attempt("mina", self.PASSWORD).status_code, 302)  # resets
        self.client.logout()
        self.fail(4)
        locked = self.attempt("mina", "wrong")
        self.assertEqual(locked.status_code, 429)
        self.assertContains(locked, "Too many failed sign-ins", status_code=429)
        self.assertContains(locked, "15 minutes", status_code=429)
        # Even the right password is refused while locked.
        self.assertEqual(self.attempt("mina", self.PASSWORD).status_code, 429)

    def test_the_lock_holds_one_account_at_one_address_only(self):
        self.assertEqual(self.fail(5), [200, 200, 200, 200, 429])
        self.assertEqual(self.attempt("mina", self.PASSWORD).status_code, 429)
        self.assertEqual(self.attempt("mina", self.PASSWORD, "198.51.100.2").status_code, 302)
        self.client.logout()
        self.assertEqual(self.attempt("joon", self.PASSWORD).status_code, 302)

    def test_the_lock_lifts_after_the_cool_off(self):
        self.fail(5)
        # Sixteen minutes pass: the failures are that old.
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=16))
        self.assertEqual(self.attempt("mina", self.PASSWORD).status_code, 302)

    def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(self):
        for n in range(5):
            self.client.post(
                reverse("admin:login"),
                {"username": "mina", "password": "wrong"},
                REMOTE_ADDR="203.0.113.7",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            )
        self.assertEqual(self.attempt("mina", self.PASSWORD).status_code, 429)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_proxy_a_forged_address_does_not_dodge_the_lock_either(self):
        """The proxy appends the address it was reached from: that one is the reader's,
        whatever the client wrote to the left of it."""
        for n in range(5):
            self.client.post(
                reverse("admin:login"),
                {"username": "mina", "password": "wrong"},
                REMOTE_ADDR="10.0.0.1",  # the proxy
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
            )
        locked = self.client.post(
            reverse("admin:login"),
            {"username": "mina", "password": self.PASSWORD},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
        self.assertEqual(locked.status_code, 429)
        elsewhere = self.client.post(
            reverse("admin:login"),
            {"username": "mina", "password": self.PASSWORD},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.2",
        )
        self.assertEqual(elsewhere.status_code, 302)

    def test_signing_in_still_works(self):
        self.assertTrue(sign_in("mina", self.PASSWORD))


class NulCharacterTests(TestCase):
    """A NUL character in an address is a 400 on every database: PostgreSQL refuses NUL in
    text, so one reaching a filter (`?artist=%00`) was a 500 there and a 404 on SQLite."""

    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Teaser out", tags=["comeback"])

    def test_every_public_filter_and_search_parameter_refuses_a_nul(self):
        addresses = [
            "/releases/upcoming/?artist=%00",
            "/releases/upcoming/?artist=bts%00",
            "/news/?artist=%00",
            "/news/?release=%00",
            "/news/?tag=come%00back",
            "/news/?page=%00",
            "/search/?q=%00",
            "/search/?q=teaser&kind=%00",
            "/search/?q=teaser&published_after=%00",
            "/news/tags/comeback/?page=2%00",
            "/artists/?page=%00",
            "/?page=%00",
            "/news/?%00=1",
            "/news/teaser%00/",
        ]
        for address in addresses:
            with self.subTest(address=address):
                response = self.client.get(address)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "NUL character", status_code=400)

    def test_a_staff_member_gets_the_same_answer(self):
        self.client.force_login(make_role_user(WRITER, "nul-writer"))
        response = self.client.get("/releases/upcoming/", {"artist": "\x00"})
        self.assertEqual(response.status_code, 400)

    def test_ordinary_values_still_filter(self):
        response = self.client.get("/news/", {"tag": "comeback"})
        self.assertContains(response, self.story.headline)


class MethodTests(TestCase):
    """OPTIONS says which methods an address takes, with no body; TRACE is refused."""

    @classmethod
    def setUpTestData(cls):
        cls.story = make_article("Teaser out")

    def test_options_lists_the_methods_and_sends_no_page(self):
        cases = {
            reverse("home"): "GET, HEAD, OPTIONS",
            self.story.get_absolute_url(): "GET, HEAD, OPTIONS",
            reverse("articles:feed"): "GET, HEAD, OPTIONS",
            reverse("articles:read", kwargs={"pk": self.story.pk}): "POST, OPTIONS",
            reverse("admin:login"): "GET, HEAD, OPTIONS, POST",
        }
        for address, allowed in cases.items():
            with self.subTest(address=address):
                response = self.client.options(address)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Allow"], allowed)
                self.assertEqual(response.content, b"")

    def test_trace_is_refused(self):
        for address in (reverse("home"), self.story.get_absolute_url(), reverse("admin:login")):
            with self.subTest(address=address):
                response = self.client.generic("TRACE", address)
                self.assertEqual(response.status_code, 405)
                self.assertIn("GET", response["Allow"])
                self.assertNotIn(self.story.headline.encode(), response.content)

    def test_an_unknown_address_is_still_a_404(self):
        self.assertEqual(self.client.options("/no-such-page/").status_code, 404)

    @override_settings(PAGE_CACHE_SECONDS=300)
    def test_the_page_cache_keeps_neither(self):
        address = self.story.get_absolute_url()
        self.client.options(address)
        self.assertContains(self.client.get(address), self.story.headline)
        self.assertEqual(self.client.options(address).content, b"")
        self.assertEqual(self.client.generic("TRACE", address).status_code, 405)


class LoginRedirectTests(TestCase):
    """A sign-in whose `next` is refused (another site) lands on the newsdesk, not a 404."""

    PASSWORD = "a long and unusual passphrase"

    @classmethod
    def setUpTestData(cls):
        user = make_role_user(WRITER, "hana")
        user.set_password(cls.PASSWORD)
        user.save()

    def sign_in(self, url, **next_):
        form = {"username": "hana", "password": self.PASSWORD, **next_}
        return self.client.post(url, form, REMOTE_ADDR="203.0.113.9")

    def test_the_admin_login_refuses_an_outside_next_and_lands_on_the_desk(self):
        for refused in ("https://evil.example/", "//evil.example/admin/", "http:/\\evil.example"):
            with self.subTest(next=refused):
                response = self.sign_in(reverse("admin:login"), next=refused)
                self.assertRedirects(response, reverse("admin:index"))
                self.client.logout()

    def test_the_admin_login_keeps_a_next_on_the_site(self):
        response = self.sign_in(reverse("admin:login"), next="/admin/articles/article/")
        self.assertRedirects(response, "/admin/articles/article/")

    def test_djangos_own_login_view_lands_on_the_desk_too(self):
        """Any other login view built on Django's (LoginView) falls back on the same setting."""
        request = RequestFactory().post("/", {"next": "https://evil.example/"})
        view = LoginView()
        view.setup(request)
        self.assertEqual(view.get_success_url(), reverse("admin:index"))
        self.assertEqual(resolve_url(settings.LOGIN_REDIRECT_URL), reverse("admin:index"))
