"""Workflow actions of the story list: each asks for confirmation (and, to schedule, a time),
then moves every selected story it can through `articles_move`; this module only asks and
reports."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import Article
from ..services import articles_move
from .pages import render_page

S = Article.Status


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publication time (KST)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


@admin.action(description=_("Submit for review"))
def submit_for_review(model_admin, request, queryset):
    return move(model_admin, request, queryset, S.IN_REVIEW, _("Submit for review"))


@admin.action(description=_("Publish now"), permissions=["publish"])
def publish_now(model_admin, request, queryset):
    return move(model_admin, request, queryset, S.PUBLISHED, _("Publish now"))


@admin.action(description=_("Schedule…"), permissions=["publish"])
def schedule(model_admin, request, queryset):
    return move(model_admin, request, queryset, S.PUBLISHED, _("Schedule"), timed=True)


@admin.action(description=_("Unpublish"), permissions=["publish"])
def unpublish(model_admin, request, queryset):
    return move(model_admin, request, queryset, S.UNPUBLISHED, _("Unpublish"))


@admin.action(description=_("Return to draft"))
def return_to_draft(model_admin, request, queryset):
    return move(model_admin, request, queryset, S.DRAFT, _("Return to draft"))


def move(model_admin, request, queryset, to, verb, timed=False):
    """The confirmation page until the editor confirms; then the move, and a message for
    each story that did not move and one for those that did."""
    confirmed = "confirm" in request.POST
    form = ScheduleForm(request.POST if confirmed else None) if timed else None
    if not confirmed or (form and not form.is_valid()):
        return render_page(
            model_admin,
            request,
            "confirm_transition.html",
            verb,
            verb=verb,
            stories=queryset,
            form=form,
            action=request.POST.get("action"),
            action_checkbox_name=ACTION_CHECKBOX_NAME,
        )
    publish_at = form.cleaned_data["publish_at"] if form else None
    moves = articles_move(articles=queryset, to=to, by=request.user, publish_at=publish_at)
    for article in moves.already_live:
        model_admin.message_user(request, _("“%s” is already live.") % article, messages.INFO)
    for article, reasons in moves.refused:
        model_admin.message_user(request, f"“{article}”: {' '.join(reasons)}", messages.ERROR)
    if moves.moved:
        done = len(moves.moved)
        model_admin.message_user(
            request,
            ngettext("%(verb)s: %(n)d story.", "%(verb)s: %(n)d stories.", done)
            % {"verb": verb, "n": done},
            messages.SUCCESS,
        )
    return None


@admin.action(permissions=["delete"], description=_("Move selected stories to the trash"))
def delete_selected(model_admin, request, queryset):
    """Django's "Delete selected" (its name, so its confirmation page posts back here), told
    as what it does: the stories go to the trash, from which an editor can restore them."""
    if not request.POST.get("post"):
        return django_delete_selected(model_admin, request, queryset)
    if model_admin.get_deleted_objects(queryset, request)[2]:  # stories this user may not touch
        raise PermissionDenied
    count = len(queryset)
    model_admin.log_deletions(request, queryset)
    model_admin.delete_queryset(request, queryset)
    model_admin.message_user(request, trashed_message(count), messages.SUCCESS)
    return None


def trashed_message(count, name=None):
    """What an editor is told once stories are in the trash."""
    if name is not None:
        return _("“%(name)s” is in the trash: an editor can restore it from there.") % {
            "name": name
        }
    return ngettext(
        "%(count)d story is in the trash: an editor can restore it from there.",
        "%(count)d stories are in the trash: an editor can restore them from there.",
        count,
    ) % {"count": count}
