"""Clean pasted copy: every removal or change is reported with its reason.

The unit is the paragraph (a block between blank lines; copy with no blank lines at all is
read one line per paragraph). Characters are never rewritten: curly quotes, em dashes and
Hangul come out as they went in. The exceptions, each reported: an attribution line, normalised
to start with an em dash so the story renders it as a pull quote; a space put back after a full
stop between two words ("the fans.Many"); and a headline proposed from the lead when the copy
has no headline line (the lead stays in the body).

What partner copy carries around the story is taken out and kept apart: reporters' bylines
(names and outlets), the source site's tag list, page titles, breadcrumbs and other chrome.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from . import chrome
from .sourcelines import BY, byline_of, tag_words_of

MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
IMAGE_EXTENSIONS = r"jpe?g|png|gif|webp|heic|heif|avif|tiff?|bmp"
FILE_NAME = re.compile(rf"^[\w\-. ()\[\]~+,&@]+\.(?:{IMAGE_EXTENSIONS})$", re.IGNORECASE)
# Names that browsers, phones and chat apps give a saved picture, with or without an extension:
# "download - 2024-03-02T101530.512", "image (4)", "KakaoTalk_20240302_101530123", "unnamed".
# The screenshot form is spelled out: "screenshot" and anything after it took prose lines too.
DOWNLOAD_STAMP = re.compile(
    r"^(?:download(?:ed)?(?:\s*-\s*\d{4}-?\d{2}-?\d{2}T\d{6}(?:\.\d+)?)?"
    r"|image\d*|unnamed|untitled(?:[-_ ]?\d+)?|img[_-]?\d+(?:[_-]\d+)*|dscn?[_-]?\d+"
    r"|fb_img_\d+|photo[_-][\w-]+|kakaotalk_[\w-]+|gettyimages-\d+|\d{10,}"
    r"|screen ?shot(?:[ _-]\d{4}-?\d{2}-?\d{2}(?:(?: at)?[ _-]\d{1,2}[.:-]?\d{2}[.:-]?\d{2}"
    r"(?: ?[ap]m)?)?(?:_\w+)?)?)(?:\s*\(\d+\))?(?:\.(?:" + IMAGE_EXTENSIONS + r"))?$",
    re.IGNORECASE,
)
CREDIT = re.compile(
    r"^(?:(?:photo|image|picture|사진)\s*(?:by|credit)?\s*[:：]?\s*)?"
    r"(?P<name>[^|\n]{2,60}?)\s*\|\s*(?P<outlet>[^|\n]{2,60})$",
    re.IGNORECASE,
)
# The name never starts with a dash: "---" is a rule between sections, not "-- -".
ATTRIBUTION = re.compile(r"^\s*(?:[—―–]|-{1,2})\s*(?P<name>[^\s—―–-].{0,80})$")
# A paragraph with no quotation marks is a pull quote only with one of these dashes under it
# ("- Name" under prose is a list item), and only when it is as short as a pull quote is.
BARE_ATTRIBUTION = re.compile(r"^\s*(?:[—―–]|--)\s*(?P<name>[^\s—―–-].{0,60})$")
PULL_QUOTE_MAX_SENTENCES = 3
PULL_QUOTE_MAX_CHARS = 400
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s")
# "fans.Many", "fans.”Many", "돌아온다.소속사": a full stop between a lower-case letter (or
# Hangul) and a capitalised word. Not "U.S.", "3.5", "Weverse.io": no lower case on both sides.
MISSING_SPACE = re.compile(
    r"([a-z\uac00-\ud7a3][)”’\"']?\.[)”’\"']?)(?=[A-Z][a-z’']|[A-Z]$|[\uac00-\ud7a3])"
)
# Tokens where a full stop is no sentence end: addresses, e-mails, links, file names.
NOT_PROSE = re.compile(
    r"://|^www\.|@|\]\(|\.(?:com|net|org|io|kr|co|html?|php|jpe?g|png|gif|webp|mp[34])\b",
    re.IGNORECASE,
)
# A paragraph that reports who said what is the lead, however short: a standfirst sums up.
REPORTING = re.compile(
    r"\b(?:said|says|announced|announces|told|according to)\b|밝혔다|전했다|말했다",
    re.IGNORECASE,
)
# "###" or "-30-" alone on a line ends a press release: "About the company" and the contacts
# come after it.
END_MARK = re.compile(r"^[ \t]*(?:#{3}|-[ \t]?30[ \t]?-)[ \t]*$", re.MULTILINE)
OPENING_QUOTES = ('"', "“", "‘", "'", "«", "「", "『")
# The alt text may hold brackets ("[포토] RM"), and the title escaped quotes (a credit's). An
# image not matched here was taken for a standfirst, and its credit dropped.
IMAGE = re.compile(
    r"^!\[(?P<alt>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<src>[^)\s]+)"
    r"(?:\s+\"(?P<title>(?:[^\"\\]|\\.)*)\")?\)$"
)
HEADING = re.compile(r"^#{1,6}\s+")
QUOTE_STYLES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})
# Repeats shorter than this stand alone only as part of a repeated run ("Yes." may recur).
REPEAT_MIN_CHARS = 25
STANDFIRST_MAX_CHARS = 220
# A first line longer than this, or of several sentences, is the lead, not a headline.
HEADLINE_MAX_CHARS = 160
PROPOSED_MAX_CHARS = 100
# A proposal cut shorter than this says too little: a later boundary or a word break is used.
PROPOSED_MIN_CHARS = 30
SENTENCE_END = re.compile(r"[.!?…](?P<close>[\"”’')]*)\s+(?=[\"“‘'(]?[A-Z0-9\uac00-\ud7a3])")
# "U.S.", "K.", "Mr.", "Jan.": a full stop after these ends no sentence.
ABBREVIATION = re.compile(
    r"^(?:(?:[A-Za-z]\.)+[A-Za-z]?|Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|No|Vol|Jan|Feb|Mar|Apr|Jun|Jul|Aug"
    r"|Sept?|Oct|Nov|Dec|Inc|Co|Corp|Ltd)\.?$"
)
SENTENCE_ENDINGS = (".", "!", "?", "…", "。", '"', "”", "’", "'")
# At most this many title lines stand above a "# " headline (a page title, a site name).
PAGE_TITLE_MAX_LINES = 2
# A proposal cut at a word break never ends on one of these.
DANGLING_WORDS = {
    "a", "an", "the", "of", "to", "in", "on", "at", "and", "or", "but", "with", "for", "by",
    "from", "as", "their", "its", "his", "her", "is", "are", "was", "were", "that",
}  # fmt: skip
# "SEOUL, March 2 (Yonhap) — " before the lead's first word.
DATELINE = re.compile(
    r"^[A-Z][A-Z .]{2,}(?:,[^—–\n]{0,40}?)?(?:\s*\([^)]{1,30}\))?\s*(?:[—–]|--)\s*"
)
CLAUSE_BOUNDARY = re.compile(
    r",\s+(?:who|which|where|when|while|after|as|before|with|and|but)\b"
    r"|\s+(?:after|as|while|when|before|following|amid|despite|since|because)\s+"
    r"|,\s+|;\s*|\s+[—–]\s+"
)


@dataclass
class Change:
    kind: str  # repeat, chrome, file-name, credit, pull-quote, byline, tags, headline, typography
    reason: str
    text: str


@dataclass
class CleanCopy:
    headline: str = ""
    dek: str = ""
    paragraphs: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    # The copy had no headline line: `headline` was drawn from the lead, which stays in the body.
    headline_proposed: bool = False
    # "By Name | Outlet" lines at the top: the outlet(s) for the story's source credit, and the
    # reporters' names as contributor bylines to suggest.
    source_credit: str = ""
    byline_names: list = field(default_factory=list)
    # The source site's tag list after the last paragraph, offered as tag suggestions.
    tag_words: list = field(default_factory=list)

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)

    def removed(self, kind=None):
        return [c for c in self.changes if kind is None or c.kind == kind]


def _key(text):
    """What counts as the same paragraph: spacing and quote style ignored."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTE_STYLES)
    return " ".join(text.split()).casefold()


