"""The writing desk end to end in Chromium, as a writer and two editors use it.

A writer writes a story with the live preview beside it, loses the tab and gets the autosaved
text back, and submits it with a note; the editors get the e-mail (through a local SMTP
server, sent by the worker). One editor edits while another saves over the same story: the
refused save comes back merged and nobody's field is lost. The editor adds a contributor's
byline and publishes; then, on a 390 px phone, adds a correction and unpublishes."""

from unittest import mock

from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect

from articles.admin import editing
from articles.bylines import Byline
from articles.models import Article
from newsroom.roles import EDITOR, WRITER
from newsroom.taskqueue import run_due
from tests.browser.base import BrowserTestCase
from tests.factories import make_artist, make_byline, make_role_user
from tests.servers import SMTPServer

PASSWORD = "a-long-test-password"
BODY = "IVE will play twenty cities from March.\n\nTickets open on **Friday at 8 PM KST**."


class WritingDeskTests(BrowserTestCase):
    def setUp(self):
        self.writer = self.person(WRITER, "mina", "Mina")
        self.hana = self.person(EDITOR, "hana", "Hana")
        self.jae = self.person(EDITOR, "jae", "Jae")
        make_artist("IVE", slug="ive")
        make_byline("Lee Sora", slug="lee-sora", kind=Byline.Kind.PHOTOGRAPHER)
        patcher = mock.patch.object(editing, "AUTOSAVE_SECONDS", 1)  # not every 15 s
        patcher.start()
        self.addCleanup(patcher.stop)
        self.smtp = SMTPServer().__enter__()
        self.addCleanup(self.smtp.__exit__)
        mail = override_settings(**self.smtp.settings())
        mail.enable()
        self.addCleanup(mail.disable)

    def person(self, role, username, name):
        user = make_role_user(role, username, name)
        user.email = f"{username}@example.test"
        user.set_password(PASSWORD)
        user.save()
        return user

    def signed_in(self, username, width=1280):
        context = self.browser.new_context(
            timezone_id="Asia/Seoul", viewport={"width": width, "height": 900}
        )
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(self.url(reverse("admin:login")))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        expect(page.locator("#content h1")).to_be_visible()
        return context, page

    def test_write_recover_submit_merge_publish_correct_unpublish(self):
        # The writer writes, with the story rendered beside the text as readers will see it.
        desk, page = self.signed_in("mina")
        expect(page.locator("#content h1")).to_have_text("Writer's desk")
        page.goto(self.url(reverse("admin:articles_article_add")))
        page.fill("#id_headline", "IVE announce a world tour")
        page.fill("#id_dek", "Twenty cities from March.")
        page.fill("#id_body", BODY)
        page.click(".field-artists .select2-selection")
        page.keyboard.type("IVE")
        page.click(".select2-results__option:has-text('IVE')")
        preview = page.frame_locator("#story-preview iframe:not(.story-preview__frame--loading)")
        expect(preview.locator(".story__body strong")).to_have_text("Friday at 8 PM KST")
        expect(page.locator("[data-autosave-status]")).to_contain_text("Autosaved at")

        # The tab is lost; the text is offered back.
        page.close()
        page = desk.new_page()
        page.goto(self.url(reverse("admin:articles_article_add")))
        expect(page.locator("[data-offer]")).to_be_visible()
        page.click("[data-restore]")
        self.assertEqual(page.input_value("#id_body"), BODY)
        self.assertEqual(page.input_value("#id_headline"), "IVE announce a world tour")
        page.click(".field-artists .select2-selection")
        page.keyboard.type("IVE")
        page.click(".select2-results__option:has-text('IVE')")

        # Submitted for review with a note, in one press.
        page.fill("#id_workflow_note", "Dates checked with the agency.")
        page.click("button[name=_move][value=submit]")
        expect(page.locator(".messagelist")).to_contain_text("the editors have been told")
        story = Article.objects.get(headline="IVE announce a world tour")
        self.assertEqual(story.status, Article.Status.IN_REVIEW)

        # The worker sends the e-mail to both editors, with the note and a link.
        self.assertEqual(self.smtp.messages, [])
        self.assertGreaterEqual(run_due(), 1)
        told = sorted(to for _, recipients, _ in self.smtp.messages for to in recipients)
        self.assertEqual(told, ["hana@example.test", "jae@example.test"])
        text = self.smtp.messages[0][2].get_payload(decode=True).decode()
        self.assertIn("Dates checked with the agency.", text)
        link = next(line for line in text.splitlines() if "/admin/" in line).split(": ", 1)[1]
        form_path = reverse("admin:articles_article_change", args=[story.pk])
        self.assertTrue(link.endswith(form_path))

        # Two editors open it; the second sees the first there.
        _, hana = self.signed_in("hana")
        hana.goto(self.url(form_path))
        _, jae = self.signed_in("jae")
        jae.goto(self.url(form_path))
        expect(jae.locator("[data-presence]")).to_contain_text("Hana")

        # Jae changes the headline and saves first.
        jae.fill("#id_headline", "IVE announce a 20-city world tour")
        jae.click("input[name=_continue]")
        expect(jae.locator(".messagelist")).to_contain_text("was changed successfully")

        # Hana, on the older form, rewrites the standfirst and adds a photographer's byline.
        hana.fill("#id_dek", "Twenty cities across three continents, from March.")
        hana.click(".field-bylines .select2-selection")
        hana.keyboard.type("Lee")
        hana.click(".select2-results__option:has-text('Lee Sora')")
        hana.click("input[name=_continue]")
        conflict = hana.locator(".conflict")
        expect(conflict).to_contain_text("Changed by Jae")
        expect(conflict).to_contain_text("their change, which you had not touched")
        self.assertEqual(hana.input_value("#id_headline"), "IVE announce a 20-city world tour")
        hana.click("input[name=_continue]")
        expect(hana.locator(".messagelist")).to_contain_text("was changed successfully")
        story.refresh_from_db()
        self.assertEqual(story.headline, "IVE announce a 20-city world tour")
        self.assertEqual(story.dek, "Twenty cities across three continents, from March.")
        self.assertEqual([b.name for b in story.bylines_in_order], ["Mina", "Lee Sora"])

        # Hana publishes; the writer is told.
        hana.click("button[name=_move][value=publish]")
        expect(hana.locator(".messagelist")).to_contain_text("is live")
        reader = self.browser.new_context().new_page()
        self.addCleanup(reader.context.close)
        reader.goto(self.url(story.get_absolute_url()))
        expect(reader.locator("h1")).to_have_text("IVE announce a 20-city world tour")
        expect(reader.locator(".story .meta").first).to_contain_text("Lee Sora")
        run_due()
        self.assertIn(
            ["mina@example.test"], [recipients for _, recipients, _ in self.smtp.messages[2:]]
        )

        # On a phone: a correction, then unpublish.
        _, phone = self.signed_in("hana", width=390)
        phone.goto(self.url(form_path))
        self.assertLessEqual(phone.evaluate("document.scrollingElement.scrollWidth"), 390)
        phone.click("text=Add another correction or update")
        phone.fill("#id_notes-0-text", "An earlier version gave the wrong number of cities.")
        phone.select_option("#id_notes-0-kind", "correction")
        phone.click("input[name=_continue]")
        expect(phone.locator(".messagelist")).to_contain_text("was changed successfully")
        reader.goto(self.url(story.get_absolute_url()))
        expect(reader.locator("body")).to_contain_text("wrong number of cities")
        phone.click("button[name=_move][value=unpublish]")
        expect(phone.locator(".messagelist")).to_contain_text("is now Unpublished")
        self.assertEqual(reader.goto(self.url(story.get_absolute_url())).status, 404)
