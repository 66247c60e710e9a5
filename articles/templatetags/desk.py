"""The desk on the admin's front page: an editor's (what waits for review, what is
scheduled) or a writer's (their drafts, what came back to them with a note, what waits)."""

import datetime as dt

from django import template
from django.utils import timezone

from articles.models import Article, Transition
from articles.services import can_publish

register = template.Library()

DESK_ROWS = 10
SCHEDULE_AHEAD = dt.timedelta(days=7)


@register.inclusion_tag("admin/includes/editors_desk.html", takes_context=True)
def editors_desk(context):
    user, now = context["request"].user, timezone.now()
    stories = Article.objects.defer("body", "body_html")
    if not can_publish(user):
        return writers_desk(user, stories, now)
    return {
        "editor": True,
        "my_drafts": stories.drafts_of(user)[:DESK_ROWS],
        "in_review": stories.in_review()[:DESK_ROWS],
        "scheduled": stories.scheduled(now, within=SCHEDULE_AHEAD),
        "recent": stories.published(now).order_by("-published_at")[:DESK_ROWS],
        "as_of_default": timezone.localtime(now + dt.timedelta(days=1)),
    }


def writers_desk(user, stories, now):
    mine = stories.owned_by(user)
    drafts = list(mine.filter(status=Article.Status.DRAFT).order_by("-updated_at")[:DESK_ROWS])
    # The note of the move that sent each draft back, when an editor returned it.
    returns = Transition.objects.filter(
        article__in=drafts, from_status=Article.Status.IN_REVIEW, to_status=Article.Status.DRAFT
    ).select_related("by")
    latest = {}
    for move in returns.order_by("at"):
        latest[move.article_id] = move
    for story in drafts:
        story.returned = latest.get(story.pk)
    return {
        "editor": False,
        "my_drafts": drafts,
        "in_review": mine.in_review()[:DESK_ROWS],
        "scheduled": mine.scheduled(now, within=SCHEDULE_AHEAD),
        "recent": mine.published(now).order_by("-published_at")[:DESK_ROWS],
        "as_of_default": timezone.localtime(now + dt.timedelta(days=1)),
    }
