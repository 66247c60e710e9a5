"""Library pictures and galleries inserted in a text: a line holding only `[picture:12]` or
`[gallery:3]` (what the story form's "Insert picture" and "Insert gallery" buttons write).
The Markdown renderer turns such a line into a figure; this module finds them for the
usage list and the rights checks."""

import re

REFERENCE = re.compile(r"^\s{0,3}\[(?P<kind>picture|gallery):(?P<pk>\d{1,12})\]\s*$", re.MULTILINE)


def reference(kind, pk):
    """The line that inserts library item `pk` of `kind` ("picture" or "gallery")."""
    return f"[{kind}:{pk}]"


def references(text):
    """{"picture": [ids], "gallery": [ids]} inserted in `text`, each once, in order."""
    found = {"picture": {}, "gallery": {}}
    for match in REFERENCE.finditer(text or ""):
        found[match["kind"]][int(match["pk"])] = None
    return {kind: list(ids) for kind, ids in found.items()}
