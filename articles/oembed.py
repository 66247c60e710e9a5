"""Asking a platform's oEmbed provider about a post, and what of its answer a page may hold.

The request is micawber's (`Provider`): a timeout on connecting and on each read, a bounded
answer, and the failure told apart (an HTTP status, a time-out, an answer that is no JSON).
What the provider sends is untrusted, even from the platform itself: its HTML is cleaned by
nh3 against the markup each platform is known to send (a block quote its script turns into
the post, or a player frame on its own host), and nothing else is kept. Scripts are never
kept: the page loads the platform's script, from settings, once the reader asks.

Endpoints, scripts and frame hosts come from settings (`OEMBED_PROVIDERS`), so tests point
them at a local fake.
"""

import html.parser
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from micawber.exceptions import ProviderException, ProviderHTTPException, ProviderTimeoutException
from micawber.providers import Provider

# How an answer ends: the post is shown; the provider could not be asked (down, slow, a 5xx:
# asked again later); the post is gone or private; the platform will not embed it.
EMBEDDED, UNAVAILABLE, GONE, NOT_EMBEDDABLE = "embedded", "unavailable", "gone", "not_embeddable"
# Statuses meaning the post is not there for us: deleted, private, or never a post at all.
GONE_STATUSES = {400, 401, 403, 404, 410}
# oEmbed's own answer for "this exists, and cannot be embedded in the format asked for".
NOT_IMPLEMENTED = 501

# The markup each platform's answer may hold: the class its script looks for on the block
# quote (X's widgets.js, Instagram's, Threads' and TikTok's embed.js each turn the quote into
# the post), and for players answering with a frame, none (the frame's host is checked).
QUOTE_CLASSES = {
    "x": {"twitter-tweet"},
    "instagram": {"instagram-media"},
    "threads": {"text-post-media"},
    "tiktok": {"tiktok-embed"},
}
TAGS = {"blockquote", "p", "a", "br", "span", "div", "section", "strong", "em", "b", "i", "iframe"}
ATTRIBUTES = {
    # What the platforms' scripts read from the quote (the post's address, its version).
    "blockquote": {
        "cite",
        "lang",
        "dir",
        "data-dnt",
        "data-lang",
        "data-theme",
        "data-conversation",
        "data-instgrm-permalink",
        "data-instgrm-version",
        "data-instgrm-captioned",
        "data-video-id",
        "data-text-post-permalink",
        "data-text-post-version",
    },
    "p": {"lang", "dir"},
    "a": {"href", "title"},
    "iframe": {"src", "width", "height", "title", "allow", "allowfullscreen", "frameborder"},
}
ADDRESS_ATTRIBUTES = {"href", "cite", "data-instgrm-permalink", "data-text-post-permalink"}
# What a player frame may be allowed to do: play, go full screen. Never the camera, the
# microphone, the reader's location or payments.
FRAME_PERMISSIONS = {"autoplay", "clipboard-write", "encrypted-media", "fullscreen"}
FRAME_PERMISSIONS.add("picture-in-picture")
MAX_TITLE = 500
# A frame whose address was dropped (another host, another scheme): nothing to keep.
FRAME_WITHOUT_ADDRESS = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>")


@dataclass
class Answer:
    status: str
    html: str = ""
    title: str = ""
    author_name: str = ""
    author_url: str = ""
    thumbnail_url: str = ""
    error: str = ""


def provider_of(platform):
    """The platform's settings (`OEMBED_PROVIDERS`): endpoint, script, frames, params."""
    return settings.OEMBED_PROVIDERS.get(platform) or {}


