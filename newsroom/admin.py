"""The admin of third-party models: tags and sign-in lockouts."""

from axes import admin as axes_admin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

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
