"""Library pictures and the page cache: a picture withdrawn, changed or past its licence is
off every cached page that printed it (the story's own, the lists with its card, the artist
and release pages) on the next request; a takedown is never served again."""

import datetime as dt
import time
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from newsroom.cachestore import CLOCK_MARGIN_NS
from tests.factories import (
    make_article,
    make_artist,
    make_gallery,
    make_picture,
    make_release,
)

HOME = reverse("home")


@override_settings(PAGE_CACHE_SECONDS=300, CDN_CACHE_SECONDS=60)
class PicturePurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            cls.hero = make_picture(title="Hero", caption="Hero caption", credit="Agency A")
            cls.inline = make_picture(title="Inline", caption="Inline caption", credit="B")
            cls.in_gallery = make_picture(title="In gallery", caption="Gallery one", credit="C")
            cls.gallery = make_gallery([cls.in_gallery], title="Night")
            body = f"Words.\n\n[picture:{cls.inline.pk}]\n\n[gallery:{cls.gallery.pk}]"
            cls.story = make_article("Showcase night", hero=cls.hero, body=body)
            cls.artist = make_artist("RM", picture=make_picture(title="Profile", credit="D"))
            cls.release = make_release(artwork=make_picture(title="Cover", credit="E"))

    def change(self):
        return self.captureOnCommitCallbacks(execute=True)

    def cached(self, path):
        """The page, once rendered and once more from the cache. A page rendered just after
        a purge is not stored (the purge may have landed while it was made): a moment later
        it is."""
        self.client.get(path)
        time.sleep(CLOCK_MARGIN_NS / 1e9 * 2)
        self.client.get(path)
        response = self.client.get(path)
        self.assertEqual(response["X-Page-Cache"], "HIT")
        return response

    def test_a_withdrawn_body_picture_leaves_the_cached_story_at_once(self):
        page = self.story.get_absolute_url()
        self.assertContains(self.cached(page), "Inline caption")
        with self.change():
            self.inline.hidden = True
            self.inline.save()
        response = self.client.get(page)
        self.assertEqual(response["X-Page-Cache"], "MISS")
        self.assertNotContains(response, "Inline caption")

    def test_a_withdrawn_hero_leaves_the_lists_showing_its_card(self):
        self.assertContains(self.cached(HOME), self.hero.picture.renditions("wide")[0].url)
        with self.change():
            self.hero.hidden = True
            self.hero.save()
        self.assertNotContains(self.client.get(HOME), self.hero.picture.renditions("wide")[0].url)

    def test_artist_and_release_pages_follow_their_picture(self):
        for row, picture in (
            (self.artist, self.artist.picture),
            (self.release, self.release.artwork),
        ):
            with self.subTest(row):
                path = row.get_absolute_url()
                self.assertContains(self.cached(path), picture.credit)
                with self.change():
                    picture.credit = "Corrected credit"
                    picture.save()
                self.assertContains(self.client.get(path), "Corrected credit")

    def test_a_picture_added_to_a_gallery_shows_on_the_story(self):
        page = self.story.get_absolute_url()
        self.assertNotContains(self.cached(page), "Added later")
        with self.change():
            added = make_picture(caption="Added later")
            self.gallery.items.create(image=added, position=5)
        self.assertContains(self.client.get(page), "Added later")

    def test_a_deleted_picture_is_never_served_again(self):
        page = self.story.get_absolute_url()
        self.assertContains(self.cached(page), "Gallery one")
        with self.change():
            self.in_gallery.delete()
        self.assertNotContains(self.client.get(page), "Gallery one")

    def test_a_licence_ending_at_midnight_in_korea_takes_the_picture_off_cached_pages(self):
        today = timezone.localdate()
        with self.change():
            self.inline.licence_expires = today
            self.inline.save()
        page = self.story.get_absolute_url()
        image = self.inline.picture.renditions("original")[0].url
        self.assertContains(self.cached(page), image)
        midnight = timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min)
        )
        with mock.patch(
            "django.utils.timezone.now", return_value=midnight + dt.timedelta(seconds=1)
        ):
            response = self.client.get(page)
        self.assertNotContains(response, image)
        self.assertContains(response, "Inline caption")  # its words stay, in its place
        self.assertContains(response, "story-picture--withheld")

    @override_settings(CDN_CACHE_SECONDS=600)
    def test_pages_are_kept_no_longer_than_until_a_licence_ends(self):
        today = timezone.localdate()
        with self.change():
            self.inline.licence_expires = today
            self.inline.save()
        midnight = timezone.make_aware(
            dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min)
        )
        with mock.patch(
            "django.utils.timezone.now", return_value=midnight - dt.timedelta(seconds=30)
        ):
            response = self.client.get(self.story.get_absolute_url())
        self.assertLessEqual(int(response["Cache-Control"].split("max-age=")[1]), 30)
