"""Readable differences between two revisions of a story: its text word by word, then every
other change an editor would look for (status and time, links, picture, search and social)."""

import datetime as dt
import difflib
import posixpath
import re
from collections import Counter

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.formats import when

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
DIFF_FIELDS = ["headline", "dek", "body"]  # always shown, changed or not
FOLDED_FIELDS = {"body"}  # long texts: unchanged paragraphs folded away
# Shown only when they changed, in this order.
OTHER_FIELDS = [
    "headline_proposed", "status", "published_at", "artists", "releases", "tags", "bylines",
    "hero", "hero_caption", "lead_gallery", "source_credit", "slug", "seo_title",
    "meta_description", "social_title", "social_description", "social_image", "canonical_url",
    "noindex",
]  # fmt: skip
# The links each revision keeps by name: see Article.record_links.
LINKS = {
    "artists": _("artists"),
    "releases": _("releases"),
    "tags": _("tags"),
    "bylines": _("bylines"),
}
PICTURES = {"social_image"}  # shown by file name
CONTEXT = 1  # unchanged paragraphs shown on each side of a change


def word_diff(old, new):
    """HTML of `new` with words removed since `old` in <del> and words added in <ins>."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
    return mark_safe("".join(parts))


def folded_diff(old, new):
    """`word_diff` paragraph by paragraph, each run of unchanged paragraphs folded to a line
    ("… 12 unchanged paragraphs …") but for one paragraph of context beside a change."""
    a, b = paragraphs(old), paragraphs(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    parts = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "equal":
            parts.append(word_diff("\n\n".join(a[i1:i2]), "\n\n".join(b[j1:j2])))
            continue
        run = [escape(paragraph) for paragraph in a[i1:i2]]
        head = run[:CONTEXT] if index > 0 else []
        tail = run[-CONTEXT:] if index < len(opcodes) - 1 else []
        folded = len(run) - len(head) - len(tail)
        if folded <= 0:
            parts += run
            continue
        text = ngettext(
            "… %(n)d unchanged paragraph …", "… %(n)d unchanged paragraphs …", folded
        ) % {"n": folded}
        parts += [*head, f'<span class="quiet">{escape(text)}</span>', *tail]
    return mark_safe("\n\n".join(parts))


def paragraphs(text):
    return [p.strip("\n") for p in re.split(r"\n\s*\n", _lines(text)) if p.strip()]


def _lines(text):
    return (text or "").replace("\r\n", "\n")


def compare(old, new):
    """[(label, diff HTML, changed?)] from revision `old` to revision `new`: the headline,
    standfirst and body always, every other field only when it changed."""
    rows = [_text_row(old, new, name) for name in DIFF_FIELDS]
    for name in OTHER_FIELDS:
        row = _links_row(old, new, name) if name in LINKS else _field_row(old, new, name)
        if row and row[2]:
            rows.append(row)
    return rows


def _text_row(old, new, name):
    before, after = (_lines(getattr(obj, name, "")) for obj in (old, new))
    differ = folded_diff if name in FOLDED_FIELDS else word_diff
    return new._meta.get_field(name).verbose_name, differ(before, after), before != after


def _field_row(old, new, name):
    field = new._meta.get_field(name)
    if field.many_to_one:  # a library picture or gallery: named, even if deleted since
        before, after = (getattr(obj, field.attname, None) for obj in (old, new))
        names = _related_names(field, {before, after} - {None})
        shown = [names.get(value, "") for value in (before, after)]
        return field.verbose_name, _replaced(*shown), before != after
    before, after = getattr(old, name, None), getattr(new, name, None)
    if isinstance(after, str) and not field.choices and name not in PICTURES:
        return _text_row(old, new, name)
    shown = [_shown(field, value) for value in (before, after)]
    return field.verbose_name, _replaced(*shown), before != after


def _links_row(old, new, kind):
    """The names linked, with those unlinked struck through and those added underlined. A
    revision saved before links were kept by name has nothing to compare: no row, rather
    than every link shown as new."""
    before, after = (getattr(obj, "links", None) or {} for obj in (old, new))
    if kind not in before or kind not in after:
        return None
    was, now = Counter(before[kind]), Counter(after[kind])
    kept, removed, added = was & now, was - now, now - was
    marked = []
    for name in sorted(was | now, key=str.casefold):
        marked += [format_html("{}", name)] * kept[name]
        marked += [format_html("<del>{}</del>", name)] * removed[name]
        marked += [format_html("<ins>{}</ins>", name)] * added[name]
    return LINKS[kind], mark_safe(", ".join(marked)), bool(removed or added)


def _related_names(field, keys):
    """{pk: name} of the rows `field` points at; one deleted since is named by its number."""
    found = field.related_model._base_manager.in_bulk(keys) if keys else {}
    return {key: str(found[key]) if key in found else f"#{key}" for key in keys}


def _shown(field, value):
    """A value as the form shows it; "" for none."""
    if value is None or value == "":
        return ""
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return when(value)
    return posixpath.basename(str(value))  # a picture: its file's name


def _replaced(before, after):
    """ "<del>before</del> → <ins>after</ins>", without the side that is empty."""
    parts = [format_html("<del>{}</del>", before) if before else ""]
    parts += [format_html("<ins>{}</ins>", after) if after else ""]
    return mark_safe(" → ".join(part for part in parts if part))
