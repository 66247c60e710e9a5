import datetime as dt

from django.test import SimpleTestCase, override_settings

from common.formats import clock, iso, when


class KstFormatTests(SimpleTestCase):
    def test_times_are_shown_in_kst_with_the_zone_named(self):
        one_pm_kst = dt.datetime(2024, 5, 24, 4, 0, tzinfo=dt.UTC)
        self.assertEqual(when(one_pm_kst), "24 May 2024, 1 PM KST")
        self.assertEqual(clock(one_pm_kst), "1 PM KST")
        self.assertEqual(iso(one_pm_kst), "2024-05-24T13:00:00+09:00")

    def test_minutes_and_midnight(self):
        self.assertEqual(clock(dt.datetime(2024, 5, 24, 9, 30, tzinfo=dt.UTC)), "6:30 PM KST")
        self.assertEqual(clock(dt.datetime(2024, 5, 24, 15, 0, tzinfo=dt.UTC)), "12 AM KST")

    @override_settings(TIME_ZONE="Europe/London")
    def test_another_site_zone_is_named_too(self):
        self.assertEqual(clock(dt.datetime(2024, 1, 10, 13, 0, tzinfo=dt.UTC)), "1 PM GMT")

    def test_empty_values(self):
        self.assertEqual(when(None), "")