def ask(platform, link):
    """What the platform's oEmbed provider says of the post at `link`, as an Answer. Never
    raises for anything the network or the provider does."""
    conf = provider_of(platform)
    if not conf.get("endpoint"):
        return Answer(NOT_EMBEDDABLE, error=f"No oEmbed provider is set for {platform}.")
    provider = Provider(
        conf["endpoint"],
        timeout=settings.OEMBED_TIMEOUT,
        user_agent=f"{settings.SITE_NAME} (+{settings.SITE_URL})",
        **conf.get("params", {}),
    )
    try:
        data = provider.request(link)
    except ProviderHTTPException as error:
        return _refused(error.status)
    except ProviderTimeoutException:
        return Answer(UNAVAILABLE, error=f"No answer within {settings.OEMBED_TIMEOUT:g} s.")
    except ProviderException as error:  # refused, reset, not JSON, too large
        cause = error.__cause__ or error
        return Answer(UNAVAILABLE, error=_said(f"The provider could not be asked: {cause}"))
    return _answer(platform, link, data)


def _refused(status):
    if status in GONE_STATUSES:
        return Answer(GONE, error=f"The provider answered {status}: the post is gone or private.")
    if status == NOT_IMPLEMENTED:
        return Answer(NOT_EMBEDDABLE, error="The provider does not embed this post (501).")
    return Answer(UNAVAILABLE, error=f"The provider answered {status}.")


def _answer(platform, link, data):
    markup = clean(platform, data.get("html") if isinstance(data.get("html"), str) else "")
    title = _text(data.get("title"))
    if title in (link, data.get("url")):  # micawber's stand-in for a missing title
        title = ""
    found = Answer(
        EMBEDDED,
        html=markup,
        title=(title or first_paragraph(markup))[:MAX_TITLE],
        author_name=_text(data.get("author_name"))[:200],
        author_url=_web_address(data.get("author_url")),
        thumbnail_url=_web_address(data.get("thumbnail_url")),
    )
    if data.get("type") not in ("rich", "video") or not markup.strip():
        found.status, found.html = NOT_EMBEDDABLE, ""
        found.error = "The provider's answer holds nothing a page may show."
    return found


def _text(value):
    return " ".join(value.split()) if isinstance(value, str) else ""


def _said(message):
    return message[:500]


def _web_address(value):
    value = _text(value)
    return value if value.startswith(("https://", "http://")) and len(value) <= 1000 else ""


def _frame_allowed(platform, src):
    """Whether a frame's address is on one of the platform's frame hosts (from settings)."""
    try:
        parts = urlsplit(src)
    except ValueError:
        return False
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    return parts.scheme in ("https", "http") and origin in {
        frame.rstrip("/").lower() for frame in provider_of(platform).get("frames", ())
    }


def _attribute_filter(platform):
    def keep(element, attribute, value):
        if element == "iframe" and attribute == "src":
            return value if _frame_allowed(platform, value) else None
        if attribute in ADDRESS_ATTRIBUTES:
            return value if value.startswith(("https://", "http://")) else None
        if attribute in ("width", "height"):
            return value if value.rstrip("%").isdigit() and len(value) <= 5 else None
        if attribute == "allow":
            asked = [word.strip() for word in value.split(";")]
            return "; ".join(word for word in asked if word in FRAME_PERMISSIONS) or None
        return value

    return keep


def clean(platform, markup):
    """The provider's HTML as a page may hold it: the platform's block quote with its text
    and links, or a frame on one of its hosts; no script, style or event handler. A frame on
    any other host is dropped (and with it, often, everything)."""
    cleaned = nh3.clean(
        markup or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes={"blockquote": QUOTE_CLASSES.get(platform, set())},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
        attribute_filter=_attribute_filter(platform),
        strip_comments=True,
    )
    cleaned = FRAME_WITHOUT_ADDRESS.sub("", cleaned).strip()
    return cleaned if "<iframe" in cleaned or "<blockquote" in cleaned else ""


class _FirstParagraph(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.done, self.parts = 0, False, []

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            self.done = self.done or self.depth == 0

    def handle_data(self, data):
        if self.depth and not self.done:
            self.parts.append(data)


def first_paragraph(markup):
    """The text of the first paragraph of cleaned provider HTML: the post's words, for a
    platform whose answer has no title (X)."""
    parser = _FirstParagraph()
    parser.feed(markup or "")
    parser.close()
    return " ".join("".join(parser.parts).split())
