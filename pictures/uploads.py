"""Uploads: what editors may send. A file is refused, with a message an editor can act on,
unless it is a whole JPEG, PNG, WebP or GIF image, named as what it is and within the size and
pixel limits; nothing is stored from a bad file."""

import re
import zlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

# What Pillow raises for a file it cannot read as an image. Its warning about a possible
# decompression bomb is an exception too wherever warnings are made errors (`-W error`).
BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)
UNREADABLE = (OSError, ValueError, *BOMB)

# Pillow's name for each format accepted: the type its files are stored as, and the endings
# their names may have. MPO is what many cameras write: a JPEG carrying a second picture.
ACCEPTED = {
    "JPEG": ("image/jpeg", ("jpg", "jpeg")),
    "MPO": ("image/jpeg", ("jpg", "jpeg")),
    "PNG": ("image/png", ("png",)),
    "WEBP": ("image/webp", ("webp",)),
    "GIF": ("image/gif", ("gif",)),
}
ACCEPTED_LIST = _("JPEG, PNG, WebP or GIF")
# What the browser's file picker offers.
ACCEPT_ATTRIBUTE = ",".join(dict.fromkeys(mime for mime, endings in ACCEPTED.values()))
FORMAT_NAMES = {"MPO": "JPEG", "WEBP": "WebP"}  # as editors know them
SNIFF_BYTES = 4096

TOO_LARGE = _(
    "“%(name)s” is %(size)s MB; an image can be at most %(limit)s MB. Save it smaller (fewer "
    "pixels, or a lower JPEG quality) and upload it again."
)
SVG = _(
    "“%(name)s” is an SVG drawing. SVG files are not accepted, as they can carry scripts that "
    "would run on our pages: upload a %(formats)s image instead."
)
NOT_AN_IMAGE_KIND = _(
    "“%(name)s” is not an image: it looks like %(kind)s. Upload a %(formats)s image."
)
NOT_AN_IMAGE = _(
    "“%(name)s” is not an image, or is too damaged to read. Upload a %(formats)s image."
)
WRONG_FORMAT = _(
    "“%(name)s” is in the %(format)s format, which is not accepted. Upload a %(formats)s image."
)
TOO_MANY_PIXELS = _(
    "“%(name)s” is %(width)s × %(height)s pixels (%(megapixels)s megapixels); an image can "
    "have at most %(limit)s megapixels. Make it smaller and upload it again."
)
FAR_TOO_MANY_PIXELS = _(
    "“%(name)s” has far more than the %(limit)s megapixels an image can have. Make it "
    "smaller and upload it again."
)
MISNAMED = _(
    "“%(name)s” is really a %(format)s image, so its name should end in “.%(extension)s”. "
    "Rename it and upload it again."
)
DAMAGED = _(
    "“%(name)s” is damaged or incomplete (perhaps cut short while copying), so it cannot be "
    "shown. Upload the original file again."
)

# An SVG's root element may follow an XML declaration, comments and a doctype.
SVG_START = re.compile(
    rb"(?:\s|<\?xml[^>]*>|<!--.*?-->|<!doctype[^>\[]*(?:\[.*?\])?\s*>)*<(?:[\w.-]+:)?svg[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
HTML_START = re.compile(rb"\s*<(?:!doctype html|html|head|body|script|iframe)\b", re.IGNORECASE)
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"}
TEXT_CONTROLS = {9, 10, 12, 13}  # tab, new line, form feed, carriage return


def check_upload(file):
    """Raise a ValidationError, in words an editor can act on, unless `file` (an upload) is
    a whole JPEG, PNG, WebP or GIF image, named as what it is and within the size and
    pixel limits; returns the format Pillow found. The pixels are decoded last, once the
    header has shown there are not too many of them."""
    name = file.name
    _check_size(file, name)
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    if _is_svg(head):
        _refuse(SVG, "svg", name=name)
    fmt, size = _identify(file, name, head)
    _check_format(fmt, name)
    _check_pixels(size, name)
    _check_extension(fmt, name)
    _check_decodes(file, name)
    file.seek(0)
    return fmt


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params={"formats": ACCEPTED_LIST, **params})


