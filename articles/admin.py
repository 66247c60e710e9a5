from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.admin import image_preview
from newsroom.templatetags.newsroom import when

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "publication_time", "last_updated", "is_live"]
    list_filter = [
        "status",
        ("artists", admin.RelatedOnlyFieldListFilter),
        ("releases", admin.RelatedOnlyFieldListFilter),
        "tags",
        "published_at",
    ]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["artists", "releases", "authors"]
    readonly_fields = ["hero_preview", "created", "last_updated"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        (_("Publication"), {"fields": ["status", "published_at", "created", "last_updated"]}),
        (_("About"), {"fields": ["artists", "releases", "tags", "authors", "source_credit"]}),
        (
            _("Hero image"),
            {"fields": ["hero_image", "hero_preview", "hero_caption", "hero_credit", "hero_alt"]},
        ),
    ]
    hero_preview = image_preview("hero_image")

    class Media:
        css = {"all": ["newsroom/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body", "body_html")

    @admin.display(description=_("publication time"), ordering="published_at")
    def publication_time(self, obj):
        return when(obj.published_at) or "—"

    @admin.display(description=_("created"))
    def created(self, obj):
        return when(obj.created_at) or "—"

    @admin.display(description=_("last updated"), ordering="updated_at")
    def last_updated(self, obj):
        return when(obj.updated_at) or "—"

    @admin.display(boolean=True, description=_("on the site"))
    def is_live(self, obj):
        return obj.is_published()
