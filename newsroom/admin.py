"""Admin helpers shared by the apps, and the admin of tags."""

from axes import admin as axes_admin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

PREVIEW = _("preview")
FOCUS_HINT = _("Click the subject in the picture to set the focal point, then save.")


def image_preview(fields, description=PREVIEW, height=120):
    """A read-only field for a ModelAdmin class body: a thumbnail of the image `fields` (a
    model's `PictureFields`) describe, marking its focal point. static/newsroom/focal_point.js
    lets a click on it set the focal-point fields; without JavaScript they stay plain number
    fields.
    """

    def preview(model_admin, obj):
        image = getattr(obj, fields.image, None)
        if not image:
            return "—"
        thumbnail = format_html(
            '<img src="{}" alt="" style="max-height:{}px;max-width:100%;border-radius:4px">',
            image.url,
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


# Merging re-tags every story carrying the merged tags, published ones included, so it takes
# the right to change tags: writers, who may only add tags, must not merge them.
if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    @admin.action(description=_("Merge selected tags"), permissions=["change"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return super().merge_tags_view(request)


# django-axes's "Clean up expired attempts" reads what its sign-in handlers put on the request
# and fails with a 500 anywhere else; the same clean-up, done directly.
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        expired = timezone.now() - get_cool_off(request)
        count = AccessAttempt.objects.filter(attempt_time__lte=expired).delete()[0]
        self.message_user(request, _("Cleaned up %d expired sign-in attempts.") % count)
