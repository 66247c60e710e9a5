"""Video links as click-to-load embeds, for story bodies and release pages alike.

The markup holds only a link and the video's id: the page loads nothing from the video site
until the reader presses play (static/js/embeds.js then swaps in a no-cookie player), so merely
opening a page never tells a third party who is reading.
"""

import re

from django.utils.html import format_html

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