def _check_size(file, name):
    limit = settings.IMAGE_UPLOAD_MAX_MB
    if file.size > limit * 1024 * 1024:
        size = f"{file.size / 1024 / 1024:.1f}"
        _refuse(TOO_LARGE, "too_large", name=name, size=size, limit=limit)


def _is_svg(head):
    """Whether the file starts as an SVG does, plain or gzipped (.svgz)."""
    if head.startswith(b"\x1f\x8b"):
        try:  # at most SNIFF_BYTES come out, whatever the file claims
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return False
    return bool(SVG_START.match(head.removeprefix(b"\xef\xbb\xbf")))


def _identify(file, name, head):
    """The format and size the file's header declares; nothing is decoded yet."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            return image.format, image.size
    except BOMB:  # past Pillow's own limit, well above ours by default
        limit = settings.IMAGE_MAX_MEGAPIXELS
        _refuse(FAR_TOO_MANY_PIXELS, "too_many_pixels", name=name, limit=limit)
    except Exception:  # Pillow raises many kinds on a file it cannot read
        _refuse_unreadable(name, head)


def _refuse_unreadable(name, head):
    if _extension(name) in ("svg", "svgz"):
        _refuse(SVG, "svg", name=name)
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:  # iPhone photos; Pillow reads none
        _refuse(WRONG_FORMAT, "format", name=name, format="HEIC")
    kind = _kind_of(head)
    if kind:
        _refuse(NOT_AN_IMAGE_KIND, "not_an_image", name=name, kind=kind)
    _refuse(NOT_AN_IMAGE, "not_an_image", name=name)


def _kind_of(head):
    """What a file that is not an image seems to be, for the message; None when unsure."""
    if head.startswith(b"%PDF-"):
        return _("a PDF document")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _("a ZIP archive or an Office document")
    if HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return _("a web page (HTML)")
    if head and all(byte >= 32 or byte in TEXT_CONTROLS for byte in head):
        return _("a text file")
    return None


def _check_format(fmt, name):
    if fmt not in ACCEPTED:
        _refuse(WRONG_FORMAT, "format", name=name, format=FORMAT_NAMES.get(fmt, fmt))


def _check_pixels(size, name):
    width, height = size
    limit = settings.IMAGE_MAX_MEGAPIXELS
    if width * height > limit * 1_000_000:
        megapixels = f"{width * height / 1_000_000:.0f}"
        _refuse(
            TOO_MANY_PIXELS,
            "too_many_pixels",
            name=name,
            width=width,
            height=height,
            megapixels=megapixels,
            limit=limit,
        )


def _extension(name):
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def _check_extension(fmt, name):
    """The stored file keeps the upload's name, and its ending decides the Content-Type it
    is served with (sent with `nosniff`): a PNG named .jpg may not show at all."""
    endings = ACCEPTED[fmt][1]
    if _extension(name) not in endings:
        format_name = FORMAT_NAMES.get(fmt, fmt)
        _refuse(MISNAMED, "misnamed", name=name, format=format_name, extension=endings[0])


def _check_decodes(file, name):
    """Check the file through to its end: the only way to spot one cut short (a JPEG's
    header is whole long before its end)."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            image.verify()  # checksums, where the format has them
        file.seek(0)
        with Image.open(file) as image:
            # A JPEG decodes at an eighth of its width and height: every byte is still read,
            # so a cut-off file still fails, in a sixty-fourth of the memory.
            image.draft(None, (1, 1))
            image.load()
    except Exception as error:  # Pillow raises many kinds on a damaged file
        raise ValidationError(DAMAGED, code="damaged", params={"name": name}) from error


class ImageUploadField(forms.ImageField):
    """The form field of a SanitisedImageField: an upload is refused, with a message saying
    why, unless `check_upload` passes it, so nothing is stored from a bad file."""

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)  # empty and missing files, as usual
        if file is None:
            return None
        # Stored (in object storage, served) as what it is, not as what the browser said.
        file.content_type = ACCEPTED[check_upload(file)][0]
        return file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs
