"""Workflow moves for stories. Every change of status goes through `article_transition`."""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signing import BadSignature, Signer
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.formats import person, when
from pictures.models import Gallery, Image

from .bylines import Byline
from .models import SHARE_SALT, Article, FormerSlug, LinkSuggestion, ShareLink, Transition
from .publishing import publication_problems
from .tasks import queue_notification

SHARE_LINK_HOURS = 72

S = Article.Status

# (from, to): who may make the move. "owner": the story's writer or anyone who can publish.
MOVES = {
    (S.DRAFT, S.IN_REVIEW): "owner",
    (S.IN_REVIEW, S.DRAFT): "owner",
    (S.DRAFT, S.PUBLISHED): "publisher",
    (S.IN_REVIEW, S.PUBLISHED): "publisher",
    (S.UNPUBLISHED, S.PUBLISHED): "publisher",
    (S.PUBLISHED, S.PUBLISHED): "publisher",  # reschedule
    (S.PUBLISHED, S.UNPUBLISHED): "publisher",
    (S.UNPUBLISHED, S.DRAFT): "publisher",
}


def can_publish(user):
    return user.is_active and user.has_perm("articles.publish_article")


def can_edit(user, article):
    """Editors edit any story; writers their own drafts only."""
    if user.has_perm("articles.edit_any_article"):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.status == S.DRAFT
        and (article.pk is None or article.is_owned_by(user))
    )


# The buttons on a story: action -> (status it moves to, label).
ACTIONS = {
    "submit": (S.IN_REVIEW, _("Submit for review")),
    "withdraw": (S.DRAFT, _("Take back to draft")),
    "return": (S.DRAFT, _("Return to writer")),
    "publish": (S.PUBLISHED, _("Publish now")),
    "schedule": (S.PUBLISHED, _("Schedule")),
    "unpublish": (S.UNPUBLISHED, _("Unpublish")),
    "to_draft": (S.DRAFT, _("Back to draft")),
}


def workflow_actions(user, article, now=None):
    """The workflow buttons `user` gets on `article` (a new story: not saved yet), in the
    order they are shown: [(action, label)]."""
    editor = can_publish(user)
    owner = article.pk is None or article.is_owned_by(user)
    status = article.status
    if status == S.DRAFT:
        actions = ["submit"] if owner else []
        actions += ["publish", "schedule"] if editor else []
    elif status == S.IN_REVIEW:
        actions = ["publish", "schedule", "return"] if editor else ["withdraw"] if owner else []
    elif status == S.PUBLISHED:
        scheduled = article.published_at and article.published_at > (now or timezone.now())
        actions = (["publish", "schedule"] if scheduled else []) + ["unpublish"] if editor else []
    else:  # unpublished
        actions = ["publish", "schedule", "to_draft"] if editor else []
    return [(action, ACTIONS[action][1]) for action in actions]


def may_move(user, article, to):
    """Raise PermissionDenied unless `user` may move `article` to `to`."""
    who = MOVES.get((article.status, to))
    if who is None:
        raise PermissionDenied(
            _("A story cannot go from %(old)s to %(new)s.")
            % {"old": article.get_status_display(), "new": S(to).label}
        )
    if can_publish(user):
        return
    if who == "owner" and user.has_perm("articles.change_article") and article.is_owned_by(user):
        return
    raise PermissionDenied(_("Only editors can publish, schedule or unpublish stories."))


def lock_for_move(article):
    """Lock the story's row until the transaction ends, and refuse the move if its status or
    publication time changed since `article` was read: of two moves made at the same moment
    from two screens, exactly one happens, and the other is told whose came first."""
    current = (
        Article.everything.select_for_update()
        .filter(pk=article.pk)
        .values_list("status", "published_at")
        .get()
    )
    if current == (article.status, article.published_at):
        return
    last = article.transitions.select_related("by").first()
    if last is None:
        raise ValidationError(_("This story changed meanwhile. Reload it to see where it stands."))
    raise ValidationError(
        _("%(who)s moved this story to “%(state)s” at %(when)s, before you. Reload it to see "
          "where it stands.")
        % {"who": person(last.by), "state": S(last.to_status).label, "when": when(last.at)}
    )  # fmt: skip


@transaction.atomic
def article_transition(*, article, to, by, publish_at=None, now=None, note="", rights_note=""):
    """Move a story to another status, check it, record who did it and when (with a note
    for the colleague it goes to), and queue the message that tells them. An editor's
    `rights_note` publishes a story whose pictures' rights stand in the way, and is kept
    with the move."""
    if article.pk:
        lock_for_move(article)
    may_move(by, article, to)
    now = now or timezone.now()
    if to == S.PUBLISHED:
        publish_at = publish_at or now
        problems = publication_problems(article, publish_at, now=now, rights_note=rights_note)
        if problems:
            raise ValidationError(problems)
    else:
        rights_note = ""
    old = article.status
    article.status = to
    if to == S.PUBLISHED:
        article.published_at = publish_at
    article._history_user = by
    article.save(update_fields=["status", "published_at", "updated_at"])
    transition = Transition.objects.create(
        article=article,
        from_status=old,
        to_status=to,
        publish_at=publish_at,
        by=by,
        at=now,
        note=note.strip(),
        rights_note=rights_note.strip(),
    )
    queue_notification(transition)
    return transition


@dataclass
class Moves:
    """What `articles_move` did with each story: moved, left alone as already live, or refused
    with the reasons in an editor's words."""

    moved: list = field(default_factory=list)
    already_live: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # [(story, [reason, …])]


