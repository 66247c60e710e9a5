"""Django admin pieces that keep long lists and forms with inline rows cheap to draw.

Django's admin renders each checkbox of a list through the template engine, builds the empty
row of an inline table up to three times a page, asks the database once per autocomplete box
for the name of the object a row already holds, and adds up the media of every row although
they are all alike. On a group with its members or a list of a hundred releases that is most
of the page's time; these do the same work once.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _


class QuickListMixin:
    """For a ModelAdmin: the action checkbox of each row written out directly, as Django's
    CheckboxInput would render it."""

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )


class KnownAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete box, which names the chosen object without a query when the form
    already holds it (`known`: the object)."""

    known = None

    def optgroups(self, name, value, attr=None):
        known = self.known
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        if known is None or chosen != [str(known.pk)]:
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        label = self.choices.field.label_from_instance(known)
        options.append(self.create_option(name, known.pk, label, set(chosen), len(options)))
        return [(None, options, 0)]


class InlineFormSet(BaseInlineFormSet):
    """An inline formset that builds its empty row once, and names each row's autocomplete
    choice from the object the row's instance already carries (the inline's select_related)."""

    @cached_property
    def empty_form(self):
        return super().empty_form

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        loaded = form.instance._state.fields_cache
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # the admin's "+" wrapper
            if isinstance(widget, KnownAutocompleteSelect) and loaded.get(name) is not None:
                widget.known = loaded[name]
        return form


class InlineAdminFormSet(helpers.InlineAdminFormSet):
    """Every row of an inline is the same form: its media are those of one row."""

    @property
    def media(self):
        return self.opts.media + self.formset.media


class QuickInlinesMixin:
    """For a ModelAdmin with inlines: the formset and media above."""

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        shown = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in shown:
            inline_formset.__class__ = InlineAdminFormSet
        return shown


class QuickInline:
    """For an InlineModelAdmin: the formset above, and autocomplete boxes that name the chosen
    object from the row. List the related objects in the inline's select_related."""

    formset = InlineFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TypedFilter(admin.SimpleListFilter):
    """A list filter that is a box to type in, not a link per choice: for choices too many to
    print (thousands of artists). A subclass says what the text finds in `queryset()`; the
    box keeps the list's other filters as they are."""

    template = "admin/named_filter.html"
    placeholder = ""

    def lookups(self, request, model_admin):
        return ()  # nothing to list: the template shows a box

    def has_output(self):
        return True

    def choices(self, changelist):
        """What the box's form needs: the other parameters of the list, kept as they are."""
        kept = [  # the page number is not among them: a new filter starts at page 1
            (name, value)
            for name, values in changelist.filter_params.items()
            if name != self.parameter_name
            for value in values
        ]
        yield {
            "value": self.value() or "",
            "kept": kept,
            "clear": changelist.get_query_string(remove=[self.parameter_name]),
        }
