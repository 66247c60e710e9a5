"""Image fields of our models: uploads stored upright and without location data, a focal
point, and `PictureFields`, which ties an image to its companion fields and renditions.

An image field comes with companions named after a prefix (see `PictureFields`):
`<prefix>_width`, `_height`, `_focus_x`, `_focus_y` and `_renditions`. The renditions JSON
records what was made, so pages print `<picture>` markup from the row alone: no storage
lookups, no queries.
"""

import io

from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageOps

from . import renditions
from .uploads import UNREADABLE, ImageUploadField

# Formats rewritten on upload; others (an animated GIF, say) are stored as they come.
REWRITTEN = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}

FOCUS_ACROSS_HELP = _(
    "Where the subject is, from the left (0) to the right (1); crops for cards and shares "
    "keep it in frame. Clicking the preview sets it."
)
FOCUS_DOWN_HELP = _("Where the subject is, from the top (0) to the bottom (1).")


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


# Every image of every model, in the order they were declared: the `renditions` command
# goes through them all.
DECLARED = []


class PictureFields:
    """An image field of `model` with its companions named after `prefix`; a model's module
    declares one per image, and the model calls `refresh()` from `save()`. `label` names the
    images in reports ("artist photos"). An empty `prefix` names the companions plainly
    (`width`, `focus_x`…), as on the library's own records."""

    def __init__(self, model, image, prefix, label):
        self.model, self.image, self.label = model, image, label
        named = (lambda name: f"{prefix}_{name}") if prefix else (lambda name: name)
        self.width, self.height = named("width"), named("height")
        self.focus_x, self.focus_y = named("focus_x"), named("focus_y")
        self.renditions = named("renditions")
        self.preview = named("preview")  # the admin's read-only thumbnail (pictures.admin)
        DECLARED.append(self)

    def focus(self, row):
        x, y = getattr(row, self.focus_x), getattr(row, self.focus_y)
        return renditions.normal_focus(0.5 if x is None else x, 0.5 if y is None else y)

    def picture(self, row):
        file = getattr(row, self.image)
        if not file:
            return None
        width, height = getattr(row, self.width), getattr(row, self.height)
        return renditions.Picture(file, width, height, getattr(row, self.renditions))

    def refresh(self, row, update_fields=None):
        """Bring the row's renditions up to date; returns `update_fields` widened with the
        fields this derives when the image or its focal point is among them."""
        watched = {self.image, self.focus_x, self.focus_y}
        if update_fields is not None and not watched & set(update_fields):
            return update_fields
        current = getattr(row, self.renditions)
        made = renditions.refresh(getattr(row, self.image), self.focus(row), current)
        setattr(row, self.renditions, made)
        if update_fields is None:
            return None
        return {*update_fields, self.renditions, self.width, self.height}

    def is_current(self, row):
        """Whether the row's renditions match its image and focal point (or it has none)."""
        file = getattr(row, self.image)
        made = getattr(row, self.renditions)
        return not file or renditions.is_current(made, file.name, self.focus(row))

    def rebuild(self, row):
        """Make the row's renditions anew (not saved): see the `renditions` command."""
        file = getattr(row, self.image)
        return renditions.build(file, self.focus(row)) if file else {}
