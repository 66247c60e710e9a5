import io
from unittest import mock

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template import Context, Template
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from PIL import ExifTags, Image, ImageChops, ImageDraw

from articles.models import Article
from articles.services import article_restore_revision
from artists.models import Release
from pictures import renditions
from pictures.models import Image as Picture
from tests.factories import (
    exif,
    image_file,
    make_article,
    make_artist,
    make_picture,
    make_release,
    make_user,
)

RED = (230, 20, 30)


def upload(name="photo.jpg", size=(700, 400), fmt="JPEG", mode="RGB", colour="white", **save):
    """An uploaded image; `dot=(x, y)` draws a red dot there (fractions of the size)."""
    dot = save.pop("dot", None)
    image = Image.new(mode, size, colour)
    if dot:
        x, y = dot[0] * size[0], dot[1] * size[1]
        ImageDraw.Draw(image).ellipse([x - 8, y - 8, x + 8, y + 8], fill=RED)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def stored(name):
    with default_storage.open(name, "rb") as file:
        image = Image.open(file)
        image.load()
    return image


def red_box(image):
    """Where the red dot is in `image`, or None."""
    r, g, _ = image.convert("RGB").split()
    mask = ImageChops.multiply(
        r.point(lambda v: 255 if v > 170 else 0), g.point(lambda v: 255 if v < 100 else 0)
    )
    return mask.getbbox()


class UploadTests(TestCase):
    def test_a_turned_phone_photo_is_stored_upright_with_its_shape(self):
        """Orientation 6 (camera held sideways): 700x400 pixels that show a 400x700 picture."""
        picture = make_picture(upload(size=(700, 400), exif=exif(orientation=6)))
        self.assertEqual((picture.width, picture.height), (400, 700))
        original = stored(picture.file.name)
        self.assertEqual(original.size, (400, 700))
        self.assertNotIn(ExifTags.Base.Orientation, original.getexif())
        self.assertEqual(Picture.objects.get().width, 400)

    def test_the_photo_location_is_stripped_and_the_rest_of_exif_kept(self):
        picture = make_picture(upload(exif=exif(gps=True)))
        tags = stored(picture.file.name).getexif()
        self.assertNotIn(ExifTags.IFD.GPSInfo, tags)
        self.assertEqual(tags.get_ifd(ExifTags.IFD.GPSInfo), {})
        self.assertEqual(tags[ExifTags.Base.Make], "Newsroom camera")

    def test_a_cameras_two_picture_jpeg_loses_its_location_too(self):
        first = Image.new("RGB", (400, 300), "white")
        buffer = io.BytesIO()
        first.save(buffer, "MPO", save_all=True, append_images=[first.copy()], exif=exif(gps=True))
        photo = SimpleUploadedFile("camera.jpg", buffer.getvalue(), content_type="image/jpeg")
        picture = make_picture(photo)
        tags = stored(picture.file.name).getexif()
        self.assertEqual(tags.get_ifd(ExifTags.IFD.GPSInfo), {})
        self.assertEqual(tags[ExifTags.Base.Make], "Newsroom camera")

    def test_code_saving_a_file_directly_is_cleaned_too(self):
        picture = make_picture()
        picture.file.save("p.jpg", upload(exif=exif(orientation=8, gps=True)))
        picture.refresh_from_db()
        self.assertEqual((picture.width, picture.height), (400, 700))
        self.assertNotIn(ExifTags.IFD.GPSInfo, stored(picture.file.name).getexif())

    def test_a_clean_upload_is_stored_as_it_came(self):
        """No needless second JPEG compression."""
        original = upload()
        picture = make_picture(original)
        with default_storage.open(picture.file.name, "rb") as file:
            self.assertEqual(file.read(), original.open().read())


