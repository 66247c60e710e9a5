"""Story bodies: CommonMark in, safe HTML out, rendered once when a story is saved.

Two newsroom conventions on top of CommonMark:

* a quoted paragraph whose next line starts with an em dash ("— Lee Sung Jin") is a pull quote,
  rendered as ``<figure><blockquote>…</blockquote><figcaption>…</figcaption></figure>``; the
  same goes for a short paragraph without quotation marks whose last line is such an
  attribution, and for a Markdown block quote whose last line is one;
* a paragraph holding only a YouTube or Vimeo link is a click-to-load video embed
  (common/embeds.py);
* a paragraph holding only a link to a post on X, Instagram, Threads, TikTok, SoundCloud or
  Spotify, or to a fan platform that cannot be embedded (Weverse, a fan café…), renders to a
  placeholder figure holding a plain link, which the page fills in (articles/embeds.py): an
  embed loaded when the reader asks, or a link card;
* any other address written out in the text (`https://…`) becomes a link;
* a paragraph holding only `[picture:12]` or `[gallery:3]` inserts a picture or a gallery of
  the library: it renders to an empty placeholder figure the page fills in from the library
  when it is shown (pictures/references.py, pictures/embedding.py).

Whatever the Markdown holds, the HTML is cleaned with nh3 against an allow-list before it is
stored: no script, no event handlers, no javascript: links, no inline styles.
"""

import re
from html.parser import HTMLParser

import nh3
from django.core.files.storage import default_storage
from markdown_it import MarkdownIt
from markdown_it.token import Token

from common.embeds import embed_html, social_link, social_placeholder, video_embed
from pictures.references import parse_reference, placeholder

OPENING_QUOTES = ('"', "“", "‘", "'", "«", "「", "『")
ATTRIBUTION = re.compile(r"^\s*[—―]\s*(?P<name>\S.*)$")

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "del",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "figure": {
        "data-provider",
        "data-video-id",
        "data-picture",
        "data-gallery",
        "data-platform",
        "data-link",
    },
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
ALLOWED_CLASSES = {
    "figure": {"pull-quote", "video-embed", "library-picture", "library-gallery", "social-embed"}
}


def _paragraph_at(tokens, i):
    return (
        i + 2 < len(tokens)
        and tokens[i].type == "paragraph_open"
        and tokens[i + 1].type == "inline"
        and tokens[i + 2].type == "paragraph_close"
    )


def _token(kind, tag, nesting, level, content="", attrs=None):
    token = Token(kind, tag, nesting, level=level, content=content)
    token.block = True
    for name, value in (attrs or {}).items():
        token.attrSet(name, value)
    return token


def _inline(content, level, map_=None):
    token = _token("inline", "", 0, level, content=content)
    token.map = map_
    token.children = []
    return token


def _pull_quote(quote, name, level):
    """Tokens for figure > blockquote > p + figcaption."""
    return [
        _token("figure_open", "figure", 1, level, attrs={"class": "pull-quote"}),
        _token("blockquote_open", "blockquote", 1, level + 1),
        _token("paragraph_open", "p", 1, level + 2),
        _inline(quote, level + 3),
        _token("paragraph_close", "p", -1, level + 2),
        _token("blockquote_close", "blockquote", -1, level + 1),
        _token("figcaption_open", "figcaption", 1, level + 1),
        _inline(name, level + 2),
        _token("figcaption_close", "figcaption", -1, level + 1),
        _token("figure_close", "figure", -1, level),
    ]


# A short paragraph whose last line is "— Name" is a pull quote even without quotation marks:
# sites that style quotes as block quotes lose the marks when their page is copied, and the copy
# desk keeps such a quote so. A longer paragraph over a dash line stays prose.
BARE_QUOTE_MAX_CHARS = 400


def _is_name(text):
    """Whether an attribution line names someone ("Park Sora, singer"), as a sentence going on
    after a dash ("— not a quote") does not."""
    return len(text) <= 80 and len(text.split()) <= 10 and not text[:1].islower()


