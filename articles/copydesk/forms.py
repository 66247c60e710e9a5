from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    copy = forms.CharField(
        label=_("Paste copy"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text, Markdown or HTML. The first line becomes the headline."),
    )
    files = MultipleFileField(
        label=_("Or upload files"),
        required=False,
        help_text=_("One draft per file; up to 2 MB each, UTF-8 text, Markdown or HTML."),
    )
    # One import per form shown, however often it is sent (articles/admin/imports.py).
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("copy", "").strip() and not cleaned.get("files"):
            raise forms.ValidationError(_("Paste some copy or choose at least one file."))
        return cleaned

    def inputs(self):
        """(name, bytes) for each input, a size refusal standing in for an oversized file."""
        from .importing import MAX_BYTES, CopyRejected

        if self.cleaned_data["copy"].strip():
            yield _("pasted copy"), self.cleaned_data["copy"].encode()
        for upload in self.cleaned_data["files"]:
            if upload.size > MAX_BYTES:
                mb = upload.size / 1024 / 1024
                yield upload.name, CopyRejected(f"is larger than 2 MB ({mb:.1f} MB)")
            else:
                yield upload.name, upload.read()
