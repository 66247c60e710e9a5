"""A writer at the story form in Chromium: the live preview follows the typing, the text is
autosaved, offered back after the tab is closed, and leaving with unsaved text asks first."""

from unittest import mock

from django.urls import reverse
from playwright.sync_api import expect

from articles.admin import editing
from articles.models import Autosave
from newsroom.roles import WRITER
from tests.browser.base import BrowserTestCase
from tests.factories import make_draft, make_role_user

PASSWORD = "a-long-test-password"
TYPED = "Tickets go on sale **Friday at 8 PM KST**."


class WritingToolsTests(BrowserTestCase):
    def setUp(self):
        self.writer = make_role_user(WRITER, "jae", "Jae")
        self.writer.set_password(PASSWORD)
        self.writer.save()
        self.story = make_draft(
            "Seventeen add a night in Busan", created_by=self.writer, body="Tickets soon."
        )
        # Every second rather than every 15: the test need not wait.
        patcher = mock.patch.object(editing, "AUTOSAVE_SECONDS", 1)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.desk = self.browser.new_context(
            timezone_id="Asia/Seoul", viewport={"width": 1280, "height": 900}
        )
        self.addCleanup(self.desk.close)
        self.form = self.url(reverse("admin:articles_article_change", args=[self.story.pk]))

    def open_form(self):
        page = self.desk.new_page()
        page.goto(self.form)
        return page

    def sign_in(self):
        page = self.desk.new_page()
        page.goto(self.url(reverse("admin:login")))
        page.fill("#id_username", "jae")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.close()

    def test_typed_text_is_previewed_autosaved_and_offered_back(self):
        self.sign_in()
        page = self.open_form()
        page.fill("#id_body", TYPED)

        preview = page.frame_locator("#story-preview iframe:not(.story-preview__frame--loading)")
        expect(preview.locator(".story__body strong")).to_have_text("Friday at 8 PM KST")
        expect(preview.locator(".preview-banner")).to_contain_text("not saved yet")
        page.click("#story-preview [data-width='1280']")
        expect(page.locator("#story-preview iframe").last).to_have_css("width", "1280px")

        expect(page.locator("[data-autosave-status]")).to_contain_text("Autosaved at")
        self.assertEqual(Autosave.objects.get(user=self.writer).fields["body"], TYPED)
        self.story.refresh_from_db()
        self.assertEqual(self.story.body, "Tickets soon.")  # only the autosave was written
        page.close()

        page = self.open_form()
        offer = page.locator("[data-offer]")
        expect(offer).to_be_visible()
        expect(offer).to_contain_text("You have unsaved text from")
        expect(offer).to_contain_text("KST")
        self.assertEqual(page.input_value("#id_body"), "Tickets soon.")
        page.click("[data-restore]")
        self.assertEqual(page.input_value("#id_body"), TYPED)
        expect(offer).to_be_hidden()

        # Leaving with the text unsaved asks first; saving does not.
        asked = []
        page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
        page.click(".breadcrumbs a >> nth=0")
        page.wait_for_timeout(500)
        self.assertEqual(asked, ["beforeunload"])
        self.assertEqual(page.url, self.form)
        page.click("input[name=_continue]")
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
        self.assertEqual(asked, ["beforeunload"])
        self.story.refresh_from_db()
        self.assertEqual(self.story.body, TYPED)
        self.assertFalse(Autosave.objects.filter(user=self.writer).exists())
        expect(page.locator("[data-offer]")).to_be_hidden()
