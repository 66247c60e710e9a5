"""An editor's day in a real browser (Debian's Chromium, driven by Playwright).

Write a draft -> share it -> the link works in a fresh browser with no login -> schedule it
a few seconds ahead -> the story is not public before its time and is public from it.
"""

import time

from django.utils import timezone

from newsroom.roles import EDITOR
from tests.browser.base import BrowserTestCase
from tests.factories import make_artist, make_role_user


class EditorialFlowTests(BrowserTestCase):
    def setUp(self):
        self.editor = make_role_user(EDITOR, "hana")
        self.editor.set_password("a-long-test-password")
        self.editor.save()
        make_artist("RM", slug="rm")

    def test_write_share_schedule_and_go_live(self):
        desk = self.browser.new_context(timezone_id="Asia/Seoul")
        page = desk.new_page()
        page.goto(f"{self.live_server_url}/admin/login/")
        page.fill("#id_username", "hana")
        page.fill("#id_password", "a-long-test-password")
        page.click("input[type=submit]")

        # Write a draft.
        page.goto(f"{self.live_server_url}/admin/articles/article/add/")
        page.fill("#id_headline", "RM sets a date for his comeback")
        page.fill("#id_dek", "The single arrives on Friday at 1 PM KST.")
        page.fill("#id_body", "RM returns with a new single on Friday.")
        self.assertEqual(page.input_value("#id_slug"), "rm-sets-a-date-for-his-comeback")
        page.click(".field-artists .select2-selection")
        page.keyboard.type("RM")
        page.click(".select2-results__option:has-text('RM')")
        page.click("input[name=_continue]")
        page.wait_for_selector("text=was added successfully")

        # Share it, and open the link in a fresh browser with no login.
        page.click("text=Share preview")
        page.click("input[value='Make a share link']")
        link = page.input_value("#share-url")
        outsider = self.browser.new_context().new_page()
        outsider.goto(link)
        self.assertIn("RM sets a date for his comeback", outsider.inner_text("h1"))
        self.assertIn("Shared in confidence", outsider.inner_text(".preview-banner"))
        public = f"{self.live_server_url}/news/rm-sets-a-date-for-his-comeback/"
        self.assertEqual(outsider.goto(public).status, 404)

        # Schedule it a few seconds ahead, in KST as the editor reads it.
        go_live = timezone.localtime(timezone.now() + timezone.timedelta(seconds=12))
        page.goto(f"{self.live_server_url}/admin/articles/article/")
        page.click("text=RM sets a date for his comeback")
        page.select_option("#id_status", "published")
        page.fill("#id_published_at_0", go_live.strftime("%Y-%m-%d"))
        page.fill("#id_published_at_1", go_live.strftime("%H:%M:%S"))
        page.click("input[name=_save]")
        page.wait_for_selector("text=was changed successfully")
        self.assertIn("Scheduled", page.inner_text("#result_list"))

        # Not public before its time; public from it, with no job or worker involved.
        reader = self.browser.new_context().new_page()
        statuses = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = reader.goto(public).status
            statuses.append((timezone.now(), status))
            if status == 200:
                break
            time.sleep(0.5)
        before = [at for at, status in statuses if status == 404]
        first_ok = next(at for at, status in statuses if status == 200)
        self.assertTrue(before, "the story was public before its time")
        self.assertTrue(
            all(
                at < go_live.replace(microsecond=0) + timezone.timedelta(seconds=1) for at in before
            )
        )
        self.assertGreaterEqual(first_ok, go_live.replace(microsecond=0))
        self.assertIn("RM sets a date for his comeback", reader.inner_text("h1"))
        desk.close()
