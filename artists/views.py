import datetime as dt
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import mostread
from articles.models import Article
from common.http import CATALOGUE, absolute, keep_for, listing, shows, tags_of
from common.structured_data import social_image

from .calendars import calendar_response
from .models import Artist, Membership, Release, ReleaseCredit
from .structured_data import artist_data, release_data

STORIES_ON_ARTIST = 12
# The all-releases feed keeps this much history, so subscribers still see last month's comebacks.
CALENDAR_HISTORY = dt.timedelta(days=60)


def artist_list(request):
    artists = Artist.objects.select_related("picture")
    response = render(request, "artists/artist_list.html", {"artists": artists})
    return shows(response, CATALOGUE)


def artist_detail(request, slug):
    artist = get_object_or_404(
        Artist.objects.select_related("agency", "parent_group", "picture").prefetch_related(
            "aliases",
            "subunits",
            Prefetch("memberships", queryset=Membership.objects.select_related("group")),
            Prefetch("member_links", queryset=Membership.objects.select_related("member")),
        ),
        slug=slug,
    )
    members = list(artist.member_links.all())
    memberships = list(artist.memberships.all())  # the groups the artist is or was in
    discography = list(Release.objects.by_artist(artist).for_cards())
    stories = list(
        Article.objects.published()
        .about_artists([artist], newest=STORIES_ON_ARTIST)
        .for_cards()[:STORIES_ON_ARTIST]
    )
    context = {
        "artist": artist,
        # A member's own releases make them a soloist too ("Member of BTS · Soloist").
        "groups_now": [m.group for m in memberships if m.is_current],
        "groups_before": [m.group for m in memberships if m.is_former],
        "current_members": [m for m in members if m.is_current],
        "joining_members": [m for m in members if m.is_upcoming],
        "former_members": [m for m in members if m.is_former],
        "structured_data": artist_data(artist, absolute, members),
        "share_image": social_image(artist.photo_picture, absolute, artist.name),
        "discography": discography,
        "stories": stories,
        "most_read": mostread.about_artist(artist),
    }
    response = render(request, "artists/artist_detail.html", context)
    linked = [m.member for m in members] + [m.group for m in memberships]
    linked += [*artist.subunits.all(), *filter(None, [artist.parent_group])]
    shows(
        response,
        artist.cache_tag,
        listing(artist.cache_tag),
        *tags_of(linked),
        *tags_of(discography),
        *tags_of(stories),
        *tags_of(context["most_read"]),
    )
    return keep_for(response, mostread.MOST_READ_SECONDS)  # articles/mostread.py says why


def release_list(request):
    context = {
        "upcoming": Release.objects.upcoming().for_cards(),
        "recent": Release.objects.out().for_cards()[:30],
    }
    return shows(render(request, "artists/release_list.html", context), CATALOGUE)


def release_detail(request, slug):
    release = get_object_or_404(
        Release.objects.select_related("label", "parent_album", "artwork").prefetch_related(
            Prefetch("credits", queryset=ReleaseCredit.objects.select_related("artist")),
            "tracks",
            "links",
        ),
        slug=slug,
    )
    links = list(release.links.all())
    family = list(
        Release.objects.family_of([release])
        .exclude(pk=release.pk)
        .for_cards()
        .order_by("release_at")
    )
    stories = list(
        Article.objects.published()
        .about_releases([release])
        .for_cards()
        .order_by("published_at", "pk")
    )
    context = {
        "release": release,
        "structured_data": release_data(release, absolute),
        "share_image": social_image(release.cover_picture, absolute),
        "family": family,
        "stories": stories,
        "listen_links": [link for link in links if not link.is_shop],
        "shop_links": [link for link in links if link.is_shop],
        "most_read": mostread.about_release(release),
    }
    response = render(request, "artists/release_detail.html", context)
    credited = [credit.artist for credit in release.credits.all()]
    shows(
        response,
        release.cache_tag,
        listing(release.cache_tag),
        *tags_of(family),
        *tags_of(credited),
        *tags_of(stories),
        *tags_of(context["most_read"]),
    )
    return keep_for(response, mostread.MOST_READ_SECONDS)  # articles/mostread.py says why


def release_calendar(request):
    """Upcoming releases by month in KST; `?artist=<slug>` narrows it to one artist (a group
    with its current members and sub-units)."""
    releases = Release.objects.upcoming()
    artist = None
    feed = reverse("artists:calendar_ics")
    if slug := request.GET.get("artist"):
        artist = get_object_or_404(Artist, slug=slug)
        releases = releases.by_artist_and_members(artist)
        feed = reverse("artists:artist_ics", kwargs={"slug": artist.slug})
    feed_url = absolute(feed)
    context = {
        "artist": artist,
        "months": _by_month(releases.for_cards()),
        "feed_url": feed_url,
        "webcal_url": urlsplit(feed_url)._replace(scheme="webcal").geturl(),
    }
    return shows(render(request, "artists/release_calendar.html", context), CATALOGUE)


def _by_month(releases):
    """[(first day of the month, releases)] in the site's zone, so a release at 00:30 KST on
    1 June is a June release although it is still 31 May in UTC."""

    def month(release):
        return timezone.localdate(release.release_at).replace(day=1)

    return [(first, list(group)) for first, group in groupby(releases, key=month)]


def calendar_ics(request):
    releases = Release.objects.upcoming(timezone.now() - CALENDAR_HISTORY).for_cards()
    name = _("%(site)s: release calendar") % {"site": settings.SITE_NAME}
    return shows(calendar_response(request, releases, name=name, uid="releases"), CATALOGUE)


def artist_ics(request, slug):
    artist = get_object_or_404(Artist, slug=slug)
    releases = Release.objects.by_artist_and_members(artist).for_cards().order_by("release_at")
    name = _("%(name)s releases") % {"name": artist.name}
    response = calendar_response(request, releases, name=name, uid=f"artist-{artist.pk}-releases")
    return shows(response, CATALOGUE)
