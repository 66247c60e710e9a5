"""Admin helpers shared by the apps."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

PREVIEW = _("preview")
FOCUS_HINT = _("Click the subject in the picture to set the focal point, then save.")


def image_preview(field_name, description=PREVIEW, height=120, focus=None):
    """A read-only field for a ModelAdmin class body: a thumbnail of the named image field.

    With `focus` (the prefix of `<focus>_focus_x` and `_focus_y`), the thumbnail marks the
    focal point, and static/newsroom/focal_point.js lets a click on it set those fields;
    without JavaScript they stay plain number fields.
    """

    def preview(model_admin, obj):
        image = getattr(obj, field_name, None)
        if not image:
            return "—"
        thumbnail = format_html(
            '<img src="{}" alt="" style="max-height:{}px;max-width:100%;border-radius:4px">',
            image.url,
            height,
        )
        if not focus:
            return thumbnail
        x, y = getattr(obj, f"{focus}_focus_x"), getattr(obj, f"{focus}_focus_y")
        return format_html(
            '<span class="focus-picker" data-focus-x="id_{}_focus_x" data-focus-y="id_{}_focus_y">'
            '{}<span class="focus-picker__mark" style="left:{}%;top:{}%"></span></span>'
            '<span class="focus-picker__hint" hidden>{}</span>',
            focus,
            focus,
            thumbnail,
            round(x * 100, 1),
            round(y * 100, 1),
            FOCUS_HINT,
        )

    preview.short_description = description
    return preview
