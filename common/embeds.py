"""Links as click-to-load embeds: videos, for story bodies and release pages alike, and posts
on social platforms, for story bodies and live entries.

The markup holds only a link and the video's id: the page loads nothing from the video site
until the reader presses play (static/js/embeds.js then swaps in a no-cookie player), so merely
opening a page never tells a third party who is reading. Posts on social platforms are found
here, and shown by articles/embeds.py from what their oEmbed provider answered.
"""

import html
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

PATTERNS = {
    "youtube": re.compile(
        r"^<?https?://(?:www\.|m\.|music\.)?(?:youtube\.com/(?:watch\?(?:.*&)?v=|shorts/|embed/|live/)"
        r"|youtu\.be/)(?P<id>[A-Za-z0-9_-]{11})(?:[?&#][^\s>]*)?>?$"
    ),
    "vimeo": re.compile(r"^<?https?://(?:www\.)?vimeo\.com/(?P<id>\d{6,12})(?:[?#][^\s>]*)?>?$"),
}
PAGES = {
    "youtube": ("https://www.youtube.com/watch?v={id}", "YouTube"),
    "vimeo": ("https://vimeo.com/{id}", "Vimeo"),
}


def video_embed(text):
    """{"provider", "id"} when `text` is only a link to a supported video, else None."""
    for provider, pattern in PATTERNS.items():
        match = pattern.match(text.strip())
        if match:
            return {"provider": provider, "id": match["id"]}
    return None


def embed_html(embed):
    page, site = PAGES[embed["provider"]]
    return format_html(
        '<figure class="video-embed" data-provider="{}" data-video-id="{}">'
        '<a href="{}">Watch the video on {}</a></figure>',
        embed["provider"],
        embed["id"],
        page.format(id=embed["id"]),
        site,
    )


# --- Posts on social platforms ------------------------------------------------------------
#
# A link alone on a line to a post on one of these platforms becomes a placeholder figure in
# the stored HTML, filled when the page is shown (articles/embeds.py): a click-to-load embed
# once the platform's oEmbed answer is stored, a link card until then or when there is none.
# The placeholder names the platform and the link and holds a plain link, so that a text
# shown without filling (a feed, search) still reads right.


@dataclass(frozen=True)
class Platform:
    name: str  # as readers know it
    action: str  # the placeholder's link text
    embeddable: bool = True  # False: a link card, never an embed (no oEmbed to ask)
    player: bool = False  # its embed is a player (a track, an album), not a post


PLATFORMS = {
    "x": Platform("X", _("See the post on X")),
    "instagram": Platform("Instagram", _("See the post on Instagram")),
    "threads": Platform("Threads", _("See the post on Threads")),
    "tiktok": Platform("TikTok", _("Watch the video on TikTok")),
    "soundcloud": Platform("SoundCloud", _("Listen on SoundCloud"), player=True),
    "spotify": Platform("Spotify", _("Listen on Spotify"), player=True),
    # Fan platforms and Korean portals: no oEmbed, and mostly behind a sign-in, so a card
    # that says where the link goes is all a page can honestly show.
    "weverse": Platform("Weverse", _("See the post on Weverse"), embeddable=False),
    "bubble": Platform("Bubble", _("See it on Bubble"), embeddable=False),
    "berriz": Platform("Berriz", _("See the post on Berriz"), embeddable=False),
    "daum-cafe": Platform("Daum Cafe", _("See the post on Daum Cafe"), embeddable=False),
    "naver-cafe": Platform("Naver Cafe", _("See the post on Naver Cafe"), embeddable=False),
    "naver-blog": Platform("Naver Blog", _("Read the post on Naver Blog"), embeddable=False),
    "naver-now": Platform("Naver Now", _("Watch on Naver Now"), embeddable=False),
    "naver-tv": Platform("Naver TV", _("Watch on Naver TV"), embeddable=False),
    "chzzk": Platform("Chzzk", _("Watch on Chzzk"), embeddable=False),
    "vlive": Platform("V Live", _("Watch on V Live"), embeddable=False),
}

