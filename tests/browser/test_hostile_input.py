"""Hostile text in every editor field, opened in Chromium: no dialog opens, no script runs, no
console error (a Content-Security-Policy refusal would be one), on every page that shows it.
The server-side checks of the same corpus are in tests/newsroom/test_hostile_input.py."""

from django.urls import reverse

from newsroom.roles import EDITOR
from tests.browser.base import BrowserTestCase
from tests.factories import make_role_user
from tests.hostile import HOSTILE, fill, pages_showing

# Anything on the page that could run, once the browser has built it.
RUNNABLE = """() => {
  const scripts = [...document.scripts].filter(
    (s) => !s.src && s.type !== "application/ld+json");
  const handlers = [...document.querySelectorAll("*")].flatMap(
    (el) => [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => a.name));
  const addresses = [...document.querySelectorAll("[href], [src], [action]")]
    .map((el) => el.getAttribute("href") || el.getAttribute("src") || el.getAttribute("action"))
    .filter((value) => /^\\s*(javascript|vbscript|data:text\\/html)/i.test(value));
  const frames = document.querySelectorAll("iframe, object, embed").length;
  return {scripts: scripts.length, handlers, addresses, frames};
}"""


class HostileInputInChromiumTests(BrowserTestCase):
    def setUp(self):
        self.stories = fill()
        self.context = self.browser.new_context()
        self.addCleanup(self.context.close)
        self.page = self.context.new_page()
        self.events = []
        self.page.on("dialog", self.dialog_opened)
        self.page.on("console", lambda m: m.type == "error" and self.events.append(m.text))
        self.page.on("pageerror", lambda error: self.events.append(str(error)))
        self.page.on(
            "response", lambda r: r.status >= 400 and self.events.append(f"{r.status} {r.url}")
        )

    def dialog_opened(self, dialog):
        self.events.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def visit(self, address):
        self.events.clear()
        response = self.page.goto(self.url(address), wait_until="load")
        self.assertEqual(response.status, 200, address)
        found = self.page.evaluate(RUNNABLE)
        expected = {"scripts": 0, "handlers": [], "addresses": [], "frames": 0}
        self.assertEqual(found, expected, address)
        self.assertEqual(self.events, [], address)

    def test_no_page_runs_anything_a_hostile_field_holds(self):
        # Tag pages and most searches show what the story pages do; the server-side test has them.
        addresses = list(pages_showing(self.stories, searches=HOSTILE[::4], tags=False))
        for address in addresses:
            with self.subTest(address=address):
                self.visit(address)
        self.assertGreater(len(addresses), 3 * len(HOSTILE))

    def test_the_admin_runs_nothing_either(self):
        editor = make_role_user(EDITOR, "editor")
        self.client.force_login(editor)
        cookie = self.client.cookies["sessionid"]
        self.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": self.live_server_url}]
        )
        story = self.stories[0]
        for address in (
            reverse("admin:articles_article_changelist"),
            reverse("admin:artists_artist_changelist"),
            reverse("admin:artists_release_changelist"),
            reverse("admin:articles_article_change", args=[story.pk]),
            reverse("admin:artists_artist_change", args=[story.artists.get().pk]),
        ):
            with self.subTest(address=address):
                self.events.clear()
                response = self.page.goto(self.url(address), wait_until="load")
                self.assertEqual(response.status, 200)
                found = self.page.evaluate(RUNNABLE)
                self.assertEqual((found["handlers"], found["addresses"]), ([], []), address)
                self.assertEqual(self.events, [], address)