class CropBoxTests(SimpleTestCase):
    def test_the_focal_point_is_centred_when_the_edges_allow(self):
        left, top, right, bottom = renditions.crop_box((1000, 1000), (16, 9), (0.5, 0.3))
        self.assertEqual((right - left, bottom - top), (1000, 562))
        self.assertEqual((top + bottom) / 2, 300)

    def test_the_box_stops_at_the_edges(self):
        self.assertEqual(renditions.crop_box((1600, 900), (1, 1), (0.0, 0.5)), (0, 0, 900, 900))
        self.assertEqual(renditions.crop_box((1600, 900), (1, 1), (1.0, 0.5)), (700, 0, 1600, 900))
        self.assertEqual(
            renditions.crop_box((900, 1600), (16, 9), (0.5, 1.0)), (0, 1094, 900, 1600)
        )

    def test_original_is_never_cropped(self):
        self.assertEqual(renditions.crop_box((640, 480), None, (0.1, 0.9)), (0, 0, 640, 480))


class RenditionTests(TestCase):
    def test_every_crop_keeps_the_focal_point_in_frame(self):
        for size in ((700, 400), (400, 700)):
            for focus in ((0.12, 0.2), (0.85, 0.75), (0.5, 0.5), (0.3, 0.9)):
                with self.subTest(size=size, focus=focus):
                    record = make_picture(
                        upload(size=size, dot=focus), focus_x=focus[0], focus_y=focus[1]
                    )
                    picture = record.picture
                    for crop in renditions.CROPS:
                        rendition = stored(record.renditions["crops"][crop][-1]["jpeg"])
                        box = red_box(rendition)
                        self.assertIsNotNone(box, crop)
                        # The whole dot is in frame, not cut by an edge.
                        self.assertGreater(min(box[:2]), 0, crop)
                        self.assertLess(box[2], rendition.width, crop)
                        self.assertLess(box[3], rendition.height, crop)
                        self.assertEqual(rendition.size, picture.dimensions(crop))

    def test_webp_and_jpeg_at_each_width_the_source_allows(self):
        picture = make_picture(upload(size=(1000, 600), exif=exif()))
        crops = picture.renditions["crops"]
        self.assertEqual([r["width"] for r in crops["wide"]], [320, 640, 960])
        self.assertEqual([r["width"] for r in crops["square"]], [320])  # 600 wide
        self.assertEqual([(r["width"], r["height"]) for r in crops["original"]][-1], (960, 576))
        for entry in crops["wide"]:
            for fmt, pillow_name in (("webp", "WEBP"), ("jpeg", "JPEG")):
                with self.subTest(width=entry["width"], fmt=fmt):
                    image = stored(entry[fmt])
                    self.assertEqual(image.format, pillow_name)
                    self.assertEqual(image.size, (entry["width"], entry["height"]))
                    self.assertEqual(len(image.getexif()), 0)  # no metadata
                    self.assertNotIn("icc_profile", image.info)
            self.assertTrue(entry["jpeg"].startswith("renditions/library/"))

    def test_a_small_image_is_never_upscaled(self):
        picture = make_picture(image_file(size=(200, 100)))
        sizes = {
            crop: [(r["width"], r["height"]) for r in entries]
            for crop, entries in picture.renditions["crops"].items()
        }
        self.assertEqual(
            sizes,
            {
                "wide": [(178, 100)],
                "standard": [(133, 100)],
                "square": [(100, 100)],
                "original": [(200, 100)],
            },
        )

    def test_transparent_png_is_flattened_on_white(self):
        cover = upload("logo.png", size=(400, 400), fmt="PNG", mode="RGBA", colour=(0, 0, 0, 0))
        picture = make_picture(cover)
        for entry in picture.renditions["crops"]["square"]:
            self.assertEqual(stored(entry["jpeg"]).getpixel((5, 5)), (255, 255, 255))

    def test_saving_again_does_not_rebuild(self):
        picture = make_picture(upload())
        made = picture.renditions
        with mock.patch.object(renditions, "build", wraps=renditions.build) as build:
            picture.caption = "A new caption"
            picture.save()
            Picture.objects.get(pk=picture.pk).save()
        build.assert_not_called()
        picture.refresh_from_db()
        self.assertEqual(picture.renditions, made)

    def test_moving_the_focal_point_rebuilds_the_crops_that_move(self):
        picture = make_picture(upload(size=(1000, 400)))
        before = picture.renditions["crops"]
        picture.focus_x = 0.1
        with mock.patch.object(renditions, "build", wraps=renditions.build) as build:
            picture.save()
        build.assert_called_once()
        after = Picture.objects.get(pk=picture.pk).renditions
        self.assertEqual(after["focus"], [0.1, 0.5])
        self.assertNotEqual(after["crops"]["square"], before["square"])
        self.assertEqual(after["crops"]["original"], before["original"])  # kept, not remade
        self.assertTrue(default_storage.exists(after["crops"]["square"][0]["webp"]))

    def test_restoring_a_revision_brings_back_its_hero_picture(self):
        first_hero, second_hero = make_picture(upload()), make_picture(upload(size=(900, 500)))
        article = make_article(hero=first_hero)
        first = article.history.earliest()
        article.hero = second_hero
        article.save()
        article_restore_revision(article=article, revision=first, by=make_user(superuser=True))
        self.assertEqual(Article.objects.get(pk=article.pk).hero, first_hero)

    def test_a_revision_whose_picture_is_gone_restores_without_one(self):
        hero = make_picture(upload())
        article = make_article(hero=hero)
        first = article.history.earliest()
        hero.delete()
        article_restore_revision(article=article, revision=first, by=make_user(superuser=True))
        self.assertIsNone(Article.objects.get(pk=article.pk).hero)

    def test_a_new_image_gets_new_renditions(self):
        picture = make_picture(upload())
        first = picture.renditions
        picture.file = upload(size=(800, 800))
        picture.save()
        self.assertEqual(picture.renditions["source"], picture.file.name)
        self.assertNotEqual(picture.renditions["crops"], first["crops"])

    def test_saving_only_other_fields_leaves_images_alone(self):
        picture = make_picture(upload())
        before = picture.renditions
        picture.focus_x = 0.1  # would rebuild the renditions on a full save
        with mock.patch.object(renditions, "build") as build:
            picture.save(update_fields=["caption"])
        build.assert_not_called()
        picture.refresh_from_db()
        self.assertEqual(picture.renditions, before)

    def test_a_deleted_cover_leaves_the_release_without_one(self):
        release = make_release(artwork=make_picture(upload()))
        release.artwork.delete()
        release = Release.objects.get(pk=release.pk)
        self.assertIsNone(release.artwork)
        self.assertIsNone(release.cover_picture)

    def test_an_unreadable_file_does_not_stop_a_save(self):
        picture = make_picture(upload())
        default_storage.delete(picture.file.name)
        Picture.objects.filter(pk=picture.pk).update(renditions={})
        picture = Picture.objects.get(pk=picture.pk)
        with self.assertLogs("pictures.renditions", "WARNING"):
            picture.save()
        self.assertEqual(picture.renditions, {})


class PictureTagTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.record = make_picture(upload(size=(1400, 900)), alt_text="A stage")

    def render(self, text, **context):
        return Template("{% load pictures %}" + text).render(Context(context))

    def test_markup(self):
        html = self.render(
            '{% picture picture "wide" sizes="(min-width: 720px) 360px, 100vw" alt="" %}',
            picture=self.record.picture,
        )
        wide = self.record.renditions["crops"]["wide"]
        url = default_storage.url
        webp = ", ".join(f"{url(r['webp'])} {r['width']}w" for r in wide)
        jpeg = ", ".join(f"{url(r['jpeg'])} {r['width']}w" for r in wide)
        sizes = "(min-width: 720px) 360px, 100vw"
        self.assertEqual([r["width"] for r in wide], [320, 640, 960, 1280])
        self.assertHTMLEqual(
            html,
            f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
            f'<img src="{url(wide[2]["jpeg"])}" srcset="{jpeg}" sizes="{sizes}" width="1280" '
            'height="720" alt="" loading="lazy" decoding="async"></picture>',
        )

    def test_an_image_above_the_fold_loads_first(self):
        html = self.render(
            '{% picture picture "original" alt="A stage" loading="eager" fetchpriority="high" %}',
            picture=self.record.picture,
        )
        self.assertIn('loading="eager"', html)
        self.assertIn('fetchpriority="high"', html)
        self.assertIn('alt="A stage"', html)
        self.assertIn('height="823"', html)  # the shape of the whole image, 1400x900
        self.assertNotIn("lazy", html)

    def test_no_image_prints_nothing(self):
        self.assertEqual(self.render('{% picture picture "wide" %}', picture=None), "")

    def test_before_renditions_are_made_the_original_is_used(self):
        Picture.objects.filter(pk=self.record.pk).update(renditions={})
        picture = Picture.objects.get(pk=self.record.pk).picture
        html = self.render('{% picture picture "wide" alt="" %}', picture=picture)
        original = self.record.file.url
        self.assertHTMLEqual(
            html,
            f'<picture><img src="{original}" srcset="{original} 1400w" sizes="100vw" '
            'width="1400" height="900" alt="" loading="lazy" decoding="async"></picture>',
        )
        self.assertEqual(picture.largest("square").url, original)

    def test_renditions_of_an_earlier_image_are_not_used(self):
        Picture.objects.filter(pk=self.record.pk).update(file="library/other.jpg")
        picture = Picture.objects.get(pk=self.record.pk).picture
        self.assertEqual(picture.largest("wide").url, default_storage.url("library/other.jpg"))

    def test_largest_gives_absolute_worthy_jpeg_details(self):
        largest = self.record.picture.largest("square")
        self.assertEqual((largest.width, largest.height), (640, 640))  # 900 wide: not 960
        self.assertTrue(largest.url.endswith(".jpeg"))
        self.assertEqual(largest.size, default_storage.size(largest.url.removeprefix("/media/")))


class PagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rm = make_artist("RM", picture=make_picture(upload(size=(500, 500))))
        cover = make_picture(upload(size=(500, 500)))
        cls.release = make_release(artists=[cls.rm], artwork=cover)
        cls.story = make_article(
            artists=[cls.rm],
            releases=[cls.release],
            hero=make_picture(upload(), alt_text="On stage"),
        )
        for _ in range(3):
            make_article(artists=[cls.rm], releases=[cls.release], hero=make_picture(upload()))

    def test_the_story_hero_loads_first_and_cards_lazily(self):
        response = self.client.get(self.story.get_absolute_url())
        html = response.content.decode()
        hero = html[html.index('class="story__hero"') : html.index("</figure>")]
        self.assertIn('fetchpriority="high"', hero)
        self.assertIn('alt="On stage"', hero)
        self.assertIn('type="image/webp"', hero)
        self.assertNotIn('loading="lazy"', hero)
        cards = html[html.index('class="related"') :]
        self.assertIn('loading="lazy"', cards)
        self.assertIn("wide-320-f500-500.webp 320w", cards)

    def test_the_home_lead_loads_first_and_the_rest_lazily(self):
        html = self.client.get(reverse("home")).content.decode()
        lead, rest = html.split('<article class="card">', 1)
        self.assertIn('fetchpriority="high"', lead)
        self.assertNotIn('loading="lazy"', lead)
        self.assertIn('loading="lazy"', rest)
        self.assertNotIn("fetchpriority", rest)

    def test_artist_and_release_pages_print_pictures(self):
        artist_page = self.client.get(self.rm.get_absolute_url())
        self.assertContains(artist_page, 'alt="RM"')
        self.assertContains(artist_page, "/original-320.webp 320w")  # the photo, uncropped
        self.assertContains(artist_page, "/square-320-f500-500.jpeg 320w")  # discography
        release_page = self.client.get(self.release.get_absolute_url())
        self.assertContains(release_page, 'alt="Cover of ')
        self.assertContains(release_page, "/original-320.jpeg 320w")

    def test_lists_with_images_cost_no_extra_queries(self):
        with self.assertNumQueries(1):  # the page, no count
            response = self.client.get(reverse("articles:list"))
        self.assertContains(response, "<picture>", count=4)


class RenditionsCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story_picture = make_picture(upload())
        cls.story = make_article(hero=cls.story_picture)
        cls.artist = make_artist(picture=make_picture(upload()))
        cls.cover = make_picture(upload())
        cls.release = make_release(artwork=cls.cover)
        make_article()  # no image: nothing to do

    def run_command(self, *args):
        out, err = io.StringIO(), io.StringIO()
        call_command("renditions", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_missing_renditions_are_made(self):
        Picture.objects.filter(pk=self.story_picture.pk).update(renditions={})
        output, _ = self.run_command("--missing")
        self.assertIn("Library pictures: 1 made, 2 already up to date, 0 failed.", output)
        self.assertIn("Renditions made for 1 images", output)
        picture = Picture.objects.get(pk=self.story_picture.pk)
        self.assertEqual(picture.renditions["source"], picture.file.name)
        self.assertEqual(Article.objects.get(pk=self.story.pk).version, self.story.version)

    def test_without_missing_everything_is_remade(self):
        output, _ = self.run_command()
        self.assertIn("Renditions made for 3 images", output)

    def test_an_unreadable_image_is_reported_and_the_rest_go_on(self):
        Picture.objects.filter(pk=self.cover.pk).update(file="library/gone.jpg")
        output, errors = self.run_command()
        self.assertIn("library/gone.jpg", errors)
        self.assertIn("Library pictures: 2 made, 0 already up to date, 1 failed.", output)
        self.assertIn("Renditions made for 2 images", output)


class FocalPointAdminTests(TestCase):
    """The focal point is set on the picture's own form in the library."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(superuser=True)
        cls.picture = make_picture(upload(), alt_text="A card", credit="Us", title="A card")

    def setUp(self):
        self.client.force_login(self.editor)
        self.url = reverse("admin:pictures_image_change", args=[self.picture.pk])

    def data(self, **overrides):
        fields = {"title": "A card", "alt_text": "A card", "credit": "Us", "focus_x": "0.5"}
        return {**fields, "focus_y": "0.5", **overrides}

    def test_the_preview_marks_the_focal_point_beside_plain_number_fields(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'data-focus-x="id_focus_x"')
        self.assertContains(response, 'style="left:50.0%;top:50.0%"')
        self.assertContains(response, 'name="focus_x" value="0.5"')
        self.assertContains(response, "pictures/focal_point.js")

    def test_a_new_focal_point_from_the_form_moves_the_crops(self):
        response = self.client.post(self.url, self.data(focus_x="0.2", focus_y=""))
        self.assertEqual(response.status_code, 302)
        picture = Picture.objects.get(pk=self.picture.pk)
        self.assertEqual((picture.focus_x, picture.focus_y), (0.2, 0.5))
        self.assertEqual(picture.renditions["focus"], [0.2, 0.5])

    def test_a_focal_point_off_the_picture_is_refused(self):
        response = self.client.post(self.url, self.data(focus_x="1.5"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "less than or equal to 1")

    def test_a_form_sent_back_with_an_empty_focal_point_shows_its_errors(self):
        response = self.client.post(self.url, self.data(alt_text="", focus_x=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This field is required")
        self.assertContains(response, 'style="left:50.0%;top:50.0%"')
