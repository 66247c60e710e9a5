"""Library pictures chosen in other apps' forms: a text box with "Insert image" and "Insert
gallery" buttons (the story body), and a picture or gallery field with a "Choose" button
beside Django's number box (a story's hero, an artist's photo, a release's cover). The
buttons open the chooser (pictures/static/pictures/chooser.js); without JavaScript the box
takes `[picture:12]` typed on a line of its own and the field Django's lookup popup."""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget, ForeignKeyRawIdWidget
from django.urls import reverse
from django.utils.text import Truncator

from .display import thumbnail_html

SCRIPT = "pictures/chooser.js"
STYLE = "pictures/library.css"


def _urls():
    return {
        "picture_chooser": reverse("admin:pictures_image_choose"),
        "gallery_chooser": reverse("admin:pictures_gallery_choose"),
        "upload": reverse("admin:pictures_image_upload"),
    }


class InsertingTextarea(AdminTextareaWidget):
    """A Markdown box with buttons that insert library pictures and galleries."""

    template_name = "admin/pictures/widgets/inserting_textarea.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["library"] = _urls()
        return context

    @property
    def media(self):
        return forms.Media(css={"all": [STYLE]}, js=[SCRIPT])


class LibraryChoiceWidget(ForeignKeyRawIdWidget):
    """Django's number box for a library picture or gallery, with a thumbnail of the one
    chosen and a button that opens the chooser."""

    template_name = "admin/pictures/widgets/library_choice.html"

    def __init__(self, rel, admin_site, kind, attrs=None, using=None):
        self.kind = kind  # "picture" or "gallery"
        super().__init__(rel, admin_site, attrs, using)

    def get_context(self, name, value, attrs):
        self.chosen = None
        context = super().get_context(name, value, attrs)  # reads the one chosen, if any
        context["library"] = {**_urls(), "kind": self.kind}
        context["chosen"] = self.chosen
        if self.kind == "picture" and self.chosen is not None:
            context["thumbnail"] = thumbnail_html(self.chosen, 96)
        return context

    def label_and_url_for_value(self, value):
        """The name of the one chosen and its page in the admin, as Django's; the row is kept
        for its thumbnail."""
        key = str(value)
        model = self.rel.model
        self.chosen = model._default_manager.filter(pk=key).first() if key.isdigit() else None
        if self.chosen is None:
            return "", ""
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[key])
        return Truncator(self.chosen).words(14), url

    @property
    def media(self):
        return super().media + forms.Media(css={"all": [STYLE]}, js=[SCRIPT])


class LibraryFieldsMixin:
    """For a ModelAdmin: `library_fields` ({field name: "picture" or "gallery"}) are chosen
    from the library, and `inserting_fields` are text boxes that insert from it."""

    library_fields = {}
    inserting_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.inserting_fields:
            kwargs.setdefault("widget", InsertingTextarea)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kind = self.library_fields.get(db_field.name)
        if kind:
            kwargs.setdefault(
                "widget", LibraryChoiceWidget(db_field.remote_field, self.admin_site, kind)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
