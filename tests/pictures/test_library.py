"""The picture library in the admin: a grid searched by any word or any name of an artist
shown, filtered by source, artist, licence and use, with where each picture is used; uploads
that know a picture the library already has, fill in the photo's own credit and keep none
of its location; galleries made from a selection; the chooser the story form opens."""

import datetime as dt
import io
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import ExifTags, Image, ImageDraw

from newsroom.roles import EDITOR, WRITER
from pictures.models import Gallery, SourceKind
from pictures.models import Image as Picture
from tests.factories import (
    exif,
    make_article,
    make_artist,
    make_gallery,
    make_picture,
    make_release,
    make_role_user,
)
from tests.pictures.test_metadata import iim, with_iptc
from tests.pictures.test_uploads import BAD_UPLOADS, stored_files
from tests.pictures.test_uploads import picture as noise
from tests.pictures.test_uploads import upload as upload_file

JSON = {"Accept": "application/json"}


def photo(name="photo.jpg", size=(640, 480), seed=1, quality=90, **save):
    """A photo with shapes of its own (`seed`), so two seeds are two different pictures."""
    image = Image.new("RGB", size, (20 * seed % 255, 90, 160))
    draw = ImageDraw.Draw(image)
    width, height = size
    for n in range(6):  # placed in proportion: the same photo at any size
        x, y = (seed * 97 + n * 131) % 100 / 100 * width, (seed * 53 + n * 71) % 100 / 100 * height
        draw.ellipse([x, y, x + width / 4, y + height / 4], fill=(255 - n * 30, n * 40, 20))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


class GridTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)
        cls.rm = make_artist("RM", hangul_name="알엠")
        cls.rm.aliases.create(name="Kim Namjoon", language="ko-Latn")
        cls.used = make_picture(
            photo(seed=1),
            title="Showcase encore",
            caption="Fans wave light sticks at the encore, warm and vivid.",
            credit="Yonhap / Kim Ji-ho",
            source_kind=SourceKind.WIRE,
        )
        cls.used.artists.add(cls.rm)
        cls.spare = make_picture(photo(seed=2), title="Studio corridor", credit="Staff")
        make_article(hero=cls.used)
        make_article(body=f"Words.\n\n[picture:{cls.used.pk}]")
        cls.gallery = make_gallery([cls.used])
        make_release(artwork=cls.used)

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:pictures_image_changelist")

    def titles(self, query=""):
        response = self.client.get(self.url + query)
        self.assertEqual(response.status_code, 200)
        return sorted(str(picture) for picture in response.context["cl"].result_list)

    def test_the_grid_shows_each_picture_with_its_credit_and_where_it_is_used(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'class="library-thumb"', count=2)
        self.assertContains(response, "Yonhap / Kim Ji-ho")
        self.assertContains(response, "used in 2 stories, 1 gallery, 1 release")
        self.assertContains(response, "not used")
        self.assertContains(response, reverse("admin:pictures_image_upload"))

    def test_search_reads_words_and_every_name_of_an_artist_shown(self):
        for query, found in [
            ("?q=encore", ["Showcase encore"]),
            ("?q=Kim+Ji-ho", ["Showcase encore"]),
            ("?q=Namjoon", ["Showcase encore"]),  # an alias of RM, shown in it
            ("?q=알엠", ["Showcase encore"]),
            ("?q=corridor+staff", ["Studio corridor"]),
            ("?q=RM", ["Showcase encore"]),  # a short name, not every "rm" in a caption
            ("?q=V", []),
            ("?q=nothing-like-it", []),
        ]:
            with self.subTest(query):
                self.assertEqual(self.titles(query), found)

    def test_filters_by_source_artist_use_and_licence(self):
        self.assertEqual(self.titles("?source_kind__exact=wire"), ["Showcase encore"])
        self.assertEqual(self.titles("?artist=Kim+Namjoon"), ["Showcase encore"])
        self.assertEqual(self.titles("?use=unused"), ["Studio corridor"])
        self.assertEqual(self.titles("?use=used"), ["Showcase encore"])
        self.assertEqual(self.titles("?licence=expiring"), [])
        make_picture(title="Ends soon", licence_expires=_day(3))
        make_picture(title="Ended", licence_expires=_day(-1))
        make_picture(title="No words", alt_text="")
        self.assertEqual(self.titles("?licence=expiring"), ["Ends soon"])
        self.assertEqual(self.titles("?licence=expired"), ["Ended"])
        self.assertEqual(self.titles("?use=undescribed"), ["No words"])

    def test_the_grid_costs_the_same_queries_for_two_pictures_or_forty(self):
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as two:
            self.client.get(self.url)
        for n in range(38):
            picture = make_picture(title=f"Extra {n}")
            make_article(hero=picture)
        with CaptureQueriesContext(connection) as forty:
            response = self.client.get(self.url)
        self.assertContains(response, 'class="library-thumb"', count=40)
        self.assertEqual(len(forty), len(two))

    def test_the_picture_form_lists_every_use_with_a_link(self):
        response = self.client.get(reverse("admin:pictures_image_change", args=[self.used.pk]))
        self.assertContains(response, "used in 2 stories, 1 gallery, 1 release")
        for story in self.used.hero_of.all():
            self.assertContains(response, reverse("admin:articles_article_change", args=[story.pk]))
        self.assertContains(
            response, reverse("admin:pictures_gallery_change", args=[self.gallery.pk])
        )

    def test_a_picture_in_use_cannot_be_deleted_only_withdrawn(self):
        delete = reverse("admin:pictures_image_delete", args=[self.used.pk])
        self.assertEqual(self.client.get(delete).status_code, 403)
        self.client.post(
            self.url, {"action": "withdraw", "_selected_action": [self.used.pk], "post": "yes"}
        )
        self.assertTrue(Picture.objects.get(pk=self.used.pk).hidden)

    def test_a_gallery_is_numbered_anew_in_the_order_typed(self):
        gallery = make_gallery([make_picture(), make_picture(), make_picture()])
        first, second, third = gallery.items.all()
        url = reverse("admin:pictures_gallery_change", args=[gallery.pk])
        data = {"title": "Renumbered", "description": ""}
        data |= {"items-TOTAL_FORMS": "3", "items-INITIAL_FORMS": "3"}
        for n, (item, position) in enumerate([(first, 5), (second, 1), (third, 1)]):
            data |= {
                f"items-{n}-id": item.pk,
                f"items-{n}-gallery": gallery.pk,
                f"items-{n}-image": item.image_id,
                f"items-{n}-position": position,
                f"items-{n}-caption": "",
            }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        order = list(gallery.items.values_list("pk", "position"))
        self.assertEqual(order, [(second.pk, 1), (third.pk, 2), (first.pk, 3)])

    def test_a_selection_becomes_a_gallery_in_the_order_shown(self):
        response = self.client.post(
            self.url,
            {"action": "make_gallery", "_selected_action": [self.spare.pk, self.used.pk]},
        )
        gallery = Gallery.objects.latest("pk")
        self.assertRedirects(response, reverse("admin:pictures_gallery_change", args=[gallery.pk]))
        self.assertEqual([item.image for item in gallery.items.all()], [self.spare, self.used])


class WriterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER)
        cls.picture = make_picture(title="Press kit")

    def test_a_writer_describes_pictures_but_cannot_withdraw_them(self):
        self.client.force_login(self.writer)
        response = self.client.get(reverse("admin:pictures_image_change", args=[self.picture.pk]))
        self.assertContains(response, 'name="alt_text"')
        self.assertNotContains(response, 'name="hidden"')
        changelist = self.client.get(reverse("admin:pictures_image_changelist"))
        self.assertContains(changelist, 'value="make_gallery"')
        self.assertNotContains(changelist, 'value="withdraw"')


class UploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:pictures_image_upload")

    def upload(self, file, **fields):
        return self.client.post(self.url, {"file": file, **fields}, headers=JSON)

    def test_each_bad_file_is_refused_with_its_message_as_json(self):
        for case in ("svg with a script", "truncated jpeg", "png named jpg", "text"):
            make_file, message = BAD_UPLOADS[case]
            with self.subTest(case):
                files = stored_files()
                response = self.upload(make_file())
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["errors"], [message])
                self.assertEqual(stored_files(), files)
                self.assertFalse(Picture.objects.exists())

    def test_without_javascript_the_good_files_go_in_and_the_bad_are_named(self):
        bad, message = BAD_UPLOADS["truncated jpeg"]
        files = [
            upload_file("one.jpg", noise(size=(300, 200))),
            bad(),
            upload_file("three.jpg", noise(size=(200, 300))),
        ]
        response = self.client.post(self.url, {"files": files}, follow=True)
        self.assertEqual(Picture.objects.count(), 2)
        self.assertEqual(sorted(Picture.objects.values_list("title", flat=True)), ["one", "three"])
        self.assertContains(response, escape(message))
        self.assertContains(response, "2 pictures are in the library")

    def test_the_page_takes_several_files_at_once_and_says_how(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'type="file" name="files" multiple')
        self.assertContains(response, "pictures/uploads.js")

    def test_a_new_picture_is_in_the_library_with_its_uploader(self):
        response = self.upload(photo("IMG_0042 stage.jpg"), alt_text="A stage", credit="Us")
        self.assertEqual(response.status_code, 201)
        picture = Picture.objects.get(pk=response.json()["picture"]["id"])
        self.assertEqual(picture.title, "IMG 0042 stage")
        self.assertEqual((picture.alt_text, picture.credit), ("A stage", "Us"))
        self.assertEqual(picture.uploaded_by, self.editor)
        self.assertTrue(picture.renditions["crops"])
        self.assertEqual(response.json()["picture"]["reference"], f"[picture:{picture.pk}]")

    def test_the_same_file_again_is_offered_as_the_one_the_library_has(self):
        first = self.upload(photo(seed=3)).json()["picture"]
        again = self.upload(photo("copy.jpg", seed=3))
        self.assertEqual(again.status_code, 409)
        self.assertEqual([d["id"] for d in again.json()["duplicates"]], [first["id"]])
        self.assertEqual(Picture.objects.count(), 1)

    def test_the_same_pixels_resized_and_recompressed_are_known_too(self):
        first = self.upload(photo(seed=4, size=(1200, 900))).json()["picture"]
        near = self.upload(photo("smaller.jpg", seed=4, size=(600, 450), quality=60))
        self.assertEqual(near.status_code, 409)
        self.assertEqual(near.json()["duplicates"][0]["id"], first["id"])

    def test_the_same_file_sent_twice_at_once_is_kept_once(self):
        """Both copies pass the look-alike check before either is stored (two files of one
        batch, two editors): the later gives way to the earlier."""
        first = self.upload(photo(seed=30)).json()["picture"]
        files = stored_files()
        with mock.patch.object(Picture.objects.none().__class__, "lookalikes", return_value=[]):
            again = self.upload(photo("copy.jpg", seed=30))
        self.assertEqual(again.status_code, 409)
        self.assertEqual(again.json()["duplicates"][0]["id"], first["id"])
        self.assertEqual(Picture.objects.count(), 1)
        self.assertEqual(stored_files(), files)  # nothing of the copy is left in storage

    def test_another_photo_goes_in_and_a_lookalike_can_be_kept_on_purpose(self):
        self.upload(photo(seed=5))
        self.assertEqual(self.upload(photo("other.jpg", seed=6)).status_code, 201)
        kept = self.upload(photo("same.jpg", seed=5), keep_duplicate="on")
        self.assertEqual(kept.status_code, 201)
        self.assertEqual(Picture.objects.count(), 3)

    def test_the_photos_own_credit_fills_what_was_left_empty(self):
        jpeg = photo(seed=7).read()
        iptc = iim(
            (2, 80, "Kim Ji-ho"),
            (2, 110, "Yonhap"),
            (2, 116, "© Yonhap News Agency"),
            (2, 120, "Fans at the showcase."),
        )
        file = SimpleUploadedFile("agency.jpg", with_iptc(jpeg, iptc), content_type="image/jpeg")
        response = self.upload(file, alt_text="Fans", caption="Our own caption")
        picture = Picture.objects.get(pk=response.json()["picture"]["id"])
        self.assertEqual(picture.credit, "Yonhap / Kim Ji-ho")
        self.assertEqual(picture.copyright_notice, "© Yonhap News Agency")
        self.assertEqual(picture.caption, "Our own caption")  # what was typed wins
        self.assertEqual(response.json()["prefilled"], ["credit", "copyright_notice"])

    def test_the_location_a_photo_carries_never_reaches_the_library(self):
        response = self.upload(photo(seed=8, exif=exif(gps=True)))
        picture = Picture.objects.get(pk=response.json()["picture"]["id"])
        with picture.file.open("rb") as stored:
            tags = Image.open(stored).getexif()
        self.assertEqual(tags.get_ifd(ExifTags.IFD.GPSInfo), {})

    def test_describing_an_upload_needs_its_alt_text(self):
        picture = Picture.objects.get(pk=self.upload(photo(seed=9)).json()["picture"]["id"])
        describe = reverse("admin:pictures_image_describe", args=[picture.pk])
        refused = self.client.post(describe, {"title": "T", "credit": "Us"}, headers=JSON)
        self.assertEqual(refused.status_code, 400)
        self.assertIn("alt_text", refused.json()["errors"])
        saved = self.client.post(describe, {"title": "T", "alt_text": "A stage"}, headers=JSON)
        self.assertEqual(saved.status_code, 200)
        self.assertEqual(Picture.objects.get(pk=picture.pk).alt_text, "A stage")

    def test_the_uploads_become_a_gallery_in_their_order(self):
        ids = [self.upload(photo(seed=10 + n)).json()["picture"]["id"] for n in range(3)]
        response = self.client.post(
            reverse("admin:pictures_gallery_make"), {"pictures": ids[::-1], "title": "Night"}
        )
        gallery = Gallery.objects.get(title="Night")
        self.assertRedirects(response, reverse("admin:pictures_gallery_change", args=[gallery.pk]))
        self.assertEqual([item.image_id for item in gallery.items.all()], ids[::-1])

    def test_the_add_form_refuses_a_duplicate_unless_told_it_is_another_photo(self):
        existing = make_picture(photo(seed=20), title="Original")
        data = {"file": photo("again.jpg", seed=20), "alt_text": "A", "focus_x": "0.5"}
        data["focus_y"] = "0.5"
        response = self.client.post(reverse("admin:pictures_image_add"), data)
        self.assertContains(response, "The library already has this picture:")
        self.assertContains(response, existing.get_admin_url())
        data = {**data, "file": photo("again.jpg", seed=20), "keep_duplicate": "on"}
        self.assertEqual(
            self.client.post(reverse("admin:pictures_image_add"), data).status_code, 302
        )
        self.assertEqual(Picture.objects.count(), 2)


class ChooserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER)
        cls.stage = make_picture(title="Stage", credit="Yonhap")
        cls.withdrawn = make_picture(title="Taken down", hidden=True)
        cls.gallery = make_gallery([cls.stage], title="Showcase night")

    def setUp(self):
        self.client.force_login(self.writer)

    def test_pictures_come_as_buttons_that_carry_their_reference(self):
        response = self.client.get(reverse("admin:pictures_image_choose"), {"q": "stage"})
        self.assertContains(response, f'data-reference="[picture:{self.stage.pk}]"')
        self.assertContains(response, "Yonhap")
        self.assertNotContains(response, "Taken down")

    def test_nothing_found_says_so(self):
        response = self.client.get(reverse("admin:pictures_image_choose"), {"q": "zebra"})
        self.assertContains(response, "Nothing in the library matches “zebra”")

    def test_galleries_too(self):
        response = self.client.get(reverse("admin:pictures_gallery_choose"), {"q": "showcase"})
        self.assertContains(response, f'data-reference="[gallery:{self.gallery.pk}]"')
        self.assertContains(response, "1 picture")

    def test_the_story_form_has_the_buttons_and_the_hero_its_chooser(self):
        response = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(response, 'data-insert="picture"')
        self.assertContains(response, 'data-insert="gallery"')
        self.assertContains(response, "data-library-choice")
        self.assertContains(response, "pictures/chooser.js")


def _day(offset):
    return timezone.localdate() + dt.timedelta(days=offset)
