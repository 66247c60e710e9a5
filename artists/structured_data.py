"""Schema.org `MusicGroup`/`Person` and `MusicAlbum` for artist and release pages (and for the
artists and releases a story is about)."""

from common.structured_data import CONTEXT, image_urls, iso

from .models import Release

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
        "datePublished": iso(release.release_at),
    }
    return data


def artist_data(artist, absolute, members=()):
    """`MusicGroup` with its members and their dates, or `Person` with their groups."""
    data = artist_ref(artist, absolute)
    data["@context"] = CONTEXT
    names = [artist.hangul_name, artist.birth_name, *(a.name for a in artist.aliases.all())]
    data["alternateName"] = [n for n in dict.fromkeys(names) if n and n != artist.name]
    if artist.bio:
        data["description"] = artist.bio
    if artist.photo_picture:
        data["image"] = image_urls(artist.photo_picture, absolute, ("square",))[0]
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
    """`MusicAlbum` with its credit, tracklist, label and cover.

    The release's streaming and shop links stay out. schema.org's `sameAs` is a reference
    page that unambiguously identifies the item (its Wikipedia or Wikidata entry, its
    official site), and Google's only use of it on a `MusicAlbum` (the Media Actions feed)
    gives the same kind of reference page: a streaming page, a pre-save page or a short link
    is none of those. `offers` is an `Offer` by a seller, which Google reads only as Product
    markup on a page where the product is sold, with its price: we sell nothing, and know
    no price.
    """
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
    if release.cover_picture:
        data["image"] = image_urls(release.cover_picture, absolute, ("square",))[0]
    if release.description:
        data["description"] = release.description
    return data
