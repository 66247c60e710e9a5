"""The picture library in the admin: a grid of every picture with its credit, licence and
where it is used, searched by any word of its description or any name of an artist it shows;
the picture's own form, with where it is used and the pictures it looks like."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin import QuickListMixin
from common.formats import person, when

from ..hashing import checksum, fingerprint
from ..metadata import embedded_details
from ..models import FILE, Image, describe_usage
from ..services import PREFILLED, gallery_make
from . import chooser, uploads
from .display import flags_html, thumbnail_html
from .filters import ArtistFilter, RightsFilter, UseFilter
from .helpers import PictureAdminMixin, image_preview, picture_fieldset

# The words the list shows of a caption.
CAPTION_EXCERPT = 90


def https_urls(field, **kwargs):
    """Model fields as form fields; web addresses typed without a scheme are https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ImageAdminForm(forms.ModelForm):
    """A picture's form: alt text is required, and a new file the library already has is
    refused, naming the pictures it looks like, unless the person says it is another one."""

    keep_duplicate = forms.BooleanField(
        label=_("A new file the library seems to have already is another photo: keep it"),
        required=False,
        help_text=_("Tick only if the upload is refused as a look-alike and it is not one."),
    )

    class Meta:
        model = Image
        fields = [
            "file", "focus_x", "focus_y", "title", "alt_text", "caption", "credit",
            "copyright_notice", "source_kind", "source_url", "restrictions", "editorial_only",
            "licence_expires", "hidden", "artists",
        ]  # fmt: skip
        widgets = {
            "alt_text": forms.Textarea(attrs={"rows": 2, "cols": 60, "maxlength": 300}),
            "caption": forms.Textarea(attrs={"rows": 2, "cols": 60, "maxlength": 400}),
            "restrictions": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }
        formfield_callback = https_urls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.prefilled = []
        if "alt_text" in self.fields:
            self.fields["alt_text"].required = True

    def clean(self):
        cleaned = super().clean()
        file = cleaned.get("file")
        if not file or "file" not in self.changed_data:
            return cleaned
        if not cleaned.get("keep_duplicate"):
            others = Image.objects.exclude(pk=self.instance.pk)
            found = others.lookalikes(checksum(file), fingerprint(file))
            if found:
                raise ValidationError({"file": duplicate_message(found)})
        embedded = embedded_details(file)
        for name in PREFILLED:
            if not cleaned.get(name) and embedded.get(name):
                cleaned[name] = embedded[name]
                setattr(self.instance, name, embedded[name])
                self.prefilled.append(name)
        return cleaned


def duplicate_message(found):
    """ "The library already has this picture: …", with a link to each look-alike."""
    links = format_html_join(
        ", ", '<a href="{}">{}</a>', ((image.get_admin_url(), image) for image in found[:3])
    )
    return format_html(
        "{} {}. {}",
        ngettext(
            "The library already has this picture:",
            "The library already has pictures like this one:",
            len(found),
        ),
        links,
        _("Use it instead, or tick “Keep it” below if this is another photo."),
    )


def _state_of(row):
    """What a row using the picture is, in a word: a story's state, else its kind."""
    state = getattr(row, "state_label", None)
    kind = row._meta.verbose_name
    return f"({kind}, {str(state).lower()})" if state else f"({kind})"