def _bare(line):
    return re.sub(r"[\W_]+", " ", line.casefold()).strip()


def is_chrome(line):
    bare = _bare(line)
    if bare in chrome.LINES or is_breadcrumb(line):
        return True
    # A prefix is a whole word or phrase ("Watch: …", not "watching …"), and a line of chrome
    # does not start in lower case: such a line is a wrapped paragraph going on ("…instead of
    # / watching from the hospital bed.").
    return (
        len(line) <= chrome.PREFIX_MAX_CHARS
        and not line[:1].islower()
        and any(bare == p or bare.startswith(p + " ") for p in chrome.PREFIXES)
    )


def is_breadcrumb(line):
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line.strip())  # links kept as their words
    separators = [s for s in (*chrome.BREADCRUMB_SEPARATORS, "/") if f" {s} " in f" {text} "]
    if len(separators) != 1:
        return False
    steps = [s.strip() for s in text.split(separators[0])]
    if separators[0] == "/" and steps[0].casefold() not in chrome.BREADCRUMB_ROOTS:
        return False
    return len(steps) >= 2 and all(
        step
        and step[0].isalpha()
        and ":" not in step
        and not step.endswith((".", "!", "?", ","))
        and len(step.split()) <= chrome.BREADCRUMB_STEP_MAX_WORDS
        for step in steps
    )


