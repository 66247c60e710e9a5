"""Galleries in the admin: an ordered set of library pictures, each with its own caption."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from common.admin import QuickListMixin

from ..models import Gallery, GalleryItem, Image
from ..services import gallery_make
from . import chooser
from .display import thumbnail_html

# Pictures shown of a gallery in the list.
LIST_THUMBNAILS = 4
MADE = _("A gallery of %(count)d pictures: name it, order them and save it.")
MADE_NAMED = _(
    "A gallery of %(count)d pictures: order them, give one its own caption if it needs one, "
    "and save it."
)


class GalleryItemInline(admin.TabularInline):
    model = GalleryItem
    extra = 0
    fields = ["position", "thumbnail", "image", "caption"]
    verbose_name = _("picture in the gallery")
    readonly_fields = ["thumbnail"]
    raw_id_fields = ["image"]  # the library's grid, in a popup

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return thumbnail_html(obj.image, 96) if obj.image_id else "—"


@admin.register(Gallery)
class GalleryAdmin(QuickListMixin, admin.ModelAdmin):
    list_display = ["title", "pictures", "size", "updated_at"]
    search_fields = ["title", "description"]
    inlines = [GalleryItemInline]
    fields = ["title", "description"]

    class Media:
        css = {"all": ["newsroom/admin.css", "pictures/library.css"]}

    def get_queryset(self, request):
        items = GalleryItem.objects.select_related("image")
        return (
            super()
            .get_queryset(request)
            .annotate(item_count=Count("items"))
            .prefetch_related(Prefetch("items", queryset=items))
        )

    def get_urls(self):
        own = [
            path("make/", self.admin_site.admin_view(self.make), name="pictures_gallery_make"),
            path(
                "choose/", self.admin_site.admin_view(self.choose), name="pictures_gallery_choose"
            ),
        ]
        return own + super().get_urls()

    def choose(self, request):
        return chooser.choose_galleries(self, request)

    def make(self, request):
        """A gallery of the pictures the upload page just put in, in their order."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        chosen = [int(pk) for pk in request.POST.getlist("pictures") if pk.isdigit()]
        found = Image.objects.in_bulk(chosen)
        images = [found[pk] for pk in dict.fromkeys(chosen) if pk in found]
        if not images:
            messages.error(request, _("Choose the pictures to make a gallery of."))
            return redirect("admin:pictures_image_upload")
        gallery = gallery_make(images=images, by=request.user, title=request.POST.get("title", ""))
        named = bool(request.POST.get("title", "").strip())
        done = MADE_NAMED if named else MADE
        messages.success(request, done % {"count": len(images)})
        return redirect("admin:pictures_gallery_change", gallery.pk)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """The order as typed, numbered anew: two pictures given the same number keep the
        order they had, and the numbers stay 1, 2, 3…"""
        super().save_related(request, form, formsets, change)
        for position, item in enumerate(form.instance.items.order_by("position", "pk"), start=1):
            if item.position != position:
                GalleryItem.objects.filter(pk=item.pk).update(position=position)

    @admin.display(description=_("pictures"))
    def pictures(self, obj):
        items = list(obj.items.all())[:LIST_THUMBNAILS]
        return format_html_join(" ", "{}", ((thumbnail_html(i.image, 48),) for i in items))

    @admin.display(description=_("size"), ordering="item_count")
    def size(self, obj):
        return format_html("{}", obj.item_count)
