"""Readable word-level differences between two versions of a story's text."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
DIFF_FIELDS = ["headline", "dek", "body"]
FOLDED_FIELDS = {"body"}  # long texts: unchanged paragraphs folded away
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


def compare(old, new, fields=DIFF_FIELDS):
    """[(field label, diff HTML, changed?)] between two objects with those attributes."""
    rows = []
    for name in fields:
        before, after = (_lines(getattr(obj, name, "")) for obj in (old, new))
        label = new._meta.get_field(name).verbose_name
        differ = folded_diff if name in FOLDED_FIELDS else word_diff
        rows.append((label, differ(before, after), before != after))
    return rows
