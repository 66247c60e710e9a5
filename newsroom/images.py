"""Responsive images: uploads checked and cleaned once, renditions made once when an image
changes.

An image field comes with companions named after a prefix (see `PictureFields`):
`<prefix>_width`, `_height`, `_focus_x`, `_focus_y` and `_renditions`. The renditions JSON
records what was made, so pages print `<picture>` markup from the row alone: no storage
lookups, no queries.
"""

import io
import logging
import re
import zlib
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

# Width and height ratios; "original" keeps the whole image.
CROPS = {"wide": (16, 9), "standard": (4, 3), "square": (1, 1), "original": None}
WIDTHS = (320, 640, 960, 1280, 1600)
QUALITY = 80
# Pillow writes no EXIF, XMP or colour profile unless asked to, and is never asked.
FORMATS = {
    "webp": {"format": "WEBP", "quality": QUALITY, "method": 4},
    "jpeg": {"format": "JPEG", "quality": QUALITY, "optimize": True, "progressive": True},
}
# Formats rewritten on upload; others (an animated GIF, say) are stored as they come.
REWRITTEN = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
SRGB = ImageCms.createProfile("sRGB")
# What Pillow raises for a file it cannot read as an image. Its warning about a possible
# decompression bomb is an exception too wherever warnings are made errors (`-W error`).
BOMB = (Image.DecompressionBombError, Image.DecompressionBombWarning)
UNREADABLE = (OSError, ValueError, *BOMB)

FOCUS_ACROSS_HELP = _(
    "Where the subject is, from the left (0) to the right (1); crops for cards and shares "
    "keep it in frame. Clicking the preview sets it."
)
FOCUS_DOWN_HELP = _("Where the subject is, from the top (0) to the bottom (1).")


# Uploads: what editors may send

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


# Storing


def sanitised(content):
    """`content` upright and without location data, as a new file; None when it needs no
    change or is not an image Pillow can rewrite."""
    try:
        content.seek(0)
        with Image.open(content) as image:
            return _rewrite(image, content.name)
    except UNREADABLE:
        return None
    finally:
        content.seek(0)


def _rewrite(image, name):
    fmt = REWRITTEN.get(image.format)
    # Pillow calls a camera's MPO (a JPEG with a second, preview picture) animated: it is
    # rewritten as its first picture, which drops the second one's EXIF too.
    animated = image.format != "MPO" and getattr(image, "is_animated", False)
    if fmt is None or animated:
        return None
    exif = image.getexif()
    turned = exif.get(ExifTags.Base.Orientation, 1) not in (0, 1)
    if not (turned or ExifTags.IFD.GPSInfo in exif or "xmp" in image.info):
        return None
    upright = ImageOps.exif_transpose(image) if turned else image
    exif = upright.getexif()
    exif.pop(ExifTags.IFD.GPSInfo, None)  # where the photo was taken: often a private place
    options = {"exif": exif.tobytes(), "icc_profile": image.info.get("icc_profile")}
    if fmt == "JPEG":
        # Untouched pixels keep the camera's compression; turned ones are encoded once, finely.
        kept = upright is image and image.format == "JPEG"
        options |= {"quality": "keep", "subsampling": "keep"} if kept else {"quality": 95}
    elif fmt == "WEBP":
        options["quality"] = 95  # Pillow's default of 80 would visibly soften the original
    buffer = io.BytesIO()
    upright.save(buffer, fmt, **options)  # XMP is not carried over: it can hold a location too
    return ContentFile(buffer.getvalue(), name=name)


class SanitisedImageFieldFile(models.fields.files.ImageFieldFile):
    def save(self, name, content, save=True):
        # Both commit paths (a form's upload in pre_save, `field.save()` in code) come here,
        # before anything is stored; the width and height fields are then read from the
        # stored file, so a turned photo gets its true shape.
        super().save(name, sanitised(content) or content, save)


class SanitisedImageField(models.ImageField):
    """An ImageField that stores uploads upright (EXIF orientation applied) and without
    GPS or XMP metadata."""

    attr_class = SanitisedImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadField, **kwargs})


class FocalPointField(models.FloatField):
    """One coordinate of an image's focal point, 0.0 to 1.0; left empty, the middle."""

    default_validators = [MinValueValidator(0.0), MaxValueValidator(1.0)]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", 0.5)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        if getattr(model_instance, self.attname) is None:
            setattr(model_instance, self.attname, self.get_default())
        return super().pre_save(model_instance, add)

    def formfield(self, **kwargs):
        return super().formfield(**{"min_value": 0.0, "max_value": 1.0, **kwargs})


# Renditions


