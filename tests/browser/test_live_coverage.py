"""Live coverage end to end in Chromium: an editor starts the coverage from the live desk at
phone width and posts entries with Enter (one pinned, one a key moment, one corrected, one
deleted) while a reader's page, opened before, takes them in without a reload behind a
"new updates" button; axe finds no serious or critical violation on either page."""

import json

from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from articles.live import coverage_set, entry_post
from articles.models import LiveEntry
from newsroom.roles import EDITOR
from newsroom.taskqueue import run_due
from tests.articles.test_embeds import X_POST
from tests.browser.base import ARTIFACTS, AXE, BrowserTestCase, axe_violations
from tests.factories import make_article, make_artist, make_role_user, now
from tests.fakes_oembed import WORDS, FakeOembed

PASSWORD = "a-long-test-password"
POLL = 2  # seconds between a reader's polls in this test (10 on the site)


@override_settings(LIVE_POLL_SECONDS=POLL)
class LiveCoverageTests(BrowserTestCase):
    def setUp(self):
        self.editor = make_role_user(EDITOR, "hana", "Hana")
        self.editor.set_password(PASSWORD)
        self.editor.save()
        self.story = make_article(
            "Seoul Music Awards, as it happens",
            dek="Every winner and every stage from the night.",
            artists=[make_artist("aespa")],
            published_at=now(),
        )
        ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def page(self, width, signed_in=False):
        page = self.watched_page(width, "Europe/Paris")
        if signed_in:
            page.goto(self.url(reverse("admin:login")))
            page.fill("#id_username", "hana")
            page.fill("#id_password", PASSWORD)
            page.click("input[type=submit]")
            expect(page.locator("#content h1")).to_be_visible()
        return page

    def post(self, desk, text, pin=False, key=False):
        box = desk.get_by_label("New entry")
        box.fill(text)
        if pin:
            desk.get_by_label("Pin to the top").check()
        if key:
            desk.locator("#entry_key_moment").check()
        box.press("Enter")
        expect(desk.locator("[data-live-status]")).to_have_text("Posted.")
        expect(box).to_have_value("")
        expect(box).to_be_focused()  # the editor goes on typing

    def test_an_editor_posts_and_a_reader_sees_the_entries_arrive(self):
        desk = self.page(390, signed_in=True)
        desk.goto(self.url(reverse("admin:articles_article_change", args=[self.story.pk])))
        desk.get_by_role("link", name="Cover live").click()
        desk.get_by_role("button", name="Go live").click()
        expect(desk.locator(".messagelist")).to_contain_text("The coverage is live.")
        self.post(desk, "The red carpet opens at KSPO Dome.", key=True)

        reader = self.page(1280)
        reader.goto(self.url(self.story.get_absolute_url()))
        expect(reader.locator(".live__badge")).to_have_text("Live")
        expect(reader.locator(".live-entry")).to_have_count(1)
        # The reader's own time beside KST (the browser is in Paris).
        expect(reader.locator(".live-entry .local-time")).to_contain_text("your time")

        # Shift+Enter is a new line, not a post.
        box = desk.get_by_label("New entry")
        box.fill("**Daesang**: aespa")
        box.press("Shift+Enter")
        box.type("The night's top prize.")
        self.assertEqual(LiveEntry.objects.count(), 1)
        box.press("Enter")
        expect(desk.locator("[data-live-status]")).to_have_text("Posted.")
        self.post(desk, "The encore stage begins.", pin=True)
        self.assertEqual(self.axe(desk, "desk"), [])
        desk.screenshot(path=ARTIFACTS / "live-desk-390.png", full_page=True)
        self.assertLessEqual(desk.evaluate("document.documentElement.scrollWidth - innerWidth"), 0)

        # The reader's page waits for the reader: a button, not a jump.
        news = reader.locator("[data-live-news] button")
        expect(news).to_have_text("2 new updates", timeout=POLL * 5000)
        expect(reader.locator(".live-entry")).to_have_count(1)
        news.click()
        expect(reader.locator(".live-entry")).to_have_count(3)
        expect(reader.locator(".live__pinned .live-entry")).to_contain_text("The encore stage")
        expect(reader.locator(".live__entries .live-entry").first).to_contain_text("Daesang")
        expect(reader.locator(".live__pinned .live-entry")).to_be_focused()  # the newest
        expect(reader.locator(".live-key")).to_contain_text("The red carpet opens")

        # A correction and a deletion apply in place, with no button.
        first = desk.locator(".live-desk__entry").filter(has_text="Daesang")
        first.locator("summary").click()
        first.locator("textarea").fill("**Daesang**: aespa, for the second year")
        first.get_by_role("button", name="Save the correction").click()
        corrected = desk.locator(".live-desk__entry").filter(has_text="second year")
        expect(corrected.locator("[data-entry-status]")).to_contain_text("Corrected")
        expect(corrected).to_be_focused()  # the editor's place is kept
        carpet = desk.locator(".live-desk__entry").filter(has_text="red carpet")
        desk.once("dialog", lambda dialog: dialog.accept())
        carpet.get_by_role("button", name="Delete").click()
        expect(desk.locator("[data-entry-status]")).to_contain_text("Deleted")
        expect(reader.locator(".live-entry").filter(has_text="second year")).to_contain_text(
            "Corrected", timeout=POLL * 5000
        )
        expect(reader.locator(".live-entry")).to_have_count(2, timeout=POLL * 5000)
        expect(reader.locator(".live-key")).to_have_count(0)
        self.assertEqual(self.axe(reader, "reader"), [])
        reader.screenshot(path=ARTIFACTS / "live-reader-1280.png", full_page=True)

        # Signed out meanwhile: nothing is lost, and the desk says why.
        box = desk.get_by_label("New entry")
        box.fill("Backstage with the winners.")
        desk.context.clear_cookies(name="sessionid")  # the session ends, the form stays
        box.press("Enter")
        expect(desk.locator("[data-live-status]")).to_contain_text("you are signed out")
        expect(box).to_have_value("Backstage with the winners.")
        desk.reload()  # kept in the tab: a reload (here to the sign-in page and back) too
        desk.fill("#id_username", "hana")
        desk.fill("#id_password", PASSWORD)
        desk.click("input[type=submit]")
        expect(desk.get_by_label("New entry")).to_have_value("Backstage with the winners.")

        # Ending the coverage: the badge changes, polling stops.
        desk.get_by_role("button", name="End the coverage").click()
        expect(reader.locator(".live__badge")).to_have_text("Ended", timeout=POLL * 5000)
        self.assertEqual(desk.problems, [])
        self.assertEqual(reader.problems, [])

    def test_an_x_post_in_an_entry_loads_from_the_platform_only_when_the_reader_asks(self):
        coverage_set(article=self.story, state="live")
        with FakeOembed() as fake, fake.settings():
            desk = self.page(1280, signed_in=True)
            desk.goto(self.url(reverse("admin:articles_article_live", args=[self.story.pk])))
            reader = self.page(390)
            reader.goto(self.url(self.story.get_absolute_url()))
            self.post(desk, f"aespa's teaser, just posted:\n\n{X_POST}")
            self.assertEqual(run_due(), 1)  # the worker fetches the post's oEmbed answer
            news = reader.locator("[data-live-news] button")
            expect(news).to_have_text("1 new update", timeout=POLL * 5000)
            news.click()
            embed = reader.locator(".live-entry .social-embed")
            expect(embed).to_contain_text(WORDS)
            load = embed.get_by_role("button", name="Load the post from X")
            expect(load).to_be_visible()
            self.assertEqual(self.axe(reader, "embed"), [])
            self.assertEqual(fake.asked("/widgets.js"), [])  # nothing from X before the click
            load.click()
            expect(embed.locator("blockquote[data-rendered-by=fake-script]")).to_have_count(1)
            self.assertEqual(len(fake.asked("/widgets.js")), 1)
            reader.screenshot(path=ARTIFACTS / "live-embed-390.png", full_page=True)
            self.assertEqual(reader.problems, [])

    def test_a_reader_at_phone_width_without_javascript_gets_every_entry(self):
        coverage_set(article=self.story, state="live")
        for text in ("Doors open.", "First award: Best New Artist.", "Second award."):
            entry_post(article=self.story, body=text, by=self.editor)
        context = self.browser.new_context(
            java_script_enabled=False, viewport={"width": 390, "height": 900}
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(self.url(self.story.get_absolute_url()))
        expect(page.locator(".live-entry")).to_have_count(3)
        expect(page.locator(".live-entry").first).to_contain_text("Second award.")

    def axe(self, page, name):
        if not AXE.exists():
            return []
        violations = axe_violations(page)
        (ARTIFACTS / f"live-axe-{name}.json").write_text(json.dumps(violations, indent=1))
        return violations
