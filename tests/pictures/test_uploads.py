"""Bad image uploads are refused in the admin with a message saying why, and leave nothing
behind: no row added or changed, no file stored."""

import io
import struct
import warnings
import zipfile
import zlib
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils.html import escape
from PIL import ExifTags, Image, ImageFile

from articles.models import Article, Byline
from newsroom.roles import EDITOR
from pictures import uploads
from pictures.models import Image as Picture
from tests.factories import exif, image_file, make_picture, make_role_user

ACCEPTED = "JPEG, PNG, WebP or GIF"


# Files


def picture(fmt="JPEG", size=(400, 300), **options):
    """The bytes of an image of noise (so it does not compress to almost nothing)."""
    image = Image.effect_noise(size, 40).convert("P" if fmt == "GIF" else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def cut_in_half(data):
    return data[: len(data) // 2]


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width, height):
    """A PNG of a few dozen bytes whose header declares `width` x `height` pixels: the
    shape of a decompression bomb."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + _chunk(b"IEND", b"")
    )


def zip_archive():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", picture())
    return buffer.getvalue()


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)
PLAIN_SVG = (
    b'<?xml version="1.0"?>\n<!-- Made by hand -->\n'
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
)


def upload(name, data, content_type="image/jpeg"):
    """What a browser sends: the type it claims comes from the name, not the content."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files():
    """Every file under MEDIA_ROOT, however deep."""
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


# Every bad upload, with what the editor is told. Each case is a function, so that every
# post gets a file of its own.
NOT_IMAGES = {
    "text": (
        lambda: upload("photo.jpg", b"Photo to follow from the agency.\n"),
        f"“photo.jpg” is not an image: it looks like a text file. Upload a {ACCEPTED} image.",
    ),
    "html": (
        lambda: upload("photo.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        f"“photo.jpg” is not an image: it looks like a web page (HTML). Upload a {ACCEPTED} image.",
    ),
    "pdf": (
        lambda: upload("photo.jpg", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        f"“photo.jpg” is not an image: it looks like a PDF document. Upload a {ACCEPTED} image.",
    ),
    "zip": (
        lambda: upload("photo.jpg", zip_archive()),
        "“photo.jpg” is not an image: it looks like a ZIP archive or an Office document. "
        f"Upload a {ACCEPTED} image.",
    ),
    "binary": (
        lambda: upload("photo.jpg", b"\xde\xad\xbe\xef\x00\x01" * 500),
        f"“photo.jpg” is not an image, or is too damaged to read. Upload a {ACCEPTED} image.",
    ),
}
DAMAGED = {
    "truncated jpeg": (
        lambda: upload("photo.jpg", cut_in_half(picture("JPEG"))),
        "“photo.jpg” is damaged or incomplete (perhaps cut short while copying), so it "
        "cannot be shown. Upload the original file again.",
    ),
    "truncated png": (
        lambda: upload("photo.png", cut_in_half(picture("PNG")), "image/png"),
        "“photo.png” is damaged or incomplete (perhaps cut short while copying), so it "
        "cannot be shown. Upload the original file again.",
    ),
}
BOMBS = {
    "20000x20000 png": (
        lambda: upload("bomb.png", png_claiming(20000, 20000), "image/png"),
        "“bomb.png” has far more than the 50 megapixels an image can have. Make it smaller "
        "and upload it again.",
    ),
    "10000x6000 png": (
        lambda: upload("wide.png", png_claiming(10000, 6000), "image/png"),
        "“wide.png” is 10000 × 6000 pixels (60 megapixels); an image can have at most 50 "
        "megapixels. Make it smaller and upload it again.",
    ),
}
TOO_LARGE = {
    "21 MB": (
        # A real JPEG's start, then padding: the size alone refuses it.
        lambda: upload("big.jpg", picture().ljust(21 * 1024 * 1024, b"\0")),
        "“big.jpg” is 21.0 MB; an image can be at most 20 MB. Save it smaller (fewer pixels, "
        "or a lower JPEG quality) and upload it again.",
    ),
}
SVGS = {
    "svg with a script": (
        lambda: upload("logo.svg", SVG_WITH_SCRIPT, "image/svg+xml"),
        "“logo.svg” is an SVG drawing. SVG files are not accepted, as they can carry scripts "
        f"that would run on our pages: upload a {ACCEPTED} image instead.",
    ),
    "plain svg": (
        lambda: upload("logo.svg", PLAIN_SVG, "image/svg+xml"),
        "“logo.svg” is an SVG drawing. SVG files are not accepted, as they can carry scripts "
        f"that would run on our pages: upload a {ACCEPTED} image instead.",
    ),
    "svg named png": (
        lambda: upload("logo.png", SVG_WITH_SCRIPT, "image/png"),
        "“logo.png” is an SVG drawing. SVG files are not accepted, as they can carry scripts "
        f"that would run on our pages: upload a {ACCEPTED} image instead.",
    ),
}
MISNAMED = {
    "png named jpg": (
        lambda: upload("photo.jpg", picture("PNG")),
        "“photo.jpg” is really a PNG image, so its name should end in “.png”. Rename it and "
        "upload it again.",
    ),
    "gif named png": (
        lambda: upload("photo.png", picture("GIF"), "image/png"),
        "“photo.png” is really a GIF image, so its name should end in “.gif”. Rename it and "
        "upload it again.",
    ),
    "jpeg named webp": (
        lambda: upload("photo.webp", picture("JPEG"), "image/webp"),
        "“photo.webp” is really a JPEG image, so its name should end in “.jpg”. Rename it and "
        "upload it again.",
    ),
}
OTHER_FORMATS = {
    "bmp": (
        lambda: upload("photo.bmp", picture("BMP"), "image/bmp"),
        f"“photo.bmp” is in the BMP format, which is not accepted. Upload a {ACCEPTED} image.",
    ),
}
BAD_UPLOADS = NOT_IMAGES | DAMAGED | BOMBS | TOO_LARGE | SVGS | MISNAMED | OTHER_FORMATS


class LibraryAdminUploadTests(TestCase):
    """Each bad file through the library's add and change forms."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_role_user(EDITOR)
        cls.picture = make_picture(image_file(), alt_text="A card", credit="Us", title="Card")

    def setUp(self):
        self.client.force_login(self.editor)

    def add(self, file):
        data = {"title": "A bad picture", "alt_text": "A picture", "file": file}
        data |= {"focus_x": "0.5", "focus_y": "0.5"}
        return self.client.post(reverse("admin:pictures_image_add"), data)

    def change(self, file):
        data = {"title": "Card", "alt_text": "A new picture", "credit": "Us", "file": file}
        data |= {"focus_x": "0.5", "focus_y": "0.5"}
        url = reverse("admin:pictures_image_change", args=[self.picture.pk])
        return self.client.post(url, data)

    def picture_as_stored(self):
        return Picture.objects.filter(pk=self.picture.pk).values().get()

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["adminform"].form.errors["file"], [message])
        self.assertContains(response, escape(message))

    def check(self, cases):
        for case, (make_file, message) in cases.items():
            with self.subTest(case, form="add"):
                files, count = stored_files(), Picture.objects.count()
                self.assert_refused(self.add(make_file()), message)
                self.assertEqual(Picture.objects.count(), count)
                self.assertEqual(stored_files(), files)
            with self.subTest(case, form="change"):
                files, before = stored_files(), self.picture_as_stored()
                self.assert_refused(self.change(make_file()), message)
                self.assertEqual(self.picture_as_stored(), before)
                self.assertEqual(stored_files(), files)

    def test_a_file_that_is_not_an_image(self):
        self.check(NOT_IMAGES)

    def test_a_truncated_image(self):
        self.check(DAMAGED)

    def test_a_decompression_bomb(self):
        self.check(BOMBS)

    def test_a_bomb_is_refused_even_where_pillows_warning_is_an_error(self):
        """Past its warning level (but short of its own hard limit) Pillow warns; run with
        `-W error`, the warning is an exception, which must not become a server error."""
        case = (
            lambda: upload("bomb.png", png_claiming(10000, 10000), "image/png"),
            "“bomb.png” has far more than the 50 megapixels an image can have. Make it "
            "smaller and upload it again.",
        )
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            self.check({"100 megapixels": case})

    def test_an_oversize_file(self):
        self.check(TOO_LARGE)

    def test_an_svg(self):
        self.check(SVGS)

    def test_a_misleading_extension(self):
        self.check(MISNAMED)

    def test_a_format_other_than_the_accepted_ones(self):
        self.check(OTHER_FORMATS)

    def test_a_good_image_goes_through_without_its_location(self):
        """The control: the same forms take a real photo, and it is stored without GPS."""
        data = picture("JPEG", exif=exif(gps=True))
        self.assertIn(ExifTags.IFD.GPSInfo, Image.open(io.BytesIO(data)).getexif())
        files = stored_files()
        response = self.change(upload("PHOTO.JPG", data))
        self.assertEqual(response.status_code, 302)
        stored = Picture.objects.get(pk=self.picture.pk)
        self.assertNotEqual(stored.file.name, self.picture.file.name)
        self.assertGreater(stored_files(), files)
        with default_storage.open(stored.file.name, "rb") as file:
            tags = Image.open(file).getexif()
        self.assertNotIn(ExifTags.IFD.GPSInfo, tags)
        self.assertEqual(tags[ExifTags.Base.Make], "Newsroom camera")


class ImageUploadFieldTests(SimpleTestCase):
    """The form field itself, one bad file at a time."""

    def setUp(self):
        self.field = Picture._meta.get_field("file").formfield()

    def refusal(self, file):
        with self.assertRaises(ValidationError) as caught:
            self.field.clean(file)
        return caught.exception.messages

    def test_every_image_field_refuses_bad_uploads(self):
        for model, name in ((Picture, "file"), (Article, "social_image"), (Byline, "photo")):
            with self.subTest(model=model.__name__):
                field = model._meta.get_field(name).formfield()
                self.assertIsInstance(field, uploads.ImageUploadField)
                self.assertEqual(field.widget.attrs["accept"], uploads.ACCEPT_ATTRIBUTE)

    def test_each_bad_upload_gets_its_message(self):
        for case, (make_file, message) in BAD_UPLOADS.items():
            with self.subTest(case):
                self.assertEqual(self.refusal(make_file()), [message])

    def test_an_iphone_heic_photo_is_named_as_such(self):
        heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 200
        expected = (
            "“IMG_0001.jpg” is in the HEIC format, which is not accepted. Upload a "
            f"{ACCEPTED} image."
        )
        self.assertEqual(self.refusal(upload("IMG_0001.jpg", heic)), [expected])

    def test_a_gzipped_svg(self):
        for name in ("logo.svgz", "logo.jpg"):
            with self.subTest(name):
                messages = self.refusal(upload(name, _gzip(SVG_WITH_SCRIPT)))
                self.assertIn("is an SVG drawing. SVG files are not accepted", messages[0])

    def test_an_empty_file(self):
        self.assertEqual(self.refusal(upload("photo.jpg", b"")), ["The submitted file is empty."])

    @override_settings(IMAGE_UPLOAD_MAX_MB=1)
    def test_the_size_limit_comes_from_the_settings(self):
        big = picture("PNG").ljust(1536 * 1024, b"\0")  # a real PNG's start, 1.5 MB in all
        messages = self.refusal(upload("photo.png", big))
        expected = (
            "“photo.png” is 1.5 MB; an image can be at most 1 MB. Save it smaller (fewer "
            "pixels, or a lower JPEG quality) and upload it again."
        )
        self.assertEqual(messages, [expected])

    @override_settings(IMAGE_MAX_MEGAPIXELS=2)
    def test_the_pixel_limit_comes_from_the_settings(self):
        messages = self.refusal(upload("photo.jpg", picture(size=(2000, 1500))))
        expected = (
            "“photo.jpg” is 2000 × 1500 pixels (3 megapixels); an image can have at most 2 "
            "megapixels. Make it smaller and upload it again."
        )
        self.assertEqual(messages, [expected])

    def test_pixels_are_counted_before_any_are_decoded(self):
        with mock.patch.object(ImageFile.ImageFile, "load", side_effect=AssertionError):
            messages = self.refusal(upload("wide.png", png_claiming(10000, 6000), "image/png"))
        self.assertIn("is 10000 × 6000 pixels (60 megapixels)", messages[0])

    def test_accepted_images(self):
        """JPEG (and the MPO cameras write), PNG, WebP and GIF, whatever the case of the
        name; each is then typed as what it is, not as the browser said."""
        mpo = Image.new("RGB", (64, 36), "white")
        buffer = io.BytesIO()
        mpo.save(buffer, "MPO", save_all=True, append_images=[mpo.copy()])
        good = {
            "photo.jpg": (picture("JPEG"), "image/jpeg"),
            "PHOTO.JPEG": (picture("JPEG"), "image/jpeg"),
            "camera.jpg": (buffer.getvalue(), "image/jpeg"),
            "photo.png": (picture("PNG"), "image/png"),
            "photo.webp": (picture("WEBP"), "image/webp"),
            "photo.gif": (picture("GIF"), "image/gif"),
        }
        for name, (data, content_type) in good.items():
            with self.subTest(name):
                file = self.field.clean(upload(name, data, "text/html"))
                self.assertEqual(file.content_type, content_type)
                self.assertEqual(file.tell(), 0)  # ready to be stored from the start


def _gzip(data):
    compressor = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush()
