"""Schema.org JSON-LD pieces every page shares: the publisher, the website, images, and JSON
made safe inside a script element.

Search engines read `NewsArticle` (Google News needs it, articles/structured_data.py),
`MusicGroup`/`Person` and `MusicAlbum` (artists/structured_data.py); the same facts feed the
Open Graph and Twitter tags. Everything reads what the page's view already fetched, so
structured data costs no queries.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

CONTEXT = "https://schema.org"
# Escapes that keep JSON inside <script> from ending the element or opening a comment.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def to_script(data):
    """JSON text safe to place between <script> tags, whatever the strings in `data`; empty
    properties are left out, as schema.org validators prefer."""
    compact = {key: value for key, value in data.items() if value not in (None, "", [])}
    return json.dumps(compact, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def iso(moment):
    """ISO 8601 with offset; None (left out) without a moment."""
    return timezone.localtime(moment).isoformat() if moment else None


def image_urls(picture, absolute, crops):
    """Absolute URLs of the largest rendition of the image in each crop (the original until
    renditions are made)."""
    if picture is None:
        return []
    return [absolute(picture.largest(crop).url) for crop in crops]


def publisher(absolute):
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute(reverse("home")),
        "logo": {"@type": "ImageObject", "url": absolute(static("newsroom/logo.png"))},
    }


def website_data(absolute):
    """The site itself, with the search box search engines may show under its name."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": settings.SITE_NAME,
        "url": absolute(reverse("home")),
        "publisher": publisher(absolute),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": absolute(reverse("search")) + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }


def social_image(picture, absolute, alt=""):
    """The image social cards show (16:9, large): its absolute URL, size and description."""
    if picture is None:
        return None
    best = picture.largest("wide")
    return {"url": absolute(best.url), "width": best.width, "height": best.height, "alt": alt}
