"""Checks a story must pass before it is published or scheduled."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

# A minute's grace: "publish at 13:00" typed at 13:00:20 is not a mistake.
PAST_GRACE = timezone.timedelta(minutes=1)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _normalised_paragraphs(body):
    for paragraph in re.split(r"\n\s*\n", body or ""):
        text = " ".join(paragraph.translate(_QUOTES).split())
        if len(text) >= 20:  # short lines ("* * *", a lone link) may repeat on purpose
            yield text


def repeated_paragraph(body):
    """The first paragraph that appears twice (ignoring spacing and quote style), or None."""
    seen = set()
    for text in _normalised_paragraphs(body):
        if text in seen:
            return text
        seen.add(text)
    return None


def publication_problems(article, publish_at, now=None, artists=None, bylines=None):
    """Everything that stops `article` from going out at `publish_at`, as editor-facing text.

    `artists` and `bylines` are what a form is about to save; by default, the story's saved
    artists and bylines."""
    now = now or timezone.now()
    problems = []
    if article.headline_proposed:
        problems.append(_("Confirm or rewrite the headline the copy desk proposed."))
    if not article.dek.strip():
        problems.append(_("Write a standfirst (dek)."))
    if artists is None:
        artists = article.artists.all() if article.pk else []
    if not artists:
        problems.append(_("Link at least one artist."))
    if bylines is None:
        bylines = article.bylines.all() if article.pk else []
    if not bylines:
        problems.append(_("Add a byline: nobody is named as the story's writer."))
    if article.hero and not article.hero.alt_text.strip():
        problems.append(_("The hero picture needs alt text (in the picture library)."))
    if article.hero and not article.hero.rights_notice.strip():
        problems.append(_("The hero picture needs a credit (in the picture library)."))
    repeated = repeated_paragraph(article.body)
    if repeated:
        problems.append(_("This paragraph appears twice: “%s…”") % repeated[:80])
    if publish_at < now - PAST_GRACE:
        problems.append(_("The publication time is in the past; choose now or a later time."))
    return problems