def _split_attribution(content):
    """(quote, name) when the paragraph ends with an em-dash attribution line, else None."""
    lines = content.split("\n")
    match = ATTRIBUTION.match(lines[-1])
    if len(lines) < 2 or not match:
        return None
    return "\n".join(lines[:-1]).rstrip(), match["name"].strip()


def _quoted_paragraphs(state):
    """A quoted paragraph with an attribution line, in the paragraph or just after it."""
    tokens, out, i = state.tokens, [], 0
    while i < len(tokens):
        top = _paragraph_at(tokens, i) and tokens[i].level == 0  # not inside a block quote
        bare = top and _split_attribution(tokens[i + 1].content)
        if bare and len(bare[0]) <= BARE_QUOTE_MAX_CHARS and _is_name(bare[1]):
            out += _pull_quote(*bare, tokens[i].level)
            i += 3
            continue
        if _paragraph_at(tokens, i) and tokens[i + 1].content.lstrip().startswith(OPENING_QUOTES):
            level = tokens[i].level
            split = _split_attribution(tokens[i + 1].content)
            if split:
                out += _pull_quote(*split, level)
                i += 3
                continue
            next_is_name = _paragraph_at(tokens, i + 3) and ATTRIBUTION.match(tokens[i + 4].content)
            if next_is_name and "\n" not in tokens[i + 4].content:
                out += _pull_quote(tokens[i + 1].content, next_is_name["name"].strip(), level)
                i += 6
                continue
        out.append(tokens[i])
        i += 1
    state.tokens = out


def _attributed_blockquotes(state):
    """A `> …` block quote whose last line is "— Name" becomes a pull quote figure."""
    tokens, start = state.tokens, -1
    # A loop, not a call per pull quote: recursing, a body with a thousand of them (or a block
    # quote of a thousand "— …" lines) raised RecursionError and could not be saved.
    while start + 1 < len(tokens):
        start += 1
        token = tokens[start]
        if token.type != "blockquote_open":
            continue
        depth, end = 0, start
        for end in range(start, len(tokens)):
            depth += tokens[end].nesting if tokens[end].type.startswith("blockquote") else 0
            if depth == 0:
                break
        last = tokens[end - 2] if end - 2 > start else None
        if not (last and last.type == "inline" and tokens[end - 1].type == "paragraph_close"):
            continue
        lines = last.content.split("\n")
        match = ATTRIBUTION.match(lines[-1])
        if not match:
            continue
        if len(lines) > 1:
            last.content = "\n".join(lines[:-1]).rstrip()
            close = end
        else:
            del tokens[end - 3 : end]
            close = end - 3
        level = token.level
        caption = [
            _token("figcaption_open", "figcaption", 1, level + 1),
            _inline(match["name"].strip(), level + 2),
            _token("figcaption_close", "figcaption", -1, level + 1),
            _token("figure_close", "figure", -1, level),
        ]
        tokens[close + 1 : close + 1] = caption
        figure = _token("figure_open", "figure", 1, level, attrs={"class": "pull-quote"})
        tokens.insert(start, figure)
        # Next turn, the same block quote again: its new last line may be an attribution too.
        # Those before it are as they were, so there is no need to start again from the top.


def _lone_paragraphs(kind, read):
    """A core rule: a paragraph whose whole text `read` recognises (returning what it found,
    else None) becomes one token of `kind` carrying it."""

    def rule(state):
        tokens, out, i = state.tokens, [], 0
        while i < len(tokens):
            found = _paragraph_at(tokens, i) and read(tokens[i + 1].content.strip())
            if found:
                token = _token(kind, "figure", 0, tokens[i].level)
                token.meta = found
                out.append(token)
                i += 3
                continue
            out.append(tokens[i])
            i += 1
        state.tokens = out

    return rule


# A line holding only a video link; one holding only `[picture:12]` or `[gallery:3]`.
_video_embeds = _lone_paragraphs("video_embed", video_embed)
# A line holding only a link to a post on a social platform (after videos: a YouTube link
# stays a video).
_social_links = _lone_paragraphs("social_embed", social_link)
_library_items = _lone_paragraphs("library_item", parse_reference)


