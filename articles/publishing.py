"""Checks a story must pass before it is published or scheduled."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from pictures.embedding import Shown

from .markdown import render_markdown

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


def publication_problems(article, publish_at, now=None, artists=None, bylines=None, rights_note=""):
    """Everything that stops `article` from going out at `publish_at`, as editor-facing text.

    `artists` and `bylines` are what a form is about to save; by default, the story's saved
    artists and bylines. The rights of its pictures (`rights_problems`) stop it unless an
    editor gives a `rights_note` saying why it may go out all the same."""
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
    pictures = pictures_shown(article)
    problems += description_problems(article, pictures)
    if not rights_note.strip():
        problems += rights_problems(pictures, publish_at)
    repeated = repeated_paragraph(article.body)
    if repeated:
        problems.append(_("This paragraph appears twice: “%s…”") % repeated[:80])
    if publish_at < now - PAST_GRACE:
        problems.append(_("The publication time is in the past; choose now or a later time."))
    return problems


def pictures_shown(article):
    """Every library picture `article` would show as it stands (its text perhaps not saved
    yet): its hero, its lead gallery's, and those its body inserts, alone or in galleries;
    each once, in that order."""
    shown = Shown.of_html(
        render_markdown(article.body), [article.hero_id], [article.lead_gallery_id]
    )
    pictures = {}
    if article.hero_id in shown.images:
        pictures[article.hero_id] = shown.images[article.hero_id]
    for gallery in shown.galleries.values():
        pictures |= {item.image_id: item.image for item in gallery.items.all()}
    return list({**pictures, **shown.images}.values())


def description_problems(article, pictures):
    """Pictures without alt text or credit: no override, they are quick to write."""
    problems = []
    for image in pictures:
        if image.hidden:
            continue  # printed nowhere: its rights problem says so
        if not image.alt_text.strip():
            problems.append(_no_words(article, image, _("alt text")))
        if not image.rights_notice.strip():
            problems.append(_no_words(article, image, _("a credit")))
    return problems


def _no_words(article, image, what):
    if image.pk == article.hero_id:
        return _("The hero picture needs %(what)s (in the picture library).") % {"what": what}
    return _("The picture “%(title)s” needs %(what)s (in the picture library).") % {
        "title": image,
        "what": what,
    }


def rights_problems(pictures, publish_at):
    """What the licences of `pictures` say against going out at `publish_at` (withdrawn,
    licence ended by that day in Korea, restricted), in an editor's words."""
    day = timezone.localdate(publish_at)
    return [problem for image in pictures for problem in image.rights_problems(on=day)]
