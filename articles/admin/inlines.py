"""What the story form shows below the story: the copy desk's suggestions, and corrections and
updates. (The workflow history is a read-only list: ArticleAdmin.workflow_history.)"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import QuickInline

from ..models import LinkSuggestion, Note
from ..services import can_publish


class SuggestionInline(QuickInline, admin.TabularInline):
    """The copy desk's linking suggestions: the editor decides, saving links the accepted."""

    model = LinkSuggestion
    extra = 0
    can_delete = False
    fields = ["target", "matched", "mentions", "decision"]
    readonly_fields = ["target", "matched", "mentions"]
    verbose_name_plural = _("linking suggestions from the copy desk")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("artist or release"))
    def target(self, obj):
        kind = _("Artist") if obj.artist_id else _("Release")
        return f"{kind}: {obj.target}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artist", "release")


class NoteInline(QuickInline, admin.StackedInline):
    model = Note
    extra = 0
    verbose_name = _("correction or update")

    def has_add_permission(self, request, obj=None):
        return can_publish(request.user) and obj is not None and obj.published_at is not None

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user)
