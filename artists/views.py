from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from articles.models import Article

from .models import Artist, Membership, Release, ReleaseCredit

STORIES_ON_ARTIST = 12


def artist_list(request):
    artists = Artist.objects.all()
    return render(request, "artists/artist_list.html", {"artists": artists})


def artist_detail(request, slug):
    artist = get_object_or_404(
        Artist.objects.select_related("agency", "parent_group").prefetch_related(
            "aliases",
            "subunits",
            Prefetch("memberships", queryset=Membership.objects.select_related("group")),
            Prefetch("member_links", queryset=Membership.objects.select_related("member")),
        ),
        slug=slug,
    )
    members = list(artist.member_links.all())
    context = {
        "artist": artist,
        "current_members": [m for m in members if m.is_current],
        "former_members": [m for m in members if not m.is_current],
        "discography": Release.objects.by_artist(artist).for_cards(),
        "stories": Article.objects.published()
        .about_artists([artist])
        .for_cards()[:STORIES_ON_ARTIST],
    }
    return render(request, "artists/artist_detail.html", context)


def release_list(request):
    context = {
        "upcoming": Release.objects.upcoming().for_cards(),
        "recent": Release.objects.out().for_cards()[:30],
    }
    return render(request, "artists/release_list.html", context)


def release_detail(request, slug):
    release = get_object_or_404(
        Release.objects.select_related("label", "parent_album").prefetch_related(
            Prefetch("credits", queryset=ReleaseCredit.objects.select_related("artist")),
            "tracks",
        ),
        slug=slug,
    )
    family = (
        Release.objects.family_of([release])
        .exclude(pk=release.pk)
        .for_cards()
        .order_by("release_at")
    )
    context = {
        "release": release,
        "family": family,
        "stories": Article.objects.published()
        .about_releases([release])
        .for_cards()
        .order_by("published_at", "pk"),
    }
    return render(request, "artists/release_detail.html", context)