def crop_box(size, ratio, focus):
    """The largest box of `ratio` in an image of `size`, placed so the focal point is as
    near its centre as the image's edges allow."""
    width, height = size
    if ratio is None:
        return (0, 0, width, height)
    across, down = ratio
    if width * down <= height * across:
        box_width, box_height = width, max(1, round(width * down / across))
    else:
        box_width, box_height = max(1, round(height * across / down)), height
    left = _place(focus[0] * width, box_width, width)
    top = _place(focus[1] * height, box_height, height)
    return (left, top, left + box_width, top + box_height)


def _place(centre, span, total):
    return min(max(round(centre - span / 2), 0), total - span)


def widths_for(available):
    """Rendition widths for a crop `available` pixels wide: never upscaled."""
    return [width for width in WIDTHS if width <= available] or [available]


def rendition_name(source, crop, width, focus, fmt):
    """Where a rendition is stored: the same inputs always give the same name."""
    stem, _, extension = source.rpartition(".")
    folder = f"{stem}_{extension}" if stem else source
    point = "" if CROPS[crop] is None else f"-f{round(focus[0] * 1000)}-{round(focus[1] * 1000)}"
    return f"renditions/{folder}/{crop}-{width}{point}.{fmt}"


def normal_focus(x, y):
    return [round(min(max(x, 0.0), 1.0), 3), round(min(max(y, 0.0), 1.0), 3)]


def is_current(renditions, name, focus):
    """Whether `renditions` were made from the file `name` at `focus`."""
    return (
        bool(renditions) and renditions.get("source") == name and renditions.get("focus") == focus
    )


def build(file, focus, previous=None):
    """Make and store every rendition of `file` (a stored image) at `focus`; crops whose
    files `previous` already lists (the uncropped one when only the focus moved) are kept."""
    previous_crops = (previous or {}).get("crops", {})
    image = _source(file)
    boxes = {crop: crop_box(image.size, ratio, focus) for crop, ratio in CROPS.items()}
    crops = {}
    for crop, box in boxes.items():
        widths = widths_for(box[2] - box[0])
        names = [rendition_name(file.name, crop, width, focus, "jpeg") for width in widths]
        if [entry["jpeg"] for entry in previous_crops.get(crop, [])] == names:
            crops[crop] = previous_crops[crop]
    todo = [crop for crop in CROPS if crop not in crops]
    # Pillow lets go of the GIL while it resizes and encodes: crops are made side by side,
    # then stored one by one from this thread.
    with ThreadPoolExecutor(max_workers=max(len(todo), 1)) as pool:
        encoded = pool.map(lambda crop: _encode(image.crop(boxes[crop])), todo)
        for crop, sizes in zip(todo, encoded, strict=True):
            crops[crop] = [_store(file.name, crop, focus, *size) for size in sizes]
    return {"source": file.name, "focus": focus, "crops": {crop: crops[crop] for crop in CROPS}}


def refresh(file, focus, renditions):
    """`renditions` when still made from `file` at `focus`, else new ones ({} without an
    image). A pending upload is stored first, so renditions are named after the stored
    file. A file that cannot be read is logged and pages fall back to the original."""
    if not file:
        return {}
    if not file._committed:
        file.save(file.name, file.file, save=False)
    if is_current(renditions, file.name, focus):
        return renditions
    try:
        return build(file, focus, renditions)
    except UNREADABLE:
        logger.warning("Could not make renditions of %s", file.name, exc_info=True)
        return {}


def _source(file):
    """The stored image decoded, upright, in sRGB on white, with no metadata left."""
    with file.storage.open(file.name, "rb") as stored, Image.open(stored) as image:
        # JPEGs far larger than the largest rendition decode at 1/2, 1/4 or 1/8 scale.
        image.draft(None, (WIDTHS[-1], WIDTHS[-1]))
        image.load()
        exif = image.getexif()
        if exif.get(ExifTags.Base.Orientation, 1) not in (0, 1):
            image = ImageOps.exif_transpose(image)
        flat = _flatten(_to_srgb(image))
    flat.info = {}
    return flat


def _to_srgb(image):
    """Renditions carry no colour profile, so pictures in another space (a phone's
    Display P3, Adobe RGB press photos) are converted to the sRGB browsers assume."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if ImageCms.getProfileDescription(profile).strip().startswith("sRGB"):
            return image
        return ImageCms.profileToProfile(image, profile, SRGB, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError):
        return image


def _flatten(image):
    """RGB, with transparent parts on white: JPEG has no transparency."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image if image.mode == "RGB" else image.convert("RGB")