@admin.register(Image)
class ImageAdmin(QuickListMixin, PictureAdminMixin, admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "summary", "usage"]
    list_display_links = ["thumbnail"]
    list_filter = ["source_kind", ArtistFilter, RightsFilter, UseFilter, "uploaded_at"]
    list_per_page = 48
    search_fields = ["title"]  # the search box; the search itself: get_search_results
    search_help_text = _("Words of the title, caption, credit or alt text, or an artist's name.")
    autocomplete_fields = ["artists"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["preview", "used_in", "lookalikes", "uploaded"]
    actions = ["make_gallery", "withdraw", "put_back"]
    preview = image_preview(FILE)
    fieldsets = [
        picture_fieldset(_("Picture"), FILE, "title", "alt_text", "caption", "keep_duplicate"),
        (_("Credit"), {"fields": ["credit", "copyright_notice", "source_kind", "source_url"]}),
        (
            _("Rights"),
            {"fields": ["restrictions", "editorial_only", "licence_expires", "hidden"]},
        ),
        (_("Shows"), {"fields": ["artists"]}),
        (_("Where it is used"), {"fields": ["used_in", "lookalikes", "uploaded"]}),
    ]

    class Media:
        css = {"all": ["newsroom/admin.css", "pictures/library.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by").with_usage()

    def changelist_view(self, request, extra_context=None):
        extra_context = {"title": _("Picture library"), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def get_urls(self):
        own = [
            path("upload/", self.admin_site.admin_view(self.upload), name="pictures_image_upload"),
            path("choose/", self.admin_site.admin_view(self.choose), name="pictures_image_choose"),
            path(
                "<int:object_id>/describe/",
                self.admin_site.admin_view(self.describe),
                name="pictures_image_describe",
            ),
        ]
        return own + super().get_urls()

    def upload(self, request):
        return uploads.upload_view(self, request)

    def describe(self, request, object_id):
        return uploads.describe_view(self, request, object_id)

    def choose(self, request):
        return chooser.choose_pictures(self, request)

    def get_readonly_fields(self, request, obj=None):
        """Withdrawing a picture (a takedown) is an editor's call."""
        fields = list(super().get_readonly_fields(request, obj))
        if not super().has_delete_permission(request):
            fields.append("hidden")
        return fields

    def has_delete_permission(self, request, obj=None):
        """A picture in use is withdrawn, not deleted: its stories keep their record of it."""
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not any(obj.usage().values()))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        if form.prefilled:
            names = ", ".join(str(form.fields[name].label).lower() for name in form.prefilled)
            self.message_user(
                request, _("Taken from the photo's own details: %(fields)s.") % {"fields": names}
            )

    @admin.display(description=_("picture"))
    def thumbnail(self, obj):
        return thumbnail_html(obj)

    @admin.display(description=_("title"), ordering="title")
    def summary(self, obj):
        caption = obj.caption
        if len(caption) > CAPTION_EXCERPT:
            caption = caption[: CAPTION_EXCERPT - 1] + "…"
        return format_html(
            '<strong class="library-title">{}</strong>{}{}<span class="library-flags">{}</span>',
            obj,
            format_html('<span class="library-caption">{}</span>', caption) if caption else "",
            format_html('<span class="library-credit">{}</span>', obj.rights_notice)
            if obj.rights_notice
            else "",
            flags_html(obj),
        )

    @admin.display(description=_("used"))
    def usage(self, obj):
        counts = {
            "stories": obj.story_uses,
            "galleries": obj.gallery_uses,
            "artists": obj.artist_uses,
            "releases": obj.release_uses,
        }
        return describe_usage(counts)

    @admin.display(description=_("used in"))
    def used_in(self, obj):
        if not obj.pk:
            return "—"
        uses = obj.uses()
        counts = {kind: len(rows) for kind, rows in uses.items()}
        items = [
            (reverse(f"admin:{row._meta.app_label}_{row._meta.model_name}_change", args=[row.pk]),
             row, _state_of(row))
            for rows in uses.values()
            for row in rows
        ]  # fmt: skip
        if not items:
            return describe_usage(counts)
        listed = format_html_join(
            "", '<li><a href="{}">{}</a> <span class="quiet">{}</span></li>', items
        )
        return format_html(
            '<p>{}</p><ul class="library-uses">{}</ul>', describe_usage(counts), listed
        )

    @admin.display(description=_("looks like"))
    def lookalikes(self, obj):
        found = obj.duplicates() if obj.pk else []
        if not found:
            return _("No other picture in the library looks like this one.")
        return format_html(
            '<ul class="library-lookalikes">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{} {}</a></li>',
                ((image.get_admin_url(), thumbnail_html(image, 64), image) for image in found),
            ),
        )

    @admin.display(description=_("uploaded"))
    def uploaded(self, obj):
        if not obj.pk:
            return "—"
        return _("%(when)s by %(who)s") % {
            "when": when(obj.uploaded_at),
            "who": person(obj.uploaded_by),
        }

    @admin.action(description=_("Make a gallery of the selected pictures"), permissions=["add"])
    def make_gallery(self, request, queryset):
        chosen = [int(pk) for pk in request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)]
        if request.POST.get("select_across") == "1":  # "all 120 selected": in the list's order
            chosen = list(queryset.values_list("pk", flat=True))
        found = queryset.in_bulk(chosen)
        gallery = gallery_make(images=[found[pk] for pk in chosen if pk in found], by=request.user)
        self.message_user(
            request,
            _("“%(title)s” is a gallery of %(count)d pictures: name it, order it, save it.")
            % {"title": gallery, "count": len(found)},
            messages.SUCCESS,
        )
        return redirect("admin:pictures_gallery_change", gallery.pk)

    @admin.action(description=_("Withdraw: show them nowhere"), permissions=["delete"])
    def withdraw(self, request, queryset):
        self._set_hidden(request, queryset, True)

    @admin.action(description=_("Put back in use"), permissions=["delete"])
    def put_back(self, request, queryset):
        self._set_hidden(request, queryset, False)

    def _set_hidden(self, request, queryset, hidden):
        count = 0
        for image in queryset.filter(hidden=not hidden):
            image.hidden = hidden
            image.save(update_fields=["hidden", "updated_at"])  # each purges its pages
            count += 1
        message = (
            ngettext("%d picture withdrawn.", "%d pictures withdrawn.", count)
            if hidden
            else ngettext("%d picture back in use.", "%d pictures back in use.", count)
        )
        self.message_user(request, message % count, messages.SUCCESS)
