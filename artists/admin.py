from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.admin import InlineFormSet, QuickInline, QuickInlinesMixin, QuickListMixin
from common.formats import when
from pictures.admin.widgets import LibraryFieldsMixin

from .models import (
    Alias,
    Artist,
    Label,
    Membership,
    Release,
    ReleaseCredit,
    ReleaseLink,
    Track,
)
from .platforms import platform_of, tidy_url
from .tracklists import parse_tracklist


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class AliasInline(QuickInline, admin.TabularInline):
    model = Alias
    extra = 1


class MembershipInline(QuickInline, admin.TabularInline):
    """Each row is named "RM in BTS": both artists come with the membership, not one query
    for each name on each row, nor one for the name in each row's autocomplete box."""

    model = Membership

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member", "group")


class MembersInline(MembershipInline):
    fk_name = "group"
    extra = 1
    autocomplete_fields = ["member"]
    fields = ["member", "position", "role", "started_on", "ended_on"]
    verbose_name = _("member")
    verbose_name_plural = _("members (for a group or sub-unit)")


class GroupsInline(MembershipInline):
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["group"]
    verbose_name = _("group")
    verbose_name_plural = _("groups (for a member)")


@admin.register(Artist)
class ArtistAdmin(QuickListMixin, QuickInlinesMixin, LibraryFieldsMixin, admin.ModelAdmin):
    list_display = ["name", "hangul_name", "kind", "agency", "debut_date"]

    class Media:
        css = {"all": ["newsroom/admin.css"]}  # inlines that fit a 1280 px window

    list_filter = ["kind", "agency"]
    search_fields = ["name", "hangul_name", "birth_name", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["agency", "parent_group"]
    raw_id_fields = ["picture"]  # the library's grid, searched by any name, in a popup
    library_fields = {"picture": "picture"}  # and a chooser
    inlines = [AliasInline, MembersInline, GroupsInline]
    list_select_related = ["agency"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "hangul_name", "birth_name"]}),
        (_("Career"), {"fields": ["parent_group", "agency", "debut_date", "fandom_name", "bio"]}),
        (_("Photo"), {"fields": ["picture"]}),
    ]

    def get_inlines(self, request, obj):
        """A group or sub-unit has members, a person belongs to groups: each form shows the
        table that applies (a new artist, whose kind is not known yet, both)."""
        if obj is None:
            return self.inlines
        unused = GroupsInline if obj.kind != Artist.Kind.SOLOIST else MembersInline
        return [inline for inline in self.inlines if inline is not unused]


class ReleaseAdminForm(forms.ModelForm):
    pasted_tracklist = forms.CharField(
        label=_("Tracklist as text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One track a line, as the label prints it: “1. LOST! (Title)”. Numbers and running "
            "times are dropped; “(Title)”, “[타이틀곡]” or a star mark the title track. The tracks "
            "are added after any already listed."
        ),
    )

    class Meta:
        model = Release
        fields = ["title"]  # the admin's fieldsets name the rest

    def clean_pasted_tracklist(self):
        text = self.cleaned_data["pasted_tracklist"]
        tracks = parse_tracklist(text)
        if text.strip() and not tracks:
            raise forms.ValidationError(_("No track could be read from this text."))
        return tracks


class CreditInline(QuickInline, admin.TabularInline):
    model = ReleaseCredit
    extra = 1
    autocomplete_fields = ["artist"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artist")


class TrackInline(QuickInline, admin.TabularInline):
    model = Track
    extra = 1


class ReleaseLinkForm(forms.ModelForm):
    """A streaming or shop link: the platform may be left for the address to name."""

    class Meta:
        model = ReleaseLink
        fields = ["platform"]  # the inline names the rest, with the admin's https:// default
        help_texts = {
            "platform": _(
                "Leave empty to have it named from the address. Streaming services are listed "
                "under Listen on the release page, shops under Buy."
            ),
            "url": _(
                "The release's own page there, https:// only. Sharing and campaign codes "
                "(?si=, utm_…) are dropped."
            ),
            "position": _("Lower numbers come first in their list; equal ones in the order added."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        platform = self.fields["platform"]
        platform.required = False
        platform.choices = [("", _("(from the address)")), *ReleaseLink.Platform.choices]

    def clean_url(self):
        url = self.cleaned_data["url"]
        return tidy_url(url) if url else url

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        if url and not cleaned.get("platform"):
            if found := platform_of(url):
                cleaned["platform"] = found
            else:
                self.add_error(
                    "platform",
                    _(
                        "This address is on no service or shop we know: choose “other "
                        "streaming service” or “other shop” and name it."
                    ),
                )
        return cleaned


class ReleaseLinkFormSet(InlineFormSet):
    def get_unique_error_message(self, unique_check):
        if tuple(unique_check) == ("release", "url"):
            return _("The same address is listed twice: keep one of the rows.")
        return super().get_unique_error_message(unique_check)


class ReleaseLinkInline(QuickInline, admin.TabularInline):
    model = ReleaseLink
    form = ReleaseLinkForm
    formset = ReleaseLinkFormSet
    fields = ["platform", "url", "name", "position"]
    extra = 1
    # A plain box: the row's heading already shows the saved address, and Django's "Currently:
    # … Change: …" widget would print it twice more and push the table past a 1280 px window.
    url_box = forms.URLInput(attrs={"class": "vTextField"})
    formfield_overrides = {models.URLField: {"assume_scheme": "https", "widget": url_box}}


@admin.register(Release)
class ReleaseAdmin(QuickListMixin, QuickInlinesMixin, LibraryFieldsMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "credit", "release_time", "label"]

    class Media:
        css = {"all": ["newsroom/admin.css"]}  # inlines that fit a 1280 px window

    list_filter = ["kind", "label", "release_at"]
    search_fields = ["title", "credits__artist__name", "credits__artist__hangul_name"]
    date_hierarchy = "release_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["label", "parent_album"]
    raw_id_fields = ["artwork"]
    library_fields = {"artwork": "picture"}
    form = ReleaseAdminForm
    inlines = [CreditInline, TrackInline, ReleaseLinkInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "release_at", "label", "parent_album"]}),
        (_("Music"), {"fields": ["declared_track_count", "music_video_url", "description"]}),
        (_("Paste a tracklist"), {"fields": ["pasted_tracklist"], "classes": ["collapse"]}),
        (_("Cover"), {"fields": ["artwork"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("label").for_cards()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        pasted = form.cleaned_data.get("pasted_tracklist") or []
        if pasted:
            release = form.instance
            last = release.tracks.aggregate(last=models.Max("number"))["last"] or 0
            Track.objects.bulk_create(
                Track(release=release, number=last + n, title=title, is_title_track=is_title)
                for n, (title, is_title) in enumerate(pasted, start=1)
            )

    @admin.display(description=_("release time"), ordering="release_at")
    def release_time(self, obj):
        return when(obj.release_at)

    @admin.display(description=_("artist credit"))
    def credit(self, obj):
        return obj.credit