def _encode(region):
    """[(width, height, {format: bytes})] for each rendition width of `region`."""
    made = []
    for width in widths_for(region.width):
        height = max(1, round(width * region.height / region.width))
        resized = region
        if (width, height) != region.size:
            resized = region.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        files = {}
        for fmt, options in FORMATS.items():
            buffer = io.BytesIO()
            resized.save(buffer, **options)
            files[fmt] = buffer.getvalue()
        made.append((width, height, files))
    return made


def _store(source, crop, focus, width, height, files):
    entry = {"width": width, "height": height, "jpeg_bytes": len(files["jpeg"])}
    for fmt, data in files.items():
        name = rendition_name(source, crop, width, focus, fmt)
        # Same name, same inputs: replace what an earlier build left rather than add a copy.
        if default_storage.exists(name):
            default_storage.delete(name)
        entry[fmt] = default_storage.save(name, ContentFile(data))
    return entry


# Reading


class Rendition(NamedTuple):
    """One size of a crop; `url`, `width`, `height` and `size` (bytes, None when unknown)
    describe its JPEG, as they would an ImageField's file."""

    width: int | None
    height: int | None
    jpeg: str
    webp: str = ""
    size: int | None = None

    @property
    def url(self):
        return self.jpeg


class Picture:
    """An image as pages print it: per crop, its renditions smallest first, from what the
    row records. Until renditions are made (or when they are out of date) every crop is
    the original file alone, uncropped, so pages never break."""

    def __init__(self, file, width, height, renditions):
        self.file, self.width, self.height = file, width, height
        current = renditions and renditions.get("source") == file.name
        self._crops = renditions.get("crops", {}) if current else {}
        self._cache = {}

    def renditions(self, crop):
        if crop not in self._cache:
            self._cache[crop] = [
                Rendition(
                    e["width"], e["height"], _url(e["jpeg"]), _url(e["webp"]), e.get("jpeg_bytes")
                )
                for e in self._crops.get(crop, [])
            ] or [Rendition(self.width, self.height, self.file.url)]
        return self._cache[crop]

    def srcset(self, crop, fmt="jpeg"):
        """The srcset of `crop` in `fmt` ("jpeg" or "webp"), "url 320w, url 640w, …";
        "" when there is none (no WebP before renditions are made)."""
        candidates = [(getattr(r, fmt), r.width) for r in self.renditions(crop)]
        return ", ".join(f"{url} {width}w" for url, width in candidates if url and width)

    def largest(self, crop):
        """The largest JPEG of `crop` (the original before renditions are made): `.url`,
        `.width`, `.height` for Open Graph and JSON-LD."""
        return self.renditions(crop)[-1]

    def default(self, crop):
        """The JPEG for browsers that ignore srcset: a middle size."""
        candidates = self.renditions(crop)
        return candidates[len(candidates) // 2]

    def dimensions(self, crop):
        """The crop's natural width and height, for the `width` and `height` attributes."""
        largest = self.largest(crop)
        return largest.width, largest.height

    @property
    def has_renditions(self):
        return bool(self._crops)


def _url(name):
    return default_storage.url(name) if name else ""


class PictureFields:
    """An image field with its companions named after `prefix`; a model declares one per
    image and calls `refresh()` from `save()`."""

    def __init__(self, image, prefix):
        self.image = image
        self.width, self.height = f"{prefix}_width", f"{prefix}_height"
        self.focus_x, self.focus_y = f"{prefix}_focus_x", f"{prefix}_focus_y"
        self.renditions = f"{prefix}_renditions"

    def focus(self, row):
        x, y = getattr(row, self.focus_x), getattr(row, self.focus_y)
        return normal_focus(0.5 if x is None else x, 0.5 if y is None else y)

    def picture(self, row):
        file = getattr(row, self.image)
        if not file:
            return None
        width, height = getattr(row, self.width), getattr(row, self.height)
        return Picture(file, width, height, getattr(row, self.renditions))

    def refresh(self, row, update_fields=None):
        """Bring the row's renditions up to date; returns `update_fields` widened with the
        fields this derives when the image or its focal point is among them."""
        watched = {self.image, self.focus_x, self.focus_y}
        if update_fields is not None and not watched & set(update_fields):
            return update_fields
        current = getattr(row, self.renditions)
        setattr(row, self.renditions, refresh(getattr(row, self.image), self.focus(row), current))
        if update_fields is None:
            return None
        return {*update_fields, self.renditions, self.width, self.height}

    def is_current(self, row):
        """Whether the row's renditions match its image and focal point (or it has none)."""
        file = getattr(row, self.image)
        return not file or is_current(getattr(row, self.renditions), file.name, self.focus(row))

    def rebuild(self, row):
        """Make the row's renditions anew (not saved): see the `renditions` command."""
        file = getattr(row, self.image)
        return build(file, self.focus(row)) if file else {}
