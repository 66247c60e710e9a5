"""Schema.org JSON-LD and social-card data for public pages.

Search engines read `NewsArticle` (Google News needs it), `MusicGroup`/`Person` and
`MusicAlbum`; the same facts feed the Open Graph and Twitter tags. Everything here reads what the
page's view already fetched, so structured data costs no queries.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from artists.models import Release

CONTEXT = "https://schema.org"
# Google asks for news images in 16:9, 4:3 and 1:1.
NEWS_IMAGE_CROPS = ("wide", "standard", "square")

RELEASE_TYPES = {
    Release.Kind.MINI_ALBUM: "EPRelease",
    Release.Kind.SINGLE_ALBUM: "SingleRelease",
    Release.Kind.SINGLE: "SingleRelease",
    Release.Kind.PRE_RELEASE: "SingleRelease",
    Release.Kind.DIGITAL_SINGLE: "SingleRelease",
    Release.Kind.OST: "SingleRelease",
}
PRODUCTION_TYPES = {
    Release.Kind.COMPILATION: "CompilationAlbum",
    Release.Kind.LIVE: "LiveAlbum",
    Release.Kind.OST: "SoundtrackAlbum",
}

# Escapes that keep JSON inside <script> from ending the element or opening a comment.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def to_script(data):
    """JSON text safe to place between <script> tags, whatever the strings in `data`; empty
    properties are left out, as schema.org validators prefer."""
    compact = {key: value for key, value in data.items() if value not in (None, "", [])}
    return json.dumps(compact, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def _images(picture, absolute, crops):
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


def artist_ref(artist, absolute):
    return {
        "@type": "MusicGroup" if artist.is_group else "Person",
        "name": artist.name,
        "url": absolute(artist.get_absolute_url()),
    }


def release_ref(release, absolute):
    data = {
        "@type": "MusicAlbum",
        "name": release.title,
        "url": absolute(release.get_absolute_url()),
        "albumReleaseType": RELEASE_TYPES.get(release.kind, "AlbumRelease"),
        "albumProductionType": PRODUCTION_TYPES.get(release.kind, "StudioAlbum"),
        "datePublished": _iso(release.release_at),
    }
    return data


def article_data(article, absolute, byline_url):
    """`NewsArticle` for a story; `absolute` makes a URL absolute, `byline_url` a user's."""
    url = absolute(article.get_absolute_url())
    modified = max(filter(None, [article.updated_at, article.published_at]), default=None)
    return {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.dek or None,
        "image": _images(article.hero_picture, absolute, NEWS_IMAGE_CROPS),
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(modified),
        "author": [
            {
                "@type": "Person",
                "name": author.get_full_name() or author.get_username(),
                "url": absolute(byline_url(author)),
            }
            for author in article.authors.all()
        ]
        or [{"@type": "Organization", "name": settings.SITE_NAME}],
        "publisher": publisher(absolute),
        "about": [artist_ref(a, absolute) for a in article.artists.all()]
        + [release_ref(r, absolute) for r in article.releases.all()],
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": settings.NEWS_LANGUAGE,
        "isAccessibleForFree": True,
    }


def artist_data(artist, absolute, members=()):
    """`MusicGroup` with its members and their dates, or `Person` with their groups."""
    data = artist_ref(artist, absolute)
    data["@context"] = CONTEXT
    names = [artist.hangul_name, artist.birth_name, *(a.name for a in artist.aliases.all())]
    data["alternateName"] = [n for n in dict.fromkeys(names) if n and n != artist.name]
    if artist.bio:
        data["description"] = artist.bio
    if artist.photo:
        data["image"] = _images(artist.photo_picture, absolute, ("square",))[0]
    if artist.is_group:
        if artist.debut_date:
            data["foundingDate"] = artist.debut_date.isoformat()
        data["member"] = [_role(link, link.member, "member", absolute) for link in members]
    else:
        data["memberOf"] = [
            _role(link, link.group, "memberOf", absolute) for link in artist.memberships.all()
        ]
    return data


def _role(link, artist, prop, absolute):
    """A membership as schema.org's Role: the person or group, with the dates and the role."""
    role = {"@type": "Role", prop: artist_ref(artist, absolute)}
    if link.started_on:
        role["startDate"] = link.started_on.isoformat()
    if link.ended_on:
        role["endDate"] = link.ended_on.isoformat()
    if link.role:
        role["roleName"] = link.role
    return role


def release_data(release, absolute):
    """`MusicAlbum` with its credit, tracklist, label and cover."""
    data = release_ref(release, absolute)
    data["@context"] = CONTEXT
    data["byArtist"] = [artist_ref(c.artist, absolute) for c in release.credits.all()]
    tracks = list(release.tracks.all())
    if release.track_count:
        data["numTracks"] = release.track_count
    if tracks:
        data["track"] = {
            "@type": "ItemList",
            "numberOfItems": len(tracks),
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": t.number,
                    "item": {"@type": "MusicRecording", "name": t.title},
                }
                for t in tracks
            ],
        }
    if release.label:
        data["recordLabel"] = {"@type": "Organization", "name": release.label.name}
    if release.cover:
        data["image"] = _images(release.cover_picture, absolute, ("square",))[0]
    if release.description:
        data["description"] = release.description
    return data


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
