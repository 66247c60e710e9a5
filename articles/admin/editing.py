"""The story form's writing tools: autosave and its recovery, who else has the story open,
and a live preview of the unsaved text as readers will see it (articles/static/articles/
story_form.js drives them). The endpoints are views of the story admin (pages.urls), behind
the admin's sign-in and CSRF check; none of them saves the story."""

from csp.constants import SELF
from csp.decorators import csp_replace, csp_update
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin

from common.formats import clock, colleague, iso, person, when

from ..models import TEXT_FIELDS, Article, Autosave, Presence
from ..services import can_edit
from ..views import story_preview

AUTOSAVE_SECONDS = 15
HEARTBEAT_SECONDS = 20
PREVIEW_DELAY_MS = 800  # after typing stops
# A new story has no row yet: its preview reads its links, none, through a number no row has.
UNSAVED_STORY = 0

# The story form shows the preview in a frame of its own pages.
frames_preview = csp_update({"frame-src": [SELF]})


def _name(user, name=person):
    """A colleague as the desk knows them, never by an e-mail address (some usernames are)."""
    if user is None:
        return _("Someone")
    text = name(user)
    return text.split("@")[0] if "@" in text else text


def editing_now(article, user, now=None):
    """ "Hana Seo is editing this story": who else has `article` open; "" for nobody."""
    names = [_name(p.user, colleague) for p in Presence.objects.others_on(article, user, now)]
    if not names:
        return ""
    return ngettext(
        "%(names)s is editing this story.", "%(names)s are editing this story.", len(names)
    ) % {"names": get_text_list(names, _("and"))}


def writing_tools(request, article, form):
    """What the story form's writing tools start from. Someone who may only read the story
    is told who else has it open, and gets nothing else."""
    if article is not None and not can_edit(request.user, article):
        return {
            "presence_url": reverse("admin:articles_article_presence", args=[article.pk]),
            "editing_now": editing_now(article, request.user),
            "heartbeat_seconds": HEARTBEAT_SECONDS,
        }
    autosave = Autosave.objects.of(request.user, article).select_related("article").first()
    # A form sent back with errors holds the typed text already.
    if form.is_bound or not (autosave and autosave.differs_from(article)):
        autosave = None
    return {
        **_urls(article),
        "key": f"{request.user.pk}:{article.pk if article else 'new'}",
        "fields": TEXT_FIELDS,
        "autosave": autosave,
        "editing_now": editing_now(article, request.user) if article else "",
        "unsaved": form.is_bound,
        "autosave_seconds": AUTOSAVE_SECONDS,
        "heartbeat_seconds": HEARTBEAT_SECONDS,
        "preview_delay": PREVIEW_DELAY_MS,
        "zone": timezone.get_current_timezone_name(),
        "zone_label": timezone.localtime().tzname(),
    }


def _urls(article):
    if article is None:
        return {
            "autosave_url": reverse("admin:articles_article_new_autosave"),
            "preview_url": reverse("admin:articles_article_new_preview"),
        }
    return {
        f"{name}_url": reverse(f"admin:articles_article_{name}", args=[article.pk])
        for name in ("autosave", "preview", "presence")
    }


def _story(model_admin, request, object_id, *, write):
    """The story behind an endpoint, or None for a new one; refused unless the user may
    write it (`write`) or at least see it."""
    if object_id is None:
        if not model_admin.has_add_permission(request):
            raise PermissionDenied
        return None
    article = get_object_or_404(Article.objects, pk=object_id)
    if write:
        allowed = can_edit(request.user, article)
    else:
        allowed = model_admin.has_view_or_change_permission(request, article)
    if not allowed:
        raise PermissionDenied
    return article


def autosave_view(model_admin, request, object_id=None):
    """Keep the form's text as the user's autosave (or discard it). Answers 409, keeping
    nothing, once someone has saved the story over the version the form was opened at."""
    article = _story(model_admin, request, object_id, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if "discard" in request.POST:
        Autosave.objects.discard(user=request.user, article=article)
        return JsonResponse({"discarded": True})
    try:
        base_version = int(request.POST.get("base_version") or 0) if article else None
    except ValueError:
        return HttpResponseBadRequest()
    if article and article.version != base_version:
        return JsonResponse({"message": _saved_meanwhile(article)}, status=409)
    autosave = Autosave.objects.keep(
        user=request.user, article=article, fields=request.POST, base_version=base_version
    )
    return JsonResponse(
        {
            "saved_at": iso(autosave.saved_at),
            "message": _("Autosaved at %(time)s.") % {"time": clock(autosave.saved_at)},
        }
    )


def _saved_meanwhile(article):
    latest = article.history.select_related("history_user").first()
    who, at = (latest.history_user, latest.history_date) if latest else (None, article.updated_at)
    return _(
        "%(who)s saved this story at %(when)s — autosave paused; your text is kept in this browser."
    ) % {"who": _name(who), "when": when(at)}


def presence_view(model_admin, request, object_id):
    """The heartbeat of an open story form: who else has it open; the user's own visit is
    recorded when they may edit the story."""
    article = _story(model_admin, request, object_id, write=False)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if can_edit(request.user, article):
        Presence.objects.record(article=article, user=request.user)
    return JsonResponse({"message": editing_now(article, request.user)})


@xframe_options_sameorigin  # the story form frames it; Django's default is DENY
@csp_replace({"frame-ancestors": [SELF]})
def preview_view(model_admin, request, object_id=None):
    """The story with the form's unsaved text, rendered by the public story page's own code
    and templates. Saves nothing, is never cached and purges nothing."""
    article = _story(model_admin, request, object_id, write=False)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if article is None:
        article = Article(pk=UNSAVED_STORY, status=Article.Status.DRAFT)
    return story_preview(request, article.with_text(request.POST), unsaved=True)
