"""A tracklist pasted as text, one track a line, as labels and streaming services print it:

    Tracklist
    1. LOST! (Title)
    02 - Nuts  3:12
    Track 3: Come back to me [타이틀곡]

Numbers are dropped when every line carries one (a title may itself start with a digit:
"7 Rings"), running times too; "(Title)", "(title track)", "[타이틀]", "(타이틀곡)" and a star
mark a title track.
"""

import re

HEADINGS = {"tracklist", "track list", "tracks", "트랙리스트", "수록곡"}
NUMBER = re.compile(r"^(?:track\s*)?\d{1,3}(?:\s*[.)\-:–—]\s*|\s+)", re.IGNORECASE)
TITLE_MARK = re.compile(
    r"\s*[(\[]\s*(?:title(?:\s*track)?|타이틀곡?)\s*[)\]]\s*|\s*[★☆]\s*", re.IGNORECASE
)
RUNNING_TIME = re.compile(r"\s*\(?\b\d{1,2}:\d{2}\)?\s*$")
LONGEST_TITLE = 300


def parse_tracklist(text):
    """[(title, is title track)] in order, from pasted text."""
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line and line.lower().rstrip(":") not in HEADINGS]
    numbered = bool(lines) and all(NUMBER.match(line) for line in lines)
    tracks = []
    for line in lines:
        if numbered:
            line = NUMBER.sub("", line, count=1)
        line = RUNNING_TIME.sub("", line)
        is_title = bool(TITLE_MARK.search(line))
        title = TITLE_MARK.sub(" ", line).strip(" -–—·")
        title = re.sub(r"\s{2,}", " ", title)[:LONGEST_TITLE]
        if title:
            tracks.append((title, is_title))
    return tracks
