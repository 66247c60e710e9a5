"""The live desk: where editors cover an award night or a comeback minute by minute.

One text box (Markdown, as in stories; Enter posts), an optional library picture, Pin and Key
moment, and the entries so far, each with its corrections, pin, key moment, split-out and
delete. Every action is a plain form that works without JavaScript (post, then back to the
desk); articles/static/articles/live_desk.js sends them in the background and swaps in the
new list, so an editor keeps typing while entries go out.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from pictures.admin.widgets import LibraryChoiceWidget

from ..coverage import Coverage
from ..live import (
    LiveEntry,
    coverage_set,
    entry_correct,
    entry_delete,
    entry_mark,
    entry_post,
)
from ..models import Article, LiveState
from ..services import can_edit, live_entry_split
from .pages import admin_page, render_page

# The header live_desk.js sends: answer with the desk's list, not a redirect.
BACKGROUND = "X-Live-Desk"
STATES = {
    "live": (LiveState.LIVE, _("The coverage is live.")),
    "paused": (LiveState.PAUSED, _("Paused: readers' pages keep what they show.")),
    "ended": (LiveState.ENDED, _("The coverage has ended.")),
}
# The moves the coverage can make from where it is, as the desk's buttons.
MOVES = {
    LiveState.NONE: [("live", _("Go live"))],
    LiveState.LIVE: [("paused", _("Pause")), ("ended", _("End the coverage"))],
    LiveState.PAUSED: [("live", _("Resume")), ("ended", _("End the coverage"))],
    LiveState.ENDED: [("live", _("Reopen the coverage"))],
}


class EntryForm(forms.ModelForm):
    class Meta:
        model = LiveEntry
        fields = ["body", "picture", "pinned", "key_moment"]
        widgets = {
            "body": forms.Textarea(
                attrs={"rows": 3, "class": "live-desk__text", "autocomplete": "off"}
            ),
        }
        labels = {"body": _("New entry")}
        error_messages = {"body": {"required": _("Write the entry before posting it.")}}
        help_texts = {
            "body": _(
                "Enter posts it; Shift+Enter starts a new line (on a phone, Enter is a new "
                "line and Post posts). Markdown as in stories; a link alone on a line to a post "
                "on X, Instagram, TikTok or YouTube becomes an embed."
            ),
        }

    def __init__(self, *args, admin_site=None, **kwargs):
        # Ids of its own: the story form's styles for #id_body (a tall box) are not the desk's.
        kwargs.setdefault("auto_id", "entry_%s")
        super().__init__(*args, **kwargs)
        rel = LiveEntry._meta.get_field("picture").remote_field
        self.fields["picture"].widget = LibraryChoiceWidget(rel, admin_site, "picture")
        self.fields["picture"].help_text = _("Optional: a picture from the library.")

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write the entry before posting it."))
        return body


class CorrectionForm(forms.Form):
    body = forms.CharField(
        label=_("Entry"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("An entry needs words: delete it instead.")},
    )
    pinned = forms.BooleanField(label=_("Pinned"), required=False)
    key_moment = forms.BooleanField(label=_("Key moment"), required=False)
    remove_picture = forms.BooleanField(label=_("Take the picture off"), required=False)

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("An entry needs words: delete it instead."))
        return body


def urls(model_admin):
    return [
        admin_page(model_admin, "<path:object_id>/live/", desk_view, "live"),
        admin_page(model_admin, "<path:object_id>/live/<int:entry_id>/", entry_view, "live_entry"),
    ]


def _story(model_admin, request, object_id):
    article = get_object_or_404(Article.objects, pk=object_id)
    if not model_admin.has_change_permission(request, article) or not can_edit(
        request.user, article
    ):
        raise PermissionDenied
    return article


def _entries_html(request, article):
    coverage = Coverage.of(article)
    return render_to_string(
        "admin/articles/article/live_desk_entries.html",
        {"article": article, "coverage": coverage, "entries": _with_html(coverage)},
        request=request,
    )


def _with_html(coverage):
    return [(entry, coverage.body_html(entry)) for entry in coverage.entries]


def _answer(request, article, message, level=messages.SUCCESS, status=200):
    """To live_desk.js: the list and what happened; to a plain form: back to the desk."""
    if request.headers.get(BACKGROUND):
        response = HttpResponse(_entries_html(request, article), status=status)
        response["X-Live-Desk-Message"] = str(message).encode("ascii", "xmlcharrefreplace")
        return response
    messages.add_message(request, level, message)
    return redirect(reverse("admin:articles_article_live", args=[article.pk]))


def desk_view(model_admin, request, object_id):
    article = _story(model_admin, request, object_id)
    form = EntryForm(admin_site=model_admin.admin_site)
    if request.method == "POST" and request.POST.get("state") in STATES:
        state, message = STATES[request.POST["state"]]
        coverage_set(article=article, state=state)
        messages.success(request, message)
        return redirect(reverse("admin:articles_article_live", args=[article.pk]))
    if request.method == "POST":
        form = EntryForm(request.POST, admin_site=model_admin.admin_site)
        if form.is_valid():
            data = form.cleaned_data
            if not article.live:
                coverage_set(article=article, state=LiveState.LIVE)
            entry_post(
                article=article,
                body=data["body"],
                by=request.user,
                picture=data["picture"],
                pinned=data["pinned"],
                key_moment=data["key_moment"],
            )
            return _answer(request, article, _("Posted."))
        if request.headers.get(BACKGROUND):
            errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
            return _answer(request, article, errors, messages.ERROR, status=400)
    coverage = Coverage.of(article)
    return render_page(
        model_admin,
        request,
        "live_desk.html",
        _("Live desk: %s") % article,
        article=article,
        form=form,
        media=model_admin.media + form.media,
        coverage=coverage,
        entries=_with_html(coverage),
        moves=MOVES[LiveState(article.live)],
        public=article.is_published(),
    )


def entry_view(model_admin, request, object_id, entry_id):
    """Correct, pin, mark, split out or delete one entry."""
    article = _story(model_admin, request, object_id)
    entry = get_object_or_404(article.live_entries.shown(), pk=entry_id)
    if request.method != "POST":
        return redirect(reverse("admin:articles_article_live", args=[article.pk]))
    action = request.POST.get("action")
    if action == "delete":
        entry_delete(entry=entry)
        return _answer(request, article, _("Deleted: readers' pages drop it at their next poll."))
    if action in ("pin", "unpin"):
        entry_mark(entry=entry, pinned=action == "pin")
        return _answer(request, article, _("Pinned.") if action == "pin" else _("Unpinned."))
    if action in ("key", "unkey"):
        entry_mark(entry=entry, key_moment=action == "key")
        message = _("Marked as a key moment.") if action == "key" else _("No longer a key moment.")
        return _answer(request, article, message)
    if action == "split":
        if entry.split_into_id:
            story = entry.split_into
        else:
            story = live_entry_split(entry=entry, by=request.user)
        desk = reverse("admin:articles_article_live", args=[article.pk])
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("A draft story made from the entry: the entry links to it once it is published."),
                desk,
                _("Back to the live desk"),
            ),
        )
        return redirect(reverse("admin:articles_article_change", args=[story.pk]))
    if action == "correct":
        form = CorrectionForm(request.POST)
        if not form.is_valid():
            errors = " ".join(str(e) for errors in form.errors.values() for e in errors)
            return _answer(request, article, errors, messages.ERROR, status=400)
        data = form.cleaned_data
        entry_correct(
            entry=entry,
            body=data["body"],
            picture=None if data["remove_picture"] else entry.picture,
            pinned=data["pinned"],
            key_moment=data["key_moment"],
        )
        return _answer(request, article, _("Corrected: readers see it marked as corrected."))
    return _answer(request, article, _("Nothing was done."), messages.WARNING, status=400)