def articles_move(*, articles, to, by, publish_at=None):
    """Move each of `articles` to `to`, as an editor does for a selection in the story list.
    Each story is checked and moved on its own, so one that may not move holds back none of
    the others. "Publish now" (no `publish_at`) leaves stories that are already live alone."""
    moves = Moves()
    for article in articles:
        if to == S.PUBLISHED and publish_at is None and article.is_published():
            moves.already_live.append(article)
            continue
        try:
            article_transition(article=article, to=to, by=by, publish_at=publish_at)
        except (PermissionDenied, ValidationError) as error:
            moves.refused.append((article, getattr(error, "messages", [str(error)])))
        else:
            moves.moved.append(article)
    return moves


def article_submit(*, article, by, note=""):
    return article_transition(article=article, to=S.IN_REVIEW, by=by, note=note)


def article_publish(*, article, by, at=None):
    """Publish now, or schedule when `at` is in the future."""
    return article_transition(article=article, to=S.PUBLISHED, by=by, publish_at=at)


def article_unpublish(*, article, by, note=""):
    return article_transition(article=article, to=S.UNPUBLISHED, by=by, note=note)


def article_return_to_draft(*, article, by, note=""):
    return article_transition(article=article, to=S.DRAFT, by=by, note=note)


@transaction.atomic
def article_trash(*, article, by):
    """Move a story to the trash: off every page and list, restorable by an editor."""
    if not can_edit(by, article):
        raise PermissionDenied(_("You cannot delete this story."))
    article.deleted_at, article.deleted_by = timezone.now(), by
    article._history_user = by
    article.save(update_fields=["deleted_at", "deleted_by", "updated_at"])


@transaction.atomic
def article_restore(*, article, by):
    """Take a story out of the trash, in the state it was in."""
    if not by.has_perm("articles.edit_any_article"):
        raise PermissionDenied(_("Only editors can restore stories from the trash."))
    article.deleted_at, article.deleted_by = None, None
    article._history_user = by
    article.save(update_fields=["deleted_at", "deleted_by", "updated_at"])


# What a restore brings back: the words and the picture, never the workflow state.
RESTORED_FIELDS = ["headline", "dek", "body", "hero_caption", "source_credit"]
# Pictures come back when the library still has them.
RESTORED_PICTURES = {"hero_id": Image, "lead_gallery_id": Gallery}


@transaction.atomic
def article_restore_revision(*, article, revision, by):
    """Bring back a revision's text as a new save; status and publication time stay as they are."""
    if not can_edit(by, article):
        raise PermissionDenied(_("You cannot edit this story."))
    if revision.id != article.pk:
        raise ValidationError(_("That revision belongs to another story."))
    for name in RESTORED_FIELDS:
        setattr(article, name, getattr(revision, name))
    for name, model in RESTORED_PICTURES.items():
        key = getattr(revision, name)
        setattr(article, name, key if model.objects.filter(pk=key).exists() else None)
    article._history_user = by
    article._change_reason = _("Restored the version of %(when)s") % {
        "when": timezone.localtime(revision.history_date).strftime("%d %b %Y %H:%M %Z")
    }
    article.save()
    return article


def share_link_create(*, article, by, hours=SHARE_LINK_HOURS):
    """A new signed link to the story's current draft, live for `hours`."""
    if not can_publish(by):
        raise PermissionDenied(_("Only editors can share previews."))
    now = timezone.now()
    return ShareLink.objects.create(
        article=article,
        key=secrets.token_urlsafe(24),
        created_by=by,
        created_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )


def share_links_revoke(*, article, by):
    """Kill every link to the story made so far; returns how many were still live."""
    if not can_publish(by):
        raise PermissionDenied(_("Only editors can revoke previews."))
    return article.share_links.live().update(revoked_at=timezone.now())


def share_link_open(token, now=None):
    """The story behind a live link, counting the visit; None for any link that is not
    valid, whatever the reason, so a bad link reveals nothing."""
    try:
        key = Signer(salt=SHARE_SALT).unsign(token)
    except BadSignature:
        return None
    now = now or timezone.now()
    link = ShareLink.objects.live(now).select_related("article").filter(key=key).first()
    if link is None or link.article.deleted_at is not None:
        return None
    ShareLink.objects.filter(pk=link.pk).update(open_count=F("open_count") + 1, last_opened_at=now)
    return link


def suggestions_apply(*, article, decided):
    """Link the artists and releases of the copy desk's suggestions an editor has just
    accepted. Only those just `decided`: a link the editor removed after accepting it long
    ago stays removed."""
    accepted = [s for s in decided if s.decision == LinkSuggestion.Decision.ACCEPTED]
    if not accepted:
        return
    article.artists.add(*[s.artist_id for s in accepted if s.artist_id])
    article.releases.add(*[s.release_id for s in accepted if s.release_id])
    article.record_links()


def article_slug_changed(*, article, old_slug):
    """Keep the old address answering with a redirect to the story's new one."""
    if old_slug and old_slug != article.slug:
        FormerSlug.objects.update_or_create(slug=old_slug, defaults={"article": article})
    FormerSlug.objects.filter(slug=article.slug).delete()  # the story took an old name back


def live_entry_split(*, entry, by):
    """A draft story of its own, made from an entry: its words, the coverage's artists and
    releases, the editor's byline. The entry links to it once that story is published."""
    article = entry.article
    story = Article(
        headline=entry.headline or article.headline,
        body=entry.body,
        hero=entry.picture,
        created_by=by,
    )
    story.save()
    story.artists.set(article.artists.all())
    story.releases.set(article.releases.all())
    byline = Byline.objects.filter(user=by).first()
    if byline is not None:
        story.set_bylines([byline])
    entry.split_into = story
    entry.save(update_fields=["split_into", "updated_at"])
    return story
