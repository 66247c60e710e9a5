"""The story admin's own pages: revisions and their differences, restoring a revision, the
copy desk's import page and share links. Each is a view of the story admin (`model_admin`),
behind the admin's sign-in, and names its URL after the story admin's."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.formats import when
from common.http import absolute

from ..copydesk.forms import ImportForm
from ..copydesk.importing import import_many
from ..diff import compare
from ..models import Article
from ..services import (
    article_restore_revision,
    can_edit,
    can_publish,
    share_link_create,
    share_links_revoke,
)
from . import editing, imports
from .forms import ShareLinkForm
from .tagging import tag_suggestions_view


def admin_page(model_admin, route, view, name):
    """A URL pattern of the story admin's own: `view(model_admin, request, …)` behind the
    admin site's sign-in and permissions, named after the story admin's URLs."""
    wrapped = model_admin.admin_site.admin_view(partial(view, model_admin))
    return path(route, wrapped, name=f"articles_article_{name}")


def urls(model_admin):
    """The pages' URL patterns."""
    page = partial(admin_page, model_admin)
    return [
        page("<path:object_id>/revisions/", revisions_view, "revisions"),
        page("<path:object_id>/revisions/compare/", compare_view, "compare"),
        page("tags/", tag_suggestions_view, "tag_suggestions"),
        page("import/", import_view, "import"),
        page("<path:object_id>/share/", share_view, "share"),
        page("<path:object_id>/revisions/<int:history_id>/restore/", restore_view, "restore"),
        page("autosave/", editing.autosave_view, "new_autosave"),
        page("<path:object_id>/autosave/", editing.autosave_view, "autosave"),
        page("preview/", editing.preview_view, "new_preview"),
        page("<path:object_id>/preview/", editing.preview_view, "preview"),
        page("<path:object_id>/presence/", editing.presence_view, "presence"),
    ]


def render_page(model_admin, request, template, title, **context):
    """One of the story admin's own pages: the admin's context, a title, a template."""
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        **context,
    }
    return TemplateResponse(request, f"admin/articles/article/{template}", context)


def _viewable(model_admin, request, object_id):
    article = get_object_or_404(Article.objects, pk=object_id)
    if not model_admin.has_view_or_change_permission(request, article):
        raise PermissionDenied
    return article


def revisions_view(model_admin, request, object_id):
    article = _viewable(model_admin, request, object_id)
    return render_page(
        model_admin,
        request,
        "revisions.html",
        _("Revisions of “%s”") % article,
        article=article,
        revisions=article.history.select_related("history_user"),
        can_restore=can_edit(request.user, article),
    )


def compare_view(model_admin, request, object_id):
    article = _viewable(model_admin, request, object_id)
    revisions = article.history.select_related("history_user")
    try:
        ids = sorted(int(request.GET.get(side) or 0) for side in ("a", "b"))
    except ValueError:  # a hand-edited address: no such revision
        raise Http404 from None
    old, new = (get_object_or_404(revisions, history_id=i) for i in ids)
    return render_page(
        model_admin,
        request,
        "compare.html",
        _("Changes to “%s”") % article,
        article=article,
        old=old,
        new=new,
        rows=compare(old, new),
        can_restore=can_edit(request.user, article),
    )


def restore_view(model_admin, request, object_id, history_id):
    article = _viewable(model_admin, request, object_id)
    if request.method != "POST":
        return redirect("admin:articles_article_revisions", object_id)
    revision = get_object_or_404(article.history, history_id=history_id)
    article_restore_revision(article=article, revision=revision, by=request.user)
    model_admin.message_user(
        request,
        _("Restored the text of %(when)s. The previous text is kept as a revision.")
        % {"when": when(revision.history_date)},
        messages.SUCCESS,
    )
    return redirect(reverse("admin:articles_article_change", args=[article.pk]))


def import_view(model_admin, request):
    """Paste or upload raw copy; each input becomes a draft, reported like the command.
    A post that imports goes on to its report (?report=<token>) under an empty form; the
    same form sent again is shown that report, and imports nothing (admin/imports.py)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm()
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            token = form.cleaned_data["token"]
            claimed = imports.claim(request, token)
            if claimed == imports.NEW:
                return _import(request, form, token)
            if claimed == imports.USED_ALREADY:
                messages.warning(
                    request, _("This form was already sent: nothing was imported again.")
                )
                return redirect(_report_url(token))
            form.data = form.data.copy()
            form.data["token"] = imports.issue(request)
            form.add_error(None, _("This form had expired: check the copy and import it again."))
    if not form.is_bound:
        form = ImportForm(initial={"token": imports.issue(request)})
    state, found = imports.outcome(request, request.GET.get("report", ""))
    reports = found if state == "done" else []
    return render_page(
        model_admin,
        request,
        "import.html",
        _("Import copy"),
        form=form,
        state=state if "report" in request.GET else "",
        kept=found if state == "kept" else [],
        reports=reports,
        imported=sum(r["ok"] for r in reports),
        failed=sum(not r["ok"] for r in reports),
        flagged=sum(bool(r["duplicates"]) for r in reports),
    )


def _import(request, form, token):
    reports = []
    try:
        reports.extend(import_many(form.inputs(), by=request.user))
    except BaseException:
        # Sent again, the form may import what this one did not, never twice what it did.
        if any(report.ok for report in reports):
            imports.finish(request, token, reports)
        else:
            imports.release(token)
        raise
    imports.finish(request, token, reports)
    return redirect(_report_url(token))


def _report_url(token):
    return f"{reverse('admin:articles_article_import')}?{urlencode({'report': token})}"


def share_view(model_admin, request, object_id):
    """Make, list and revoke preview links for people without an account."""
    article = _viewable(model_admin, request, object_id)
    if not can_publish(request.user):
        raise PermissionDenied
    form, new_link = ShareLinkForm(), None
    if request.method == "POST" and "revoke" in request.POST:
        count = share_links_revoke(article=article, by=request.user)
        model_admin.message_user(
            request,
            ngettext("Revoked %d link.", "Revoked %d links.", count) % count,
            messages.SUCCESS,
        )
        return redirect("admin:articles_article_share", object_id)
    if request.method == "POST":
        form = ShareLinkForm(request.POST)
        if form.is_valid():
            new_link = share_link_create(
                article=article, by=request.user, hours=form.cleaned_data["hours"]
            )
    return render_page(
        model_admin,
        request,
        "share.html",
        _("Share a preview of “%s”") % article,
        article=article,
        form=form,
        new_url=absolute(new_link.get_absolute_url()) if new_link else "",
        new_link=new_link,
        links=article.share_links.select_related("created_by"),
    )
