from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.formats import when

from ..models import Transition, TrashedArticle
from ..services import article_restore


@admin.register(TrashedArticle)
class TrashAdmin(admin.ModelAdmin):
    """Deleted stories. Editors restore them; only a superuser deletes them for good."""

    list_display = ["headline", "status", "trashed", "deleted_by"]
    list_select_related = ["deleted_by"]
    search_fields = ["headline"]
    actions = ["restore", "delete_selected"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return TrashedArticle.objects.trashed().defer("body", "body_html")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_restore_permission(self, request):
        return request.user.has_perm("articles.edit_any_article")

    def get_deleted_objects(self, objs, request):
        """A story deleted for good takes its workflow log with it: the log being read-only
        on its own must not keep a story in the trash."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(Transition._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    @admin.display(description=_("moved to trash"), ordering="deleted_at")
    def trashed(self, obj):
        return when(obj.deleted_at)

    @admin.action(description=_("Restore from the trash"), permissions=["restore"])
    def restore(self, request, queryset):
        for article in queryset:
            article_restore(article=article, by=request.user)
        self.message_user(
            request,
            ngettext("Restored %d story.", "Restored %d stories.", len(queryset)) % len(queryset),
            messages.SUCCESS,
        )