def is_file_name(line):
    # Unescaped first: HTML turned into Markdown writes "IMG_1234" as "IMG\_1234".
    text = MARKDOWN_ESCAPE.sub(r"\1", line.strip()).strip("*_`")
    return bool(FILE_NAME.match(text) or DOWNLOAD_STAMP.match(text))


def paragraphs_of(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    # A line that only looks blank ends the paragraph too: an ideographic space (U+3000) or any
    # other Unicode space. Kept as a line, it became an empty line once stripped, splitting
    # the paragraph anyway, or leaving an empty headline when it came first.
    blocks = [b.strip("\n") for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) == 1 and "\n" in blocks[0]:
        blocks = [line for line in blocks[0].split("\n") if line.strip()]
    return [block.strip() for block in blocks]


def clean(text):
    """Raw copy to a CleanCopy: headline, standfirst, paragraphs and the list of changes."""
    result = CleanCopy()
    kept = []
    state = {"kept": kept}
    end = END_MARK.search(text)
    for block in paragraphs_of(text[: end.start()] if end else text):
        headline_found = any(kind == "text" for kind, _ in kept)
        kept.extend(_clean_block(block, result, headline_found, state))
    if end:
        reason = "a press release's end mark and the boilerplate after it"
        result.changes.append(Change("chrome", reason, text[end.start() :].strip()))
    kept = _drop_repeats(kept, result)
    kept = _place_credits(kept, result)
    kept = _take_tags(kept, result)
    kept = _drop_page_title(kept, result)
    _take_headline_and_dek(
        kept, result, dek=not state.get("story_under_byline"), lead=state.get("opens_with_lead")
    )
    result.dek = _repair_typography(result.dek, result)
    result.paragraphs = [_repair_typography(p, result) for p in result.paragraphs]
    return result


def _take_tags(paragraphs, result):
    """The source site's tag list after the last paragraph goes to the tag suggestions."""
    if len(paragraphs) < 3 or not (words := tag_words_of(paragraphs[-1])):
        return paragraphs
    result.tag_words = words
    reason = "the source site's tag list: offered as tag suggestions"
    result.changes.append(Change("tags", reason, paragraphs[-1]))
    return paragraphs[:-1]


def _drop_page_title(paragraphs, result):
    """Short title lines above the copy's "# " headline are the page's, not the story's: an
    HTML page's <title>, the site's name, a section label."""
    head = paragraphs[: PAGE_TITLE_MAX_LINES + 1]
    index = next((i for i, p in enumerate(head) if re.match(r"^#\s+\S", p)), None)
    # Counted in lines: the same lines read the same whether pasted as one block or several.
    lines = [line for paragraph in paragraphs[: index or 0] for line in paragraph.split("\n")]
    if not index or len(lines) > PAGE_TITLE_MAX_LINES:
        return paragraphs
    if not all(_looks_like_page_title(line) for line in lines):
        return paragraphs
    if HEADING.sub("", paragraphs[index].partition("\n")[0]).strip() in lines:
        return paragraphs  # the headline written twice, not a page's title
    for paragraph in paragraphs[:index]:
        reason = "page title or label above the story's headline"
        result.changes.append(Change("chrome", reason, paragraph))
    return paragraphs[index:]


def _looks_like_page_title(text):
    return (
        "\n" not in text
        and len(text) <= PROPOSED_MAX_CHARS
        and not text.rstrip("\"”’')").endswith((".", "!", "?", ":"))
        and not IMAGE.match(text)
        and not HEADING.match(text)
    )


def _repair_typography(text, result):
    """A missing space after a full stop between two words ("the fans.Many") is put back."""
    if not text or not MISSING_SPACE.search(text) or IMAGE.match(text):
        return text

    def repair(token):
        if NOT_PROSE.search(token[0]):
            return token[0]
        repaired = MISSING_SPACE.sub(r"\1 ", token[0])
        if repaired != token[0]:
            reason = "missing space after a full stop"
            result.changes.append(Change("typography", reason, token[0]))
        return repaired

    return re.sub(r"\S+", repair, text)


def _clean_block(block, result, headline_found=True, state=None):
    """Split off chrome, file names and credit lines; join quote + attribution lines.

    `state` carries what the previous block ended with: a credit line under a download stamp
    belongs to the picture that stamp stood for, which did not come through."""
    state = {} if state is None else state
    out, lines = [], block.split("\n")
    # The first line of the copy is the headline: the lines under it in its block are a
    # paragraph of their own. Joined to the headline, they were never compared for repeats
    # (a standfirst repeated as the first paragraph stayed twice), a quote under the headline
    # never had its attribution line joined to it as a pull quote, and an attribution under
    # a quoted headline was reported as a pull quote that the body never had.
    headline = None  # where the copy's first line is in `out`, when it is in this block
    standfirst = None  # where a standfirst set straight under it is
    opens_with_lead = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        under_headline = len(out) - 1 in (headline, standfirst)
        after_stamp, state["stamp"] = state.get("stamp", False), False
        if is_chrome(stripped):
            result.changes.append(Change("chrome", "website chrome", stripped))
        elif byline := _top_byline(stripped, itertools.chain(state.get("kept", []), out)):
            _credit_byline(byline, stripped, result)
            # What follows a byline under the headline is the story, however short: a
            # standfirst goes above the byline.
            if _at_top(itertools.chain(state.get("kept", []), out)) == "under the headline":
                state["story_under_byline"] = True
        elif is_file_name(stripped):
            result.changes.append(Change("file-name", "image file name, not prose", stripped))
            state["stamp"] = True
        elif CREDIT.match(stripped) and not IMAGE.match(stripped):
            out.append(("lost-credit" if after_stamp else "credit", stripped))
        elif not under_headline and (joins := _joins_as_attribution(stripped, out, state, i)):
            name = ATTRIBUTION.match(stripped)["name"].strip()
            quote = (out or state["kept"]).pop()[1]
            out.append(("text", f"{quote}\n— {name}"))
            reason = "quote and attribution kept as a pull quote"
            if joins == "bare":
                reason = "paragraph and its dash attribution kept as a pull quote"
            result.changes.append(Change("pull-quote", reason, name))
        elif not under_headline and _is_long_before_dash(stripped, out, state, i):
            reason = "dash line after a long paragraph: not joined as a pull quote"
            result.changes.append(Change("pull-quote", reason, stripped))
            if out:
                out[-1] = ("text", f"{out[-1][1]}\n{line.rstrip()}")
            else:
                out.append(("text", stripped))
        elif out and out[-1][0] == "text" and not IMAGE.match(stripped) and not under_headline:
            out[-1] = ("text", f"{out[-1][1]}\n{line.rstrip()}")
        elif len(out) - 1 == headline and _goes_on(out[-1][1], stripped):
            # The first line was a wrapped lead, not a headline.
            out[-1] = ("text", f"{out[-1][1]}\n{line.rstrip()}")
        else:
            # Without its indent, as a paragraph that starts a block is: under the headline,
            # a line indented four spaces became a code block, and another cleaning unindented it.
            out.append(("text", stripped))
            if not headline_found and headline is None and not opens_with_lead:
                # A first line that is no headline is the lead: the lines under it go on it.
                opens_with_lead = state["opens_with_lead"] = not looks_like_headline(stripped)
                headline = None if opens_with_lead else len(out) - 1
            elif len(out) - 2 == headline and _is_standfirst_line(stripped, lines[i + 1 :]):
                # A standfirst set straight under the headline, the story straight under it.
                standfirst = len(out) - 1
    return out


def _goes_on(first, line):
    """Whether `line` continues `first` mid-sentence, as a wrapped paragraph does."""
    last_word = first.rsplit(None, 1)[-1] if first.strip() else ""
    ends_open = first.endswith(",") or (last_word in DANGLING_WORDS and last_word != "of")
    return line[:1].islower() or ends_open


def _is_standfirst_line(line, following):
    """A sentence under the headline with more of the story under it, not a quote's."""
    return (
        bool(following)
        and not ATTRIBUTION.match(following[0])
        and _looks_like_standfirst(line)
        and line.rstrip("\"”’')").endswith((".", "!", "?"))
    )


def _top_byline(line, items):
    """The byline on this line when the story has not started yet."""
    top = _at_top(items)
    byline = top and byline_of(line)
    if top == "under a standfirst" and not (BY.match(line.strip("*_")) or "기자" in line):
        return None  # "Name, Outlet" after a short paragraph may be the story's own
    return byline if top else None


def _at_top(items):
    """Before the story starts: nothing yet, a headline, or a headline and a standfirst."""
    texts = _first_texts(items, 3)
    if not texts:
        return "above the headline"
    if len(texts) > 2 or not looks_like_headline(texts[0].partition("\n")[0]):
        return False
    if len(texts) == 1:
        return "under the headline"
    return _looks_like_standfirst(texts[1]) and "under a standfirst"


def _credit_byline(byline, line, result):
    names, outlet = byline
    result.byline_names.extend(n for n in names if n not in result.byline_names)
    outlets = [o for o in result.source_credit.split(" and ") if o]
    if outlet and outlet not in outlets:
        result.source_credit = " and ".join([*outlets, outlet])
    reason = "reporter's byline: names offered as bylines, outlet as the source credit"
    result.changes.append(Change("byline", reason, line))


def _joins_as_attribution(line, out, state, i):
    """ "quoted" or "bare" when the line attributes the paragraph before it, else None.

    The paragraph may end the block before: a dash line often arrives after a blank line.
    A quote in quotation marks takes any dash; a paragraph without them only an em or en
    dash or a double hyphen, and only when it is short enough to be a pull quote."""
    if not ATTRIBUTION.match(line):
        return None
    previous = _previous_paragraph(out, state, i)
    if previous is None or "\n— " in previous:
        return None
    if previous.lstrip("> ").startswith(OPENING_QUOTES):
        return "quoted"
    if _is_bare_attribution(line) and _could_be_pull_quote(previous):
        return "bare"
    return None


def _previous_paragraph(out, state, i):
    """The paragraph a dash line would attribute, without a heading line it may start with (a
    quote written under the headline in its block is the quote, not the headline)."""
    previous = _paragraph_before(out, state, i)
    first, newline, rest = (previous or "").partition("\n")
    return rest if newline and HEADING.match(first) else previous


def _paragraph_before(out, state, i):
    if out:
        return out[-1][1] if out[-1][0] == "text" else None
    kept = state.get("kept") or []
    # Never the headline: an attribution under it was taken for a pull quote the body lacked.
    after_headline = state.get("opens_with_lead") or len(_first_texts(kept, 2)) > 1
    if i == 0 and kept and kept[-1][0] == "text" and after_headline:
        return kept[-1][1]
    return None


def _first_texts(items, count):
    return list(itertools.islice((text for kind, text in items if kind == "text"), count))


def _is_bare_attribution(line):
    match = BARE_ATTRIBUTION.match(line)
    return bool(match) and not match["name"].rstrip().endswith((".", "!", "?", ":"))


def _could_be_pull_quote(text):
    body = text.lstrip("> ")
    if IMAGE.match(body) or HEADING.match(body) or LIST_ITEM.match(body) or body.endswith(":"):
        return False
    return (
        len(body) <= PULL_QUOTE_MAX_CHARS
        and len(sentences(" ".join(body.split()))) <= PULL_QUOTE_MAX_SENTENCES
    )


def _is_long_before_dash(line, out, state, i):
    if not _is_bare_attribution(line):
        return False
    previous = _previous_paragraph(out, state, i)
    if previous is None:
        return False
    body = previous.lstrip("> ")
    return not (LIST_ITEM.match(body) or body.endswith(":") or _could_be_pull_quote(body))


def _drop_repeats(items, result):
    """Keep the first of every repeated paragraph; short ones go only inside repeated runs."""
    first_seen, repeat_of = {}, {}
    for index, (_kind, text) in enumerate(items):
        key = _key(text)
        if key in first_seen:
            repeat_of[index] = first_seen[key]
        else:
            first_seen[key] = index
    dropped = {i for i, j in repeat_of.items() if len(_key(items[i][1])) >= REPEAT_MIN_CHARS}
    changed = True
    while changed:  # grow runs: a short repeat next to a dropped repeat of its neighbour goes too
        changed = False
        for i, j in repeat_of.items():
            if i in dropped:
                continue
            beside = (i - 1 in dropped and repeat_of.get(i - 1) == j - 1) or (
                i + 1 in dropped and repeat_of.get(i + 1) == j + 1
            )
            if beside:
                dropped.add(i)
                changed = True
    for i in sorted(dropped):
        reason = "repeats an earlier paragraph"
        if len(_key(items[i][1])) < REPEAT_MIN_CHARS:
            reason = "short line inside a repeated run"
        result.changes.append(Change("repeat", reason, items[i][1]))
    return [item for i, item in enumerate(items) if i not in dropped]


def _place_credits(items, result):
    """A "Name | Outlet" line becomes the credit of the nearest image, or is dropped."""
    images = [i for i, (_kind, text) in enumerate(items) if IMAGE.match(text)]
    out = list(items)
    for index, (kind, text) in enumerate(items):
        if kind == "lost-credit":
            reason = "photo credit of an image that did not come through"
            result.changes.append(Change("credit", reason, text))
        if kind != "credit":
            continue
        match = CREDIT.match(text)
        credit = f"{match['name'].strip()} / {match['outlet'].strip()}"
        nearest = min(images, key=lambda i: abs(i - index), default=None)
        if nearest is not None and abs(nearest - index) <= 2:
            image = IMAGE.match(out[nearest][1])
            # Quotes and backslashes in the credit are escaped: a bare " ended the Markdown
            # title early, so the image broke, and a second credit for it crashed (no match).
            title = re.sub(r'(["\\])', r"\\\1", f"Photo: {credit}")
            out[nearest] = ("text", f'![{image["alt"]}]({image["src"]} "{title}")')
            result.changes.append(Change("credit", "photo credit moved onto its image", text))
        else:
            result.changes.append(Change("credit", "photo credit with no image to carry it", text))
    return [text for kind, text in out if kind not in ("credit", "lost-credit")]


def _take_headline_and_dek(paragraphs, result, dek=True, lead=False):
    """`lead`: the copy's first line was found to be no headline, and opens the lead."""
    rest = list(paragraphs)
    while rest and not rest[0].strip():
        rest.pop(0)
    if rest and (lead or not looks_like_headline(" ".join(rest[0].split()))):
        # The lead stays the lead: an editor confirms or rewrites the proposal.
        result.headline = propose_headline(rest[0])
        result.headline_proposed = True
        result.changes.append(
            Change("headline", "no headline line: proposed one from the lead", result.headline)
        )
        result.paragraphs = rest
        return
    if rest:
        first, _, remainder = rest.pop(0).partition("\n")
        result.headline = HEADING.sub("", first).strip()
        if remainder.strip():
            rest.insert(0, remainder.strip())
    # A paragraph that opens with the headline's words is the lead it was drawn from.
    opens_with_headline = DATELINE.sub("", " ".join(rest[0].split()) if rest else "").startswith(
        result.headline
    )
    if dek and not opens_with_headline and len(rest) > 1 and _looks_like_standfirst(rest[0]):
        result.dek = HEADING.sub("", rest.pop(0)).strip()
    result.paragraphs = rest


def _looks_like_standfirst(text):
    return (
        "\n" not in text
        and len(text) <= STANDFIRST_MAX_CHARS
        and not text.startswith(OPENING_QUOTES)
        and not IMAGE.match(text)
        and not REPORTING.search(text)
    )


def sentences(text):
    """Text split after each sentence end, abbreviations ("U.S.", "Mr.") and decimals kept whole."""
    out, start = [], 0
    for match in SENTENCE_END.finditer(text):
        word = text[: match.start() + 1].rsplit(None, 1)[-1].strip("\"“‘'(")
        if ABBREVIATION.match(word):
            continue
        out.append(text[start : match.start() + 1 + len(match["close"])].strip())
        start = match.end()
    tail = text[start:].strip()
    return out + [tail] if tail else out


def looks_like_headline(line):
    """A headline is one short line that does not end like a paragraph."""
    if HEADING.match(line) or IMAGE.match(line.strip()):
        return True  # an image first was taken for the headline before, and still is
    text = line.strip().rstrip("\"”’'")
    if len(text) > HEADLINE_MAX_CHARS or len(sentences(text)) > 1:
        return False
    last_word = text.rsplit(None, 1)[-1] if text else ""
    ends_a_sentence = text.endswith(".") and not text.endswith("..")
    return not (ends_a_sentence and not ABBREVIATION.match(last_word))


def propose_headline(lead):
    """The lead's main clause, at most PROPOSED_MAX_CHARS, cut at a clause boundary."""
    first_line = lead.split("\n", 1)[0].strip()
    # The first line when it ends a sentence: words on other lines are never glued to it.
    whole = first_line if first_line.endswith(SENTENCE_ENDINGS) else lead
    text = DATELINE.sub("", " ".join(whole.split()))
    first = (sentences(text) or [text])[0]
    first = re.sub(r"(?<!\.)\.$", "", first)
    if len(first) <= PROPOSED_MAX_CHARS:
        return first
    cuts = [m.start() for m in CLAUSE_BOUNDARY.finditer(first)]
    cuts = [c for c in cuts if PROPOSED_MIN_CHARS <= c <= PROPOSED_MAX_CHARS]
    for cut in reversed(cuts):
        if _quotes_balanced(first[:cut]):
            return first[:cut].rstrip(" ,;:—–")
    words = first[: PROPOSED_MAX_CHARS + 1].rsplit(" ", 1)[0].rstrip(" ,;:—–").split(" ")
    while len(words) > 1 and words[-1].casefold() in DANGLING_WORDS:
        words.pop()
    return " ".join(words).rstrip(" ,;:—–")


def _quotes_balanced(text):
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0
