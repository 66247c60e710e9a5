"""Admin helpers shared by the apps."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

PREVIEW = _("preview")


def image_preview(field_name, description=PREVIEW, height=120):
    """A read-only field for a ModelAdmin class body: a thumbnail of the named image field."""

    def preview(model_admin, obj):
        image = getattr(obj, field_name, None)
        if not image:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="max-height:{}px;max-width:100%;border-radius:4px">',
            image.url,
            height,
        )

    preview.short_description = description
    return preview
