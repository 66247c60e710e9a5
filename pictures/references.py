"""Library pictures and galleries inserted in a text.

A writer inserts one with a line holding only `[picture:12]` or `[gallery:3]` (what the story
form's "Insert image" and "Insert gallery" buttons write). The Markdown renderer turns such a
line into an empty placeholder figure, `<figure class="library-picture" data-picture="12">
</figure>`, stored in the rendered HTML; the page fills it in from the library when it is
shown (pictures/embedding.py), so a picture withdrawn or past its licence after the story
was saved is never printed. What a text shows is read from its rendered HTML: a reference
inside a code block shows nothing, and so counts for nothing.
"""

import re

KINDS = ("picture", "gallery")
REFERENCE = re.compile(r"^\[(?P<kind>picture|gallery):(?P<pk>[0-9]{1,12})\]$")
PLACEHOLDER = re.compile(
    r'<figure class="library-(?P<kind>picture|gallery)" data-(?P=kind)="(?P<pk>[0-9]{1,12})">'
    r"</figure>"
)


def reference(kind, pk):
    """The line that inserts library item `pk` of `kind` ("picture" or "gallery")."""
    return f"[{kind}:{pk}]"


def parse_reference(line):
    """(kind, pk) when `line` is only a reference, else None."""
    match = REFERENCE.match(line.strip())
    return (match["kind"], int(match["pk"])) if match else None


def placeholder(kind, pk):
    """The empty figure a reference renders to, filled in when the page is shown."""
    return f'<figure class="library-{kind}" data-{kind}="{pk}"></figure>'


def placeholders(html):
    """{"picture": [ids], "gallery": [ids]} that rendered `html` shows, each once, in order."""
    found = {kind: {} for kind in KINDS}
    for match in PLACEHOLDER.finditer(html or ""):
        found[match["kind"]][int(match["pk"])] = None
    return {kind: list(ids) for kind, ids in found.items()}


def fill(html, figure):
    """`html` with each placeholder replaced by `figure(kind, pk)` (a string; "" prints
    nothing)."""
    return PLACEHOLDER.sub(lambda match: figure(match["kind"], int(match["pk"])), html or "")
