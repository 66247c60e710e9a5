"""The pages a desk works in, on a phone: at 390 px no page scrolls sideways, lists and inline
tables are cards whose cells say which column they are, and controls are big enough to tap.
The same pages at 1280 px stay as they were (no sideways scrolling either). Screenshots of
each land in the browser artifacts."""

import io
from contextlib import redirect_stdout

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from artists.models import Artist, Release
from tests.browser.base import ARTIFACTS, BrowserTestCase

WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
PASSWORD = "a-long-test-password"


def shown_label(cell):
    """The column name a cell shows above or beside its value on a phone; None if hidden."""
    return cell.evaluate(
        """cell => {
            const label = getComputedStyle(cell, "::before");
            const shown = label.content !== "none" && label.display !== "none";
            return shown && cell.checkVisibility() ? cell.dataset.label : null;
        }"""
    )


class NarrowAdminTests(BrowserTestCase):
    def setUp(self):
        with redirect_stdout(io.StringIO()):
            call_command("demo")
        editor = get_user_model().objects.get(username="editor")
        editor.set_password(PASSWORD)
        editor.save()
        story = Article.objects.order_by("pk").first()
        story.dek += " Updated."
        story.save()
        newer, older = story.history.all()[:2]
        bts = Artist.objects.get(slug="bts")  # a group: the members inline
        album = Release.objects.filter(tracks__isnull=False).first()  # the tracklist inline
        self.pages = {
            "desk": reverse("admin:index"),
            "stories": reverse("admin:articles_article_changelist"),
            "stories-found": reverse("admin:articles_article_changelist")
            + "?q=comeback&status__exact=published",
            "story": reverse("admin:articles_article_change", args=[story.pk]),
            "new-story": reverse("admin:articles_article_add"),
            "artists": reverse("admin:artists_artist_changelist"),
            "artist": reverse("admin:artists_artist_change", args=[bts.pk]),
            "releases": reverse("admin:artists_release_changelist"),
            "release": reverse("admin:artists_release_change", args=[album.pk]),
            "revisions": reverse("admin:articles_article_revisions", args=[story.pk]),
            "compare": reverse("admin:articles_article_compare", args=[story.pk])
            + f"?a={older.history_id}&b={newer.history_id}",
        }
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def signed_in(self, width):
        viewport = dict(zip(("width", "height"), WIDTHS[width], strict=True))
        phone = width == "phone"
        context = self.browser.new_context(viewport=viewport, has_touch=phone, is_mobile=phone)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        page.goto(self.url(reverse("admin:login")))
        page.fill("#id_username", "editor")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_selector("#content")
        return page

    def test_no_page_scrolls_sideways(self):
        for width, (pixels, _) in WIDTHS.items():
            page = self.signed_in(width)
            for name, path in self.pages.items():
                with self.subTest(page=name, width=width):
                    self.assertEqual(page.goto(self.url(path)).status, 200)
                    page.screenshot(path=ARTIFACTS / f"admin-{name}-{pixels}.png", full_page=True)
                    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
                    self.assertLessEqual(scroll_width, pixels, "the page scrolls sideways")
                    self.assertEqual(page.problems, [])
            page.context.close()

    def test_on_a_phone_rows_are_cards_with_named_cells_and_big_controls(self):
        page = self.signed_in("phone")
        page.goto(self.url(self.pages["stories"]))
        row = page.locator("#result_list tbody tr").first
        self.assertEqual(shown_label(row.locator("td.field-state")), "State")
        box = row.locator("input.action-select").bounding_box()
        self.assertGreaterEqual(min(box["width"], box["height"]), 24)
        self.assertLessEqual(row.bounding_box()["width"], 390)

        page.goto(self.url(self.pages["artist"]))
        member = page.locator("#member_links-group tbody tr.has_original").first
        self.assertEqual(shown_label(member.locator("td.field-started_on")), "Joined")
        self.assertLessEqual(member.bounding_box()["width"], 390)

        page.goto(self.url(self.pages["story"]))
        save = page.locator("input[name=_save]").bounding_box()
        self.assertGreaterEqual(save["height"], 44)
        page.context.close()
