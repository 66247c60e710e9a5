"""Release times in the reader's own zone, and the countdown, in a real browser."""

import datetime as dt

from tests.browser.base import BrowserTestCase
from tests.factories import make_artist, make_release, now


class ReleaseTimesTests(BrowserTestCase):
    def setUp(self):
        self.rm = make_artist("RM")
        # 1 PM in Seoul is 9 PM the evening before in Los Angeles.
        self.album = make_release(
            "Right Place, Wrong Person",
            artists=[self.rm],
            release_at=dt.datetime(2024, 5, 24, 4, 0, tzinfo=dt.UTC),
        )

    def open(self, url, zone):
        page = self.browser.new_context(timezone_id=zone).new_page()
        page.goto(f"{self.live_server_url}{url}")
        return page

    def test_a_reader_abroad_also_sees_their_own_time_and_day(self):
        page = self.open(self.album.get_absolute_url(), "America/Los_Angeles")
        self.assertEqual(page.locator(".facts time").inner_text(), "24 May 2024, 1 PM KST")
        self.assertEqual(
            page.locator(".local-time").inner_text().strip(), "· Thu 9:00 pm your time"
        )

    def test_a_reader_on_seoul_time_sees_nothing_added(self):
        page = self.open(self.album.get_absolute_url(), "Asia/Tokyo")
        page.wait_for_load_state()
        self.assertEqual(page.locator(".local-time").count(), 0)

    def test_the_countdown_ticks_and_says_out_now_when_the_time_comes(self):
        soon = make_release("Soon", artists=[self.rm], release_at=now() + dt.timedelta(seconds=4))
        page = self.open(soon.get_absolute_url(), "Asia/Seoul")
        countdown = page.locator(".countdown")
        countdown.filter(has_text="sec").wait_for(timeout=3000)
        countdown.filter(has_text="Out now").wait_for(timeout=8000)
