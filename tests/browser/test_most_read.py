"""Most read in Chromium: a reader who opens a story from the home page is counted once,
by the story page's own script (which the Content-Security-Policy lets run), as coming from
this site; a reload within the hour counts nothing more, an automated browser nothing at all;
the home page then lists the story. The editors' dashboard at 390 px and 1280 px scrolls
sideways at neither, and on a phone each story is a card whose figures say what they are."""

import time

from django.urls import reverse
from django.utils import timezone

from articles.counting import counted, hour_of
from newsroom.roles import EDITOR
from tests.browser.base import ARTIFACTS, BrowserTestCase
from tests.factories import make_article, make_role_user

READER = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
ANOTHER_READER = READER.replace("Windows NT 10.0; Win64; x64", "X11; Linux x86_64")
PASSWORD = "a-long-test-password"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


class MostReadTests(BrowserTestCase):
    def setUp(self):
        self.story = make_article("Comeback date set", dek="The album is out on 24 May.")
        self.other = make_article("Teaser out")
        self.editor = make_role_user(EDITOR, "editor")
        self.editor.set_password(PASSWORD)
        self.editor.save()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def open(self, user_agent, automated=False, **options):
        context = self.browser.new_context(user_agent=user_agent, **options)
        if not automated:  # a person's browser does not say it is driven by a program
            context.add_init_script(
                "Object.defineProperty(Navigator.prototype, 'webdriver', {get: () => false})"
            )
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.on(
            "console",
            lambda message: message.type == "error" and page.problems.append(message.text),
        )
        return page

    def readers(self, wait_for=None):
        """The story's readers this hour, waiting up to 5 s for `wait_for` of them."""
        deadline = time.monotonic() + 5
        while True:
            found = counted([hour_of(timezone.now())], by_source=True)
            readers = sum(n for (story, _, _), n in found.items() if story == self.story.pk)
            if readers == wait_for or time.monotonic() > deadline or wait_for is None:
                return readers, {key[1:] for key in found if key[0] == self.story.pk}
            time.sleep(0.1)

    def test_a_reader_is_counted_once_and_the_home_page_lists_the_story(self):
        page = self.open(READER)
        page.goto(self.url(reverse("home")))
        page.click(f"a[href='{self.story.get_absolute_url()}']")
        page.wait_for_selector("h1")
        readers, sources = self.readers(wait_for=1)
        self.assertEqual(readers, 1)
        self.assertEqual(sources, {("internal", "")})
        page.reload()
        page.wait_for_timeout(800)
        self.assertEqual(self.readers()[0], 1)
        self.assertEqual(page.problems, [])

        robot = self.open(ANOTHER_READER, automated=True)
        robot.goto(self.url(self.story.get_absolute_url()))
        robot.wait_for_timeout(800)
        self.assertEqual(self.readers()[0], 1)

        page.goto(self.url(reverse("home")))
        box = page.locator("section.most-read")
        self.assertEqual(box.locator("li a").all_inner_texts(), ["Comeback date set"])
        page.context.close()
        robot.context.close()

    def test_the_dashboard_fits_a_phone_and_a_desktop(self):
        reader = self.open(READER)
        reader.goto(self.url(self.story.get_absolute_url()))
        self.assertEqual(self.readers(wait_for=1)[0], 1)
        reader.context.close()
        for width, (pixels, height) in WIDTHS.items():
            with self.subTest(width=width):
                phone = width == "phone"
                page = self.open(
                    READER,
                    viewport={"width": pixels, "height": height},
                    has_touch=phone,
                    is_mobile=phone,
                )
                page.goto(self.url(reverse("admin:login")))
                page.fill("#id_username", "editor")
                page.fill("#id_password", PASSWORD)
                page.click("input[type=submit]")
                page.wait_for_selector("#content")
                page.click("text=Most read: readers in the last hour")
                page.wait_for_selector(".reads-table")
                page.screenshot(path=ARTIFACTS / f"admin-most-read-{pixels}.png", full_page=True)
                scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
                self.assertLessEqual(scroll_width, pixels, "the page scrolls sideways")
                row = page.locator(".reads-table tbody tr").first
                self.assertIn("Comeback date set", row.inner_text())
                self.assertLessEqual(row.bounding_box()["width"], pixels)
                label = (
                    row.locator("td")
                    .nth(2)
                    .evaluate("cell => getComputedStyle(cell, '::before').content")
                )
                self.assertEqual(label, '"Readers: "' if phone else "none")
                self.assertEqual(page.problems, [])
                page.context.close()
