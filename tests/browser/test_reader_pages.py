"""The reader's pages in a real browser, at a phone's width and a desktop's.

Each page is loaded with the demo content at 390 px and 1280 px, saved as a screenshot, checked
for console errors, sideways scrolling and, with axe-core, for serious or critical accessibility
violations. A reader clicks from a story to its release and on to the other story about it.
"""

import io
import json
import os
from contextlib import redirect_stdout

import pytest
from django.core.management import call_command
from django.urls import reverse

from artists.models import Artist, Release
from tests.browser.base import ARTIFACTS, AXE, BrowserTestCase, axe_violations
from tests.factories import hours, make_release, now

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


class ReaderPagesTests(BrowserTestCase):
    def setUp(self):
        with redirect_stdout(io.StringIO()):
            call_command("demo")
        rm = Artist.objects.get(slug="rm")
        make_release(
            "Next Chapter", artists=[rm], slug="next-chapter", release_at=now() + hours(30)
        )
        self.pages = {
            "home": reverse("home"),
            "story": reverse(
                "articles:detail", kwargs={"slug": "inside-come-back-to-me-music-video"}
            ),
            "artist": rm.get_absolute_url(),
            "release": Release.objects.get(title="Come Back to Me").get_absolute_url(),
            "search": reverse("search") + "?q=%EA%B9%80%EB%82%A8%EC%A4%80",  # 김남준
            "calendar": reverse("artists:calendar"),
        }
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def open(self, path, width="desktop", **options):
        viewport = dict(zip(("width", "height"), WIDTHS[width], strict=True))
        context = self.browser.new_context(
            viewport=viewport, timezone_id="Europe/London", **options
        )
        page = context.new_page()
        page.problems = []
        page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
        page.on("pageerror", lambda e: page.problems.append(str(e)))
        page.on(
            "response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}")
        )
        response = page.goto(self.url(path))
        self.assertEqual(response.status, 200, path)
        page.wait_for_load_state("load")
        return page

    def test_every_page_at_phone_and_desktop_width(self):
        if not AXE.exists():
            if os.environ.get("CI"):
                pytest.fail("axe-core is not installed: .ci/run must run `make browser`")
            pytest.skip("axe-core is not installed: run `npm ci --prefix tests/browser`")
        report = {}
        for name, path in self.pages.items():
            for width in WIDTHS:
                with self.subTest(page=name, width=width):
                    page = self.open(path, width)
                    page.screenshot(
                        path=ARTIFACTS / f"{name}-{WIDTHS[width][0]}.png", full_page=True
                    )
                    self.assertEqual(page.problems, [], "console errors")
                    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
                    self.assertLessEqual(overflow, 0, "the page scrolls sideways")
                    violations = axe_violations(page)
                    report[f"{name}-{width}"] = violations
                    self.assertEqual(violations, [], json.dumps(violations, indent=1))
                    page.context.close()
        (ARTIFACTS / "axe-report.json").write_text(json.dumps(report, indent=1))

    def test_from_a_story_to_its_release_to_the_other_story(self):
        page = self.open(self.pages["story"])
        page.locator(".story__footer").get_by_role("link", name="Come Back to Me").click()
        self.assertEqual(page.locator("h1").inner_text(), "Come Back to Me")
        page.get_by_role(
            "link", name="RM sets May 10 for “Come Back to Me”, his first song of the year"
        ).first.click()
        self.assertIn("RM sets May 10", page.locator("h1").inner_text())
        self.assertEqual(page.problems, [])

    def test_the_keyboard_reaches_the_content_first_and_focus_is_visible(self):
        page = self.open(self.pages["home"])
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        self.assertEqual(focused, "Skip to content")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        self.assertNotEqual(outline, "none")
        page.keyboard.press("Enter")
        self.assertTrue(page.url.endswith("#content"))

    def test_pages_are_complete_without_javascript(self):
        page = self.open(self.pages["release"], java_script_enabled=False)
        self.assertIn("KST", page.locator(".facts time").inner_text())
        calendar = self.open(self.pages["calendar"], java_script_enabled=False)
        self.assertIn("Next Chapter", calendar.locator("main").inner_text())
        self.assertIn("KST", calendar.locator("main").inner_text())

    def test_hangul_names_are_marked_as_korean(self):
        page = self.open(self.pages["artist"])
        self.assertEqual(page.locator("h1 [lang=ko]").inner_text(), "알엠")