_TAIL = r"/?(?:[?#][^\s<>\"]*)?$"  # a trailing slash, a query or a fragment: dropped
# Each embeddable platform: how a link to one post is written, and the one address it is
# stored under, so that the same post linked with tracking parameters, from the old domain
# or the mobile site, is fetched and kept once.
POSTS = {
    "x": [
        (
            r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/i/web/status(?:es)?/(?P<id>\d{1,20})"
            r"(?:/(?:photo|video)/\d)?" + _TAIL,
            "https://x.com/i/status/{id}",
        ),
        (
            r"^https?://(?:www\.|mobile\.)?(?:x|twitter)\.com/(?P<user>[A-Za-z0-9_]{1,15})"
            r"/status(?:es)?/(?P<id>\d{1,20})(?:/(?:photo|video)/\d)?" + _TAIL,
            "https://x.com/{user}/status/{id}",
        ),
    ],
    "instagram": [
        (
            r"^https?://(?:www\.)?instagram\.com/(?:[A-Za-z0-9_.]{1,30}/)?"
            r"(?P<kind>p|reels?|tv)/(?P<code>[A-Za-z0-9_-]{5,40})" + _TAIL,
            "https://www.instagram.com/{kind}/{code}/",
        )
    ],
    "threads": [
        (
            r"^https?://(?:www\.)?threads\.(?:net|com)/@(?P<user>[A-Za-z0-9_.]{1,30})"
            r"/post/(?P<code>[A-Za-z0-9_-]{5,40})" + _TAIL,
            "https://www.threads.com/@{user}/post/{code}",
        )
    ],
    "tiktok": [
        (
            r"^https?://(?:www\.|m\.)?tiktok\.com/@(?P<user>[A-Za-z0-9_.]{1,32})"
            r"/video/(?P<id>\d{5,25})" + _TAIL,
            "https://www.tiktok.com/@{user}/video/{id}",
        )
    ],
    "soundcloud": [
        (
            r"^https?://(?:www\.|m\.)?soundcloud\.com/(?P<path>[A-Za-z0-9_-]{1,64}"
            r"/(?:sets/)?[A-Za-z0-9_-]{1,128})" + _TAIL,
            "https://soundcloud.com/{path}",
        )
    ],
    "spotify": [
        (
            r"^https?://open\.spotify\.com/(?:intl-[a-z]{2}(?:-[A-Za-z]{2})?/)?"
            r"(?P<kind>track|album|playlist|episode|show|artist)/(?P<id>[A-Za-z0-9]{22})" + _TAIL,
            "https://open.spotify.com/{kind}/{id}",
        )
    ],
}
POSTS = {
    platform: [(re.compile(pattern), address) for pattern, address in forms]
    for platform, forms in POSTS.items()
}
# The platforms that are never embedded, by host name (a sub-domain counts as its domain).
CARD_HOSTS = {
    "weverse.io": "weverse",
    "dear-u.co": "bubble",
    "berriz.in": "berriz",
    "cafe.daum.net": "daum-cafe",
    "cafe.naver.com": "naver-cafe",
    "blog.naver.com": "naver-blog",
    "now.naver.com": "naver-now",
    "tv.naver.com": "naver-tv",
    "chzzk.naver.com": "chzzk",
    "vlive.tv": "vlive",
}
# Lower-cased in the stored address: these platforms' names ignore case.
CASELESS = {"user", "path"}
_BARE_LINK = re.compile(r"^https?://[^\s<>\"]+$")


def social_link(text):
    """(platform, the link as stored) when `text` is only a link to a post on a platform of
    PLATFORMS (bare or in <angle brackets>), else None. Embeddable platforms' links are
    normalised; others are kept as written."""
    link = text.strip()
    if link.startswith("<") and link.endswith(">"):
        link = link[1:-1].strip()
    if not _BARE_LINK.match(link):
        return None
    for platform, forms in POSTS.items():
        for pattern, address in forms:
            match = pattern.match(link)
            if match:
                parts = match.groupdict()
                parts = {k: v.lower() if k in CASELESS else v for k, v in parts.items()}
                if parts.get("kind") == "reels":
                    parts["kind"] = "reel"
                return platform, address.format(**parts)
    platform = _card_platform(link)
    return (platform, link) if platform else None


def _card_platform(link):
    try:
        host = (urlsplit(link).hostname or "").lower()
    except ValueError:  # "http://[" is no address
        return None
    while host:
        if host in CARD_HOSTS:
            return CARD_HOSTS[host]
        host = host.partition(".")[2]
    return None


def social_placeholder(platform, link):
    """The figure a social link renders to: it names the platform and the link and holds a
    plain link to it, filled in when a page shows it."""
    return format_html(
        '<figure class="social-embed" data-platform="{}" data-link="{}"><a href="{}">{}</a>'
        "</figure>",
        platform,
        link,
        link,
        PLATFORMS[platform].action,
    )


SOCIAL_PLACEHOLDER = re.compile(
    r'<figure class="social-embed" data-platform="(?P<platform>[a-z-]{1,20})"'
    r' data-link="(?P<link>[^"<>]{1,1000})">(?:(?!</?figure).)*</figure>',
    re.DOTALL,
)


def _found(match):
    """(platform, link) of a placeholder, if it is one: the figure must say what its link
    says (raw HTML in a body may copy the markup with anything in it)."""
    found = social_link(html.unescape(match["link"]))
    return found if found and found[0] == match["platform"] else None


def social_placeholders(text):
    """[(platform, link)] of every placeholder in rendered `text`, each once, in order."""
    found = (_found(match) for match in SOCIAL_PLACEHOLDER.finditer(text or ""))
    return list(dict.fromkeys(item for item in found if item))


def fill_social(text, figure):
    """`text` with each placeholder replaced by `figure(platform, link)`; a placeholder that
    does not say what its link says is left as it is."""

    def replace(match):
        found = _found(match)
        return figure(*found) if found else match[0]

    return SOCIAL_PLACEHOLDER.sub(replace, text or "")
