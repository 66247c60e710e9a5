"""Small helpers that build rows for tests; every argument can be overridden."""

import datetime as dt
import io
import itertools
import re
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from articles.bylines import account_name, account_slug_base
from articles.models import Article, Byline
from artists.models import Artist, Membership, Release, ReleaseCredit, Track

_serial = itertools.count(1)


def now():
    return timezone.now().replace(microsecond=0)


def hours(n):
    return dt.timedelta(hours=n)


def image_file(name="photo.jpg", size=(64, 36), colour=(120, 40, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_artist(name=None, **fields):
    name = name or f"Artist {next(_serial)}"
    fields.setdefault("slug", f"{name.lower().replace(' ', '-')}-{next(_serial)}")
    return Artist.objects.create(name=name, **fields)


def make_group(name=None, **fields):
    return make_artist(name or f"Group {next(_serial)}", kind=Artist.Kind.GROUP, **fields)


def make_membership(member, group, **fields):
    return Membership.objects.create(member=member, group=group, **fields)


def make_release(title=None, artists=(), tracks=(), **fields):
    title = title or f"Release {next(_serial)}"
    fields.setdefault("slug", f"release-{next(_serial)}")
    fields.setdefault("release_at", now() - hours(24 * 30))
    release = Release.objects.create(title=title, **fields)
    for position, artist in enumerate(artists):
        ReleaseCredit.objects.create(release=release, artist=artist, position=position)
    for number, title in enumerate(tracks, start=1):
        Track.objects.create(release=release, number=number, title=title)
    return release


def make_byline(name=None, **fields):
    """A contributor without an account unless told otherwise."""
    return Byline.objects.create(name=name or f"Contributor {next(_serial)}", **fields)


def byline_of(user):
    """`user`'s byline: the one a staff account has, else one made as an account's would be."""
    return Byline.objects.sync(user) or Byline.objects.create(
        user=user,
        name=account_name(user),
        slug=Byline.objects.free_slug(account_slug_base(user)),
        kind=Byline.Kind.STAFF,
    )


def make_article(headline=None, artists=(), releases=(), tags=(), bylines=(), **fields):
    """A published story from an hour ago unless told otherwise. `bylines`: bylines, or
    accounts (signed by their bylines), in order."""
    headline = headline or f"Story number {next(_serial)}"
    fields.setdefault("slug", f"story-{next(_serial)}")
    fields.setdefault("body", "Some words.")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", now() - hours(1))
    article = Article.objects.create(headline=headline, **fields)
    article.artists.set(artists)
    article.releases.set(releases)
    article.set_bylines([b if isinstance(b, Byline) else byline_of(b) for b in bylines])
    if tags:
        article.tags.set(tags)
    return article


def make_draft(headline=None, **fields):
    """A draft signed by a writer of the desk, as the admin signs a new story by its creator."""
    fields.setdefault("bylines", [desk_writer()])
    return make_article(headline, status=Article.Status.DRAFT, **fields)


def desk_writer():
    writer, _ = get_user_model().objects.get_or_create(
        username="desk-writer",
        defaults={"is_staff": True, "first_name": "Mina", "last_name": "Park"},
    )
    return writer


def make_user(username=None, staff=False, perms=(), superuser=False):
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_serial)}",
        password="pass-for-tests",
        is_staff=staff or superuser,
        is_superuser=superuser,
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def kst_parts(moment):
    """The admin's split date and time inputs for an aware datetime, in the site's zone."""
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def formset_management(html):
    """The inline formsets' management fields of an admin page, as a browser posts them."""
    return dict(re.findall(r'name="([\w-]+-(?:TOTAL|INITIAL)_FORMS)" value="(\d+)"', html))


def exif(orientation=None, gps=False):
    """EXIF bytes for a test photo: the camera's name, and a turn or a location if asked."""
    tags = Image.Exif()
    tags[ExifTags.Base.Make] = "Newsroom camera"
    if orientation:
        tags[ExifTags.Base.Orientation] = orientation
    if gps:
        location = tags.get_ifd(ExifTags.IFD.GPSInfo)
        location[ExifTags.GPS.GPSLatitudeRef] = "N"
        location[ExifTags.GPS.GPSLatitude] = (37.0, 33.0, 59.0)
    return tags.tobytes()


def change_form_data(client, article, **overrides):
    """The story's admin change form as a browser would post it back: every formset's
    management fields, the hidden base version, and the story's current values."""
    from django.urls import reverse

    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content
    html = html.decode()
    data = formset_management(html)
    version = re.search(r'name="base_version" value="(\d+)"', html)
    opened = re.search(r'name="opened_links" value="([^"]*)"', html)
    data.update(
        headline=article.headline,
        slug=article.slug,
        dek=article.dek,
        body=article.body,
        status=article.status,
        artists=[a.pk for a in article.artists.all()],
        bylines=[byline.pk for byline in article.bylines_in_order],
        base_version=version[1] if version else "",
        opened_links=unescape(opened[1]) if opened else "",
    )
    if article.published_at:
        data["published_at_0"], data["published_at_1"] = kst_parts(article.published_at)
    return {**data, **overrides}


def make_role_user(role, username=None, first_name=""):
    """A staff account in one newsroom role (newsroom.roles.WRITER or EDITOR)."""
    from newsroom.roles import assign_role

    user = make_user(username)
    if first_name:
        user.first_name = first_name
        user.save(update_fields=["first_name"])
    assign_role(user, role)
    return user


def sign_in(username, password, client=None):
    """Sign in through the admin's login form, as a person would (and as the login throttle
    sees it); True when the admin let them in."""
    client = client or Client()
    response = client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )
    return response.status_code == 302 and response["Location"] == "/admin/"


def make_picture(file=None, **fields):
    """A picture of the library, described and credited unless told otherwise; `file` an
    upload (a small JPEG by default)."""
    from pictures.models import Image as Picture

    fields.setdefault("alt_text", "A picture")
    fields.setdefault("credit", "Newsroom")
    picture = Picture(file=file or image_file(), **fields)
    picture.save()
    return picture


def make_gallery(pictures, title="A gallery", captions=()):
    """A gallery of `pictures`, in that order; `captions` its own captions for them."""
    from pictures.models import Gallery, GalleryItem

    gallery = Gallery.objects.create(title=title)
    for position, picture in enumerate(pictures):
        caption = captions[position] if position < len(captions) else ""
        GalleryItem.objects.create(
            gallery=gallery, image=picture, position=position, caption=caption
        )
    return gallery
