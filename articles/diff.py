"""Readable word-level differences between two versions of a story's text."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")
DIFF_FIELDS = ["headline", "dek", "body"]


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


def _lines(text):
    return (text or "").replace("\r\n", "\n")


def compare(old, new, fields=DIFF_FIELDS):
    """[(field label, diff HTML, changed?)] between two objects with those attributes."""
    rows = []
    for name in fields:
        before, after = (_lines(getattr(obj, name, "")) for obj in (old, new))
        label = new._meta.get_field(name).verbose_name
        rows.append((label, word_diff(before, after), before != after))
    return rows
