"""An image field in the admin: one fieldset per image, with a thumbnail on which a click sets
the focal point (static/pictures/focal_point.js; without JavaScript the focal point stays two
plain number fields)."""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

PREVIEW = _("preview")
PREVIEW_WIDTH = 640  # px: the preview shows at most 240 px high
FOCUS_HINT = _("Click the subject in the picture to set the focal point, then save.")


class PictureAdminMixin(metaclass=forms.MediaDefiningClass):
    """For a ModelAdmin with images: the focal-point picker's script and style, added to
    whatever Media the admin declares itself."""

    class Media:
        css = {"all": ["pictures/focal_point.css"]}
        js = ["pictures/focal_point.js"]


def picture_fieldset(title, fields, *more):
    """The fieldset of the image `fields` (a model's `PictureFields`): the upload, its preview,
    the focal point, then `more` (caption, credit, alt text). The admin class names the
    preview `fields.preview` (see `image_preview`) and lists it in `readonly_fields`."""
    focus = (fields.focus_x, fields.focus_y)
    return (title, {"fields": [fields.image, fields.preview, focus, *more]})


def image_preview(fields, description=PREVIEW, height=240):
    """A read-only field for a ModelAdmin class body: a thumbnail of the image `fields`
    describe, marking its focal point."""

    def preview(model_admin, obj):
        image = getattr(obj, fields.image, None)
        if not image:
            return "—"
        thumbnail = format_html(
            '<img src="{}" alt="" style="max-height:{}px;max-width:100%;border-radius:4px">',
            _preview_url(fields.picture(obj), image),
            height,
        )
        # The form may come back with an empty focal-point box: the middle, as on the site.
        x, y = fields.focus(obj)
        return format_html(
            '<span class="focus-picker" data-focus-x="id_{}" data-focus-y="id_{}">'
            '{}<span class="focus-picker__mark" style="left:{}%;top:{}%"></span></span>'
            '<span class="focus-picker__hint" hidden>{}</span>',
            fields.focus_x,
            fields.focus_y,
            thumbnail,
            round(x * 100, 1),
            round(y * 100, 1),
            FOCUS_HINT,
        )

    preview.short_description = description
    return preview


def _preview_url(picture, image, width=PREVIEW_WIDTH):
    """A rendition big enough for the preview, uncropped, rather than the original (a
    camera's file may be 20 MB); the original until renditions are made."""
    fitting = [r for r in picture.renditions("original") if (r.width or 0) >= width]
    return fitting[0].url if fitting and picture.has_renditions else image.url
