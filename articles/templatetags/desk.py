"""The desk on the admin's front page: an editor's (what waits for review, what is
scheduled) or a writer's (their drafts, what came back to them with a note, what waits)."""

import datetime as dt

from django import template
from django.utils import timezone

from articles.models import Article, Transition
from articles.services import can_publish
from pictures.models import EXPIRY_WARNING_DAYS, GalleryItem, Image

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
        "expiring": expiring_pictures(stories, now),
        "expiry_days": EXPIRY_WARNING_DAYS,
        "as_of_default": timezone.localtime(now + dt.timedelta(days=1)),
    }


def expiring_pictures(stories, now):
    """Live stories showing a picture whose licence ends within a week, each with those
    pictures, soonest end first: [(story, [picture, …])]. A handful of queries, however
    many stories and pictures."""
    pictures = {image.pk: image for image in Image.objects.expiring(today=timezone.localdate(now))}
    if not pictures:
        return []
    live = stories.published(now).showing(list(pictures)).order_by("-published_at")
    live = list(live[: DESK_ROWS * 3])
    shown = {story.pk: {story.hero_id} & pictures.keys() for story in live}
    body = Article.body_pictures.through.objects.filter(article__in=live, image__in=list(pictures))
    for story_id, image_id in body.values_list("article_id", "image_id"):
        shown[story_id].add(image_id)
    in_gallery = {}
    items = GalleryItem.objects.filter(image__in=list(pictures))
    for gallery_id, image_id in items.values_list("gallery_id", "image_id"):
        in_gallery.setdefault(gallery_id, set()).add(image_id)
    galleries = Article.body_galleries.through.objects.filter(article__in=live)
    links = [*galleries.values_list("article_id", "gallery_id")]
    links += [(story.pk, story.lead_gallery_id) for story in live if story.lead_gallery_id]
    for story_id, gallery_id in links:
        shown[story_id] |= in_gallery.get(gallery_id, set())
    rows = [
        (story, sorted((pictures[pk] for pk in shown[story.pk]), key=_licence_end))
        for story in live
        if shown[story.pk]
    ]
    rows.sort(key=lambda row: _licence_end(row[1][0]))
    return rows[:DESK_ROWS]


def _licence_end(picture):
    return picture.licence_expires, picture.pk


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
