"""Bylines in the admin: their own list and form, and the story form's byline picker.

Editors manage every byline. Writers see them and add contributors (a freelancer met on a
shoot, a partner outlet) from the story form's "+"; staff bylines come from accounts, so only
editors may make or link one.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from common.formats import colleague
from pictures.admin import PictureAdminMixin, image_preview, picture_fieldset

from ..bylines import PORTRAIT, ArticleByline, Byline


def may_manage(user):
    """Editors: change any byline, link it to an account, make staff bylines."""
    return user.has_perm("articles.change_byline")


@admin.register(Byline)
class BylineAdmin(PictureAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "has_account", "story_count"]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["name", "pk"]  # said again: the count of stories groups the rows
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "user"]}),
        (_("On the byline page"), {"fields": ["bio", "links"]}),
        picture_fieldset(_("Photo"), PORTRAIT),
    ]
    photo_preview = image_preview(PORTRAIT)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stories=Count("story_links"))

    def get_fieldsets(self, request, obj=None):
        """Writers never see which account a byline belongs to (a username can be an
        e-mail address), nor link one."""
        if may_manage(request.user):
            return self.fieldsets
        return [(None, {"fields": ["name", "slug", "kind"]}), *self.fieldsets[1:]]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "kind" and not may_manage(request.user):
            kwargs["choices"] = [c for c in Byline.Kind.choices if c[0] != Byline.Kind.STAFF]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":
            field.label_from_instance = colleague
        return field

    @admin.display(boolean=True, description=_("account"))
    def has_account(self, obj):
        return obj.user_id is not None

    @admin.display(description=_("stories"), ordering="stories")
    def story_count(self, obj):
        return obj.stories


class BylinesField(forms.ModelMultipleChoiceField):
    """A story's bylines, in the order they were picked: the first is printed first."""

    def clean(self, value):
        chosen = super().clean(value)
        order = {str(pk): index for index, pk in enumerate(value or [])}
        return sorted(chosen, key=lambda byline: order[str(byline.pk)])

    def label_from_instance(self, obj):
        return obj.picker_label


class BylinePicker(AutocompleteSelectMultiple):
    """Django's autocomplete, showing the chosen bylines in their order and putting each one
    picked last (articles/bylines.js), so the form posts them in the order chosen."""

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        order = {str(pk): index for index, pk in enumerate(value)}
        groups[0][1].sort(key=lambda option: order.get(str(option["value"]), len(order)))
        return groups

    @property
    def media(self):
        after_jquery = ["admin/js/jquery.init.js", "articles/bylines.js"]  # merged in this order
        return super().media + forms.Media(js=after_jquery)


def byline_picker(field, user, admin_site=admin.site):
    """The widget of the story form's `field` of bylines: search by name, and "+" to add a
    contributor for those who may."""
    source = ArticleByline._meta.get_field("byline")  # what it offers: bylines.OFFERED
    attrs = {"data-keep-order": "true"}
    picker = BylinePicker(source, admin_site, attrs=attrs, choices=field.choices)
    can_add = user is not None and user.has_perm("articles.add_byline")
    return RelatedFieldWidgetWrapper(
        picker, source.remote_field, admin_site, can_add_related=can_add
    )
