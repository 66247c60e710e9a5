"""The editors' most-read dashboard: readers in the last hour, 24 hours or 7 days, the stories
they read most and where they came from (articles/mostread.py). A page of the story admin,
open to those who may view the daily reads (editors)."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _

from .. import counting, mostread
from .pages import render_page

DEFAULT_WINDOW = "day"


def urls(model_admin):
    view = model_admin.admin_site.admin_view(partial(reads_view, model_admin))
    return [path("reads/", view, name="articles_article_reads")]


def can_see_reads(user):
    return user.is_active and user.has_perm("articles.view_dailyreads")


def reads_view(model_admin, request):
    if not can_see_reads(request.user):
        raise PermissionDenied
    window = request.GET.get("window", DEFAULT_WINDOW)
    unknown = window not in mostread.WINDOWS
    if unknown:
        window = DEFAULT_WINDOW
    try:
        figures = mostread.figures(window)
    except counting.Unavailable:  # Redis down: the hours' counts cannot be added up now
        figures = None
    return render_page(
        model_admin,
        request,
        "reads.html",
        _("Most read"),
        window=window,
        windows=[(key, label) for key, (label, _span) in mostread.WINDOWS.items()],
        figures=figures,
        unknown_window=unknown,
    )
