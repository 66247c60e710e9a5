"""Responsive renditions: every crop of an image at every width, in WebP and JPEG, made once
when the image or its focal point changes, and read back as `Picture` by the pages."""

import io
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import ExifTags, Image, ImageCms, ImageOps

from .uploads import UNREADABLE

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
SRGB = ImageCms.createProfile("sRGB")


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
