"""Lines partner copy carries besides the story: a reporter's byline at the top ("By Name |
Outlet") and the source site's tag list after the last paragraph. Each is read from one line;
cleaning.py decides where such a line may stand."""

import re

BY = re.compile(r"^(?:by|written by|words by|reporting by)\s+", re.IGNORECASE)
NAME_SEPARATOR = re.compile(r"\s*,\s*|\s+and\s+|\s*&\s*")
# One to four capitalised words ("Kim Min-ji", "Lee Ha-na", "Jeff Benjamin") or a Hangul name.
PERSON_NAME = re.compile(
    r"^(?:[A-Z][\w'’.-]*(?: (?:[A-Z][\w'’.-]*|de|van|von|da))?(?: [A-Z][\w'’.-]*){0,2}"
    r"|[\uac00-\ud7a3]{2,5})$"
)
OUTLET = re.compile(r"^(?:The )?[A-Z0-9\uac00-\ud7a3][\w&'’.+-]*(?: [\w&'’.+-]+){0,4}$")
KOREAN_BYLINE = re.compile(
    r"^(?:\[(?P<outlet>[^\]]{1,30})\]\s*)?(?P<name>[\uac00-\ud7a3]{2,4})\s*기자"
    r"(?:\s*[|=/]\s*(?P<outlet_after>[^|=/]{1,30}))?$"
)
EMAIL_IN_BYLINE = re.compile(r"\s*[(<]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[)>]?")
MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
TAG_PREFIX = re.compile(
    r"^(?:tags?|tagged|topics?|keywords?|태그|키워드)\s*[:：]\s*", re.IGNORECASE
)
TAG_MAX_WORDS = 6
# Letters, digits and the few marks names carry ("K-pop", "Stray Kids", "Girls' Generation").
TAG_WORD = re.compile(r"^\w[\w .&'’+-]*$")
TAG_LINE_MAX_CHARS = 150


def byline_of(line):
    """(names, outlet) of a reporter's byline: "By Name | Outlet", "By Name, Outlet",
    "Name, Outlet", "[Outlet] 이름 기자"; None for any other line."""
    # A CMS links the names to author pages and sets them in bold: "By [**Kim**](/author/kim)".
    text = MARKDOWN_LINK.sub(r"\1", line).replace("**", "").replace("__", "")
    text = EMAIL_IN_BYLINE.sub("", text.strip().strip("*_")).strip()
    if match := KOREAN_BYLINE.match(text):
        return [match["name"]], (match["outlet"] or match["outlet_after"] or "").strip()
    by = BY.match(text)
    rest = text[by.end() :] if by else text
    parts = [p.strip() for p in re.split(r"\s+[|/]\s+|\s+[—–]\s+", rest) if p.strip()]
    if len(parts) > 1 and not by:
        return None  # "Name | Outlet" alone is a photo credit
    if len(parts) == 1 and "," in rest:
        head, _, tail = rest.rpartition(",")
        parts = [head.strip(), tail.strip()] if " and " not in tail else [rest]
    if not parts:
        return None
    names_part, outlets = parts[0], [p for p in parts[1:] if not re.search(r"\d", p)]
    names = [n.strip() for n in NAME_SEPARATOR.split(names_part) if n.strip()]
    outlet = outlets[0] if outlets else ""
    if not names or not all(PERSON_NAME.match(n) for n in names):
        return None
    if not by and (len(names) != 1 or len(names[0].split()) < 2 or not OUTLET.match(outlet)):
        return None  # without "By", only "First Last, Outlet" is sure to be a byline
    return names, outlet


def tag_words_of(line):
    """The words of a tag list ("BTS, RM, comeback", "#NewJeans #Bunnies", "Tags: aespa
    Drama"), or None when the line is not one."""
    text = MARKDOWN_LINK.sub(r"\1", line.strip())
    if "\n" in text or len(text) > TAG_LINE_MAX_CHARS or text.endswith((".", "!", "?", "”", '"')):
        return None
    prefix = TAG_PREFIX.match(text)
    text = text[prefix.end() :] if prefix else text
    hashtags = all(word.startswith("#") for word in text.split())
    if "," in text or "·" in text:
        words = re.split(r"\s*[,·]\s*", text)
    elif hashtags or prefix:
        words = text.split()
    else:
        return None
    words = [w.strip().lstrip("#") for w in words if w.strip().lstrip("#")]
    # Bare, two words with a comma are as likely a last line ("Thank you, ARMY").
    if not 1 <= len(words) <= TAG_MAX_WORDS or not (prefix or hashtags or len(words) > 2):
        return None
    if not all(TAG_WORD.match(w) and len(w.split()) <= 3 and len(w) <= 40 for w in words):
        return None
    return words
