"""The editor's desk on the admin's front page."""

import datetime as dt

from django import template
from django.utils import timezone

from articles.models import Article

register = template.Library()

DESK_ROWS = 10
SCHEDULE_AHEAD = dt.timedelta(days=7)


@register.inclusion_tag("admin/includes/editors_desk.html", takes_context=True)
def editors_desk(context):
    user, now = context["request"].user, timezone.now()
    stories = Article.objects.defer("body", "body_html")
    return {
        "my_drafts": stories.drafts_of(user)[:DESK_ROWS],
        "in_review": stories.in_review()[:DESK_ROWS],
        "scheduled": stories.scheduled(now, within=SCHEDULE_AHEAD),
        "recent": stories.published(now).order_by("-published_at")[:DESK_ROWS],
        "as_of_default": timezone.localtime(now + dt.timedelta(days=1)),
    }
