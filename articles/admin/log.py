from django.contrib import admin

from ..models import Transition


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    """The newsroom's workflow log, read-only."""

    list_display = ["article", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "at"]
    search_fields = ["article__headline", "by__username"]
    list_select_related = ["article", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
