"""Three-way merges of a story's fields: what the form was opened at (the base), what a
colleague saved since (theirs) and what this form holds (mine).

A field only one side changed takes that side's value; a text both changed is merged
paragraph by paragraph when the two changes touch different paragraphs; a set of links both
changed keeps every addition and every removal. Anything else is a conflict for a person to
decide."""

import difflib
from dataclasses import dataclass

from .diff import paragraphs

KEPT_MINE = "mine"
TOOK_THEIRS = "theirs"
SAME = "same"  # both made the same change
MERGED = "merged"
CONFLICT = "conflict"


@dataclass
class Outcome:
    how: str  # one of the constants above
    value: object = None  # the value to put on the form, for TOOK_THEIRS and MERGED
    # For a text both rewrote in the same paragraphs: the whole text with every other change
    # of both kept, the clashing paragraphs settled one way or the other.
    if_mine: str | None = None
    if_theirs: str | None = None


def merge_paragraphs(base, mine, theirs, prefer=None):
    """The text with both sides' changes, or None when they touch the same paragraph.
    Paragraphs are separated by blank lines, as in Markdown.

    With `prefer` ("mine" or "theirs"), changes that clash are settled for that side and
    every other change of both sides is kept: what choosing one version of the paragraphs
    both rewrote gives."""
    base_paragraphs = paragraphs(base)
    hunks = sorted(
        {
            *((*hunk, KEPT_MINE) for hunk in _hunks(base_paragraphs, paragraphs(mine))),
            *((*hunk, TOOK_THEIRS) for hunk in _hunks(base_paragraphs, paragraphs(theirs))),
        }
    )
    kept = []
    for cluster in _clusters(hunks):
        sides = {hunk[3] for hunk in cluster}
        changes = {hunk[:3] for hunk in cluster}
        if len(changes) == 1:  # one side's change, or the same change on both
            kept.append(next(iter(changes)))
            continue
        if prefer is None or len(sides) == 1:
            return None
        side = KEPT_MINE if prefer == KEPT_MINE else TOOK_THEIRS
        kept += sorted({hunk[:3] for hunk in cluster if hunk[3] == side})
    merged, position = [], 0
    for start, end, replacement in kept:
        merged += base_paragraphs[position:start]
        merged += replacement
        position = end
    merged += base_paragraphs[position:]
    return "\n\n".join(merged)


def _clusters(hunks):
    """Runs of changes (sorted by position) that clash with one another."""
    cluster = []
    for hunk in hunks:
        if cluster and not any(_clash(other, hunk) for other in cluster):
            yield cluster
            cluster = []
        cluster.append(hunk)
    if cluster:
        yield cluster


def _hunks(base, other):
    """Each change from `base` to `other`: (start, end, replacement paragraphs), in base's
    positions."""
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    return [
        (i1, i2, tuple(other[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def _clash(first, second):
    """Two changes (sorted by position) that touch the same paragraphs, or insert at the same
    place (whose order would be a guess)."""
    (start1, end1, *_), (start2, end2, *_) = first, second
    if start2 < end1:
        return True
    return start1 == start2 and (start1 == end1 or start2 == end2)


def merge_sets(base, mine, theirs):
    """Links both sides changed: every addition and every removal, made by either, kept."""
    base, mine, theirs = set(base), set(mine), set(theirs)
    return sorted((base | (mine - base) | (theirs - base)) - (base - mine) - (base - theirs))


def merge_field(base, mine, theirs, *, kind="value"):
    """How to settle one field. `kind` is "text" for long texts merged by paragraph, "set"
    for links, anything else for values that are either one side's or the other's. The
    values must be comparable: normalised by the caller (see articles.admin.merging)."""
    if theirs == base or mine == theirs:
        return Outcome(SAME if mine == theirs and theirs != base else KEPT_MINE)
    if mine == base:
        return Outcome(TOOK_THEIRS, theirs)
    if kind == "set":
        return Outcome(MERGED, merge_sets(base, mine, theirs))
    if kind == "text":
        merged = merge_paragraphs(base, mine, theirs)
        if merged is not None:
            return Outcome(MERGED, merged)
        return Outcome(
            CONFLICT,
            if_mine=merge_paragraphs(base, mine, theirs, prefer=KEPT_MINE),
            if_theirs=merge_paragraphs(base, mine, theirs, prefer=TOOK_THEIRS),
        )
    return Outcome(CONFLICT)
