"""What every browser test shares: Debian's Chromium driven by Playwright, headless, against a
live test server. No browser is ever downloaded: without Chromium the tests skip (and fail on
CI, which must install it)."""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
# Screenshots land here (or in $BROWSER_ARTIFACTS) for people and CI to look at.
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", HERE / "artifacts"))


def browser_or_skip():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run must install it")
        pytest.skip("Chromium is not installed on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    return sync_playwright().start()


class BrowserTestCase(StaticLiveServerTestCase):
    host = "127.0.0.1"

    @classmethod
    def setUpClass(cls):
        playwright = browser_or_skip()  # before anything that a skip would leave behind
        # Playwright's sync API keeps an event loop in this thread; the ORM calls made by
        # the test itself are still synchronous and safe.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        # Links the site prints (share links, canonical addresses) point at this server.
        cls._site_url = override_settings(SITE_URL=cls.live_server_url)
        cls._site_url.enable()
        cls.playwright = playwright
        cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        cls._site_url.disable()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def url(self, path):
        return f"{self.live_server_url}{path}"

    def watched_page(self, width, timezone_id="Asia/Seoul", console=True, **options):
        """A page in a context of its own (closed after the test) whose script errors, and
        with `console` its console's errors (a refused request among them), are collected
        in `page.problems`."""
        context = self.browser.new_context(
            timezone_id=timezone_id, viewport={"width": width, "height": 900}, **options
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        if console:
            page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        return page


def axe_violations(page):
    """The serious and critical accessibility violations axe-core finds on `page`."""
    page.evaluate(AXE.read_text())  # not a script tag: the CSP runs none inline
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["html"][:120] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