def _demote_headings(state):
    """The page's headline is the only h1, so body headings start at `top` (h2 in a story,
    h3 in a live entry, under the page's "Live coverage"), and none skips a level: a heading
    is one below the nearest heading before it that the writer made shallower, or level with
    the first one. `#` then `###` become h2 then h3, `##` alone is h2; `# A`, `### B`,
    `## C` are h2, h3, h3. Past h6, h6 (HTML has no h7)."""
    top, above = state.env.get("top", 2), []  # the writer's levels of the enclosing headings
    for token in state.tokens:
        if token.type == "heading_open":
            written = int(token.tag[1])
            while above and above[-1] >= written:
                above.pop()
            token.tag = f"h{min(top + len(above), 6)}"
            above.append(written)
        elif token.type == "heading_close":
            token.tag = f"h{min(top + len(above) - 1, 6)}"


def _render_video_embed(self, tokens, idx, options, env):
    return f"{embed_html(tokens[idx].meta)}\n"


def _render_social_embed(self, tokens, idx, options, env):
    return f"{social_placeholder(*tokens[idx].meta)}\n"


def _render_library_item(self, tokens, idx, options, env):
    return f"{placeholder(*tokens[idx].meta)}\n"


def _parser():
    # linkify: an address written out (`https://…`) is a link; only with its scheme, so that
    # a name like "IVE.ME" or a version number never becomes one.
    md = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    md.core.ruler.before("inline", "pull_quotes", _quoted_paragraphs)
    md.core.ruler.after("pull_quotes", "attributed_blockquotes", _attributed_blockquotes)
    md.core.ruler.after("attributed_blockquotes", "video_embeds", _video_embeds)
    md.core.ruler.after("video_embeds", "social_embeds", _social_links)
    md.core.ruler.after("social_embeds", "library_items", _library_items)
    md.core.ruler.after("library_items", "demote_headings", _demote_headings)
    md.add_render_rule("video_embed", _render_video_embed)
    md.add_render_rule("social_embed", _render_social_embed)
    md.add_render_rule("library_item", _render_library_item)
    return md


_MARKDOWN = _parser()


def _address(element, attribute, value):
    """Links may go anywhere on the web, images only come from this site or its media storage
    (the Content-Security-Policy refuses others), and an address relative to the page ("x")
    means nothing once a story is shown on another page: dropped."""
    if attribute == "data-link":  # a placeholder's link: an address on the web, or nothing
        return value if value.startswith(("http://", "https://")) else None
    if attribute not in ("href", "src"):
        return value
    if value.startswith("/") and not value.startswith(("//", "/\\")):  # browsers read /\ as //
        return value
    if element == "a":
        return value if value.startswith(("http://", "https://", "mailto:", "#")) else None
    media = default_storage.url("")
    return (
        value if element == "img" and media.startswith("http") and value.startswith(media) else None
    )


def sanitise(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_address,
    )


LONE_LINK = re.compile(r"^<?https?://\S+$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def lone_links_apart(text):
    """A line holding only a link gets a paragraph of its own, blank lines or not: "a link
    alone on a line" is an embed however it was typed (on the live desk, Shift+Enter between
    a sentence and the link). Code is left as it is: fenced blocks and indented lines."""
    lines, fence, out = (text or "").split("\n"), None, []
    for number, line in enumerate(lines):
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened[1][0]
        elif fence is not None and opened and opened[1][0] == fence:
            fence = None
        lone = (
            fence is None and not line.startswith(("    ", "\t")) and LONE_LINK.match(line.strip())
        )
        if lone and out and out[-1].strip():
            out.append("")
        out.append(line)
        if lone and number + 1 < len(lines) and lines[number + 1].strip():
            out.append("")
    return "\n".join(out)


def render_markdown(text, top=2):
    """Markdown source to sanitised HTML, ready to store on the story; its headings start at
    h`top` (2 under a story's headline, 3 in a live entry)."""
    return sanitise(_MARKDOWN.render(lone_links_apart(text), {"top": top}))


class _Images(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def image_addresses(text):
    """The address of every image the Markdown `text` holds, as written (Markdown images and
    HTML `img` elements alike), before the cleaning drops those it does not allow."""
    parser = _Images()
    parser.feed(_MARKDOWN.render(text or ""))
    parser.close()
    return parser.sources
