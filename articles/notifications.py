"""Telling colleagues where a story went: a story sent for review tells the editors; one
returned with a note tells its writer; one published, scheduled or taken down tells its
bylined writers.
By e-mail (Django's e-mail framework) and, when NOTIFY_WEBHOOK_URL is set, in a Slack or
Discord channel.

Queued with the move itself, inside its transaction (no move, no message), and sent by the
background worker (articles/tasks.py), never during the editor's request."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from common import webhooks
from common.formats import person, when
from common.http import absolute

from .models import Article

S = Article.Status
EMAIL, WEBHOOK = "email", "webhook"
REVIEW, RETURNED, PUBLISHED, SCHEDULED, UNPUBLISHED = (
    "review", "returned", "published", "scheduled", "unpublished"
)  # fmt: skip


def event_of(transition):
    """What a move means to colleagues, or None when it tells nobody anything."""
    old, new = transition.from_status, transition.to_status
    if new == S.IN_REVIEW:
        return REVIEW
    if old == S.IN_REVIEW and new == S.DRAFT:
        # A writer taking back their own story tells nobody; an editor returning it does.
        owner = transition.by is not None and transition.article.is_owned_by(transition.by)
        return None if owner else RETURNED
    if new == S.PUBLISHED and old != S.PUBLISHED:
        soon = transition.publish_at and transition.publish_at > transition.at
        return SCHEDULED if soon else PUBLISHED
    if new == S.UNPUBLISHED:
        return UNPUBLISHED
    return None


@dataclass
class Message:
    subject: str
    text: str
    recipients: list = field(default_factory=list)  # e-mail addresses


def message_for(transition):
    """The message a move sends, or None."""
    event = event_of(transition)
    if event is None:
        return None
    article, by = transition.article, transition.by
    values = {
        "who": person(by),
        "headline": article.headline,
        "when": when(transition.publish_at or transition.at),
    }
    if event == REVIEW:
        subject = _("For review: %(headline)s") % values
        lead = _("%(who)s sent “%(headline)s” for review.") % values
        people = editors()
    elif event == RETURNED:
        subject = _("Returned to you: %(headline)s") % values
        lead = _("%(who)s returned “%(headline)s” to you.") % values
        people = writers(article)
    elif event == SCHEDULED:
        subject = _("Scheduled: %(headline)s") % values
        lead = _("%(who)s scheduled “%(headline)s” for %(when)s.") % values
        people = article.bylined_users()
    elif event == UNPUBLISHED:
        subject = _("Taken down: %(headline)s") % values
        lead = _("%(who)s unpublished “%(headline)s”: it is off the site.") % values
        people = article.bylined_users()
    else:
        subject = _("Published: %(headline)s") % values
        lead = _("%(who)s published “%(headline)s” at %(when)s.") % values
        people = article.bylined_users()
    lines = [lead]
    if transition.note.strip():
        lines += ["", _("Note from %(who)s:") % values, transition.note.strip()]
    lines += ["", _("Open the story: %(url)s") % {"url": admin_url(article)}]
    addresses = sorted(
        {u.email for u in people if u.email and u.is_active and (by is None or u.pk != by.pk)}
    )
    return Message(
        subject=f"[{settings.SITE_NAME}] {subject}", text="\n".join(lines), recipients=addresses
    )


def editors():
    """Everyone who may publish: the desk that reviews."""
    return get_user_model().objects.with_perm(
        "articles.publish_article",
        is_active=True,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",  # roles are groups: see roles.py
    )


def writers(article):
    """Whoever wrote the story: its creator and the colleagues on its bylines."""
    people = list(article.bylined_users())
    if article.created_by and article.created_by not in people:
        people.append(article.created_by)
    return people


def admin_url(article):
    path = reverse("admin:articles_article_change", args=[article.pk])
    return absolute(path)


def deliver(message, channels=(EMAIL, WEBHOOK)):
    """Send `message` by each of `channels`; returns the channels that failed, to be tried
    again. A channel with nobody to tell, or not configured, has nothing to fail."""
    failed = []
    if EMAIL in channels and message.recipients:
        mails = [(message.subject, message.text, None, [to]) for to in message.recipients]
        try:
            send_mass_mail(mails, fail_silently=False)
        except OSError:  # refused, timed out, TLS, authentication: smtplib's errors are OSErrors
            failed.append(EMAIL)
    if WEBHOOK in channels and settings.NOTIFY_WEBHOOK_URL:
        try:
            webhooks.post(
                settings.NOTIFY_WEBHOOK_URL,
                f"{message.subject}\n{message.text}",
                timeout=settings.NOTIFY_WEBHOOK_TIMEOUT,
            )
        except webhooks.WebhookError:
            failed.append(WEBHOOK)
    return failed


def retry_delay(attempt):
    """How long before trying a failed channel again: 30 s, 2 min, 8 min…"""
    return dt.timedelta(seconds=30 * 4 ** (attempt - 1))
