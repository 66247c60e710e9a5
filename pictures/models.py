"""The picture library: every image the site shows is one record here — its file and
renditions, caption, alt text, credit, where it came from, what its licence allows and until
when, and the artists it shows — and galleries are ordered sets of those records.

Stories, artist pages and release pages point at these records (their hero, photo, cover,
galleries and the pictures inserted in a body); `Image.objects.usable()` is what pages may
show. The artists a picture shows are the one link from this app up to another: a lookup
string, never an import, so the catalogue stays free to import this app.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .fields import (
    FOCUS_ACROSS_HELP,
    FOCUS_DOWN_HELP,
    FocalPointField,
    PictureFields,
    SanitisedImageField,
)
from .hashing import checksum, fingerprint, nearest

EXPIRY_WARNING_DAYS = 7


def _long_date(day):
    return f"{day.day} {day:%B %Y}"


def local_today():
    """Today in the site's zone (KST): licences end on a Korean date."""
    return timezone.localdate()


class SourceKind(models.TextChoices):
    HANDOUT = "handout", _("Agency handout")
    WIRE = "wire", _("Wire photo")
    POOL = "pool", _("Press pool")
    SCREEN_GRAB = "screen_grab", _("Screen grab")
    SOCIAL = "social", _("Social media")
    STAFF = "staff", _("Staff")
    ILLUSTRATION = "illustration", _("Illustration")


class ImageQuerySet(models.QuerySet):
    def usable(self, today=None):
        """What a public page may show: not withdrawn, licence not past its end."""
        today = today or local_today()
        return self.filter(hidden=False).filter(
            Q(licence_expires__isnull=True) | Q(licence_expires__gte=today)
        )

    def expired(self, today=None):
        return self.filter(licence_expires__lt=today or local_today())

    def expiring(self, days=EXPIRY_WARNING_DAYS, today=None):
        """Licences ending within `days` (today included), not yet past."""
        today = today or local_today()
        return self.filter(
            licence_expires__gte=today,
            licence_expires__lte=today + datetime.timedelta(days=days),
        )

    def undescribed(self):
        """Pictures still without alt text (uploaded several at a time, say)."""
        return self.filter(alt_text="")

    def lookalikes(self, checksum_, fingerprint_):
        """Pictures with the checksum `checksum_`, then those whose pixels are nearly
        `fingerprint_`, nearest first. The fingerprints are compared here, 64 bits each:
        a library of 100,000 pictures is 100,000 short strings read."""
        same = list(self.filter(checksum=checksum_)) if checksum_ else []
        if not fingerprint_:
            return same
        others = self.exclude(pk__in=[image.pk for image in same]).exclude(fingerprint="")
        near = nearest(fingerprint_, dict(others.values_list("pk", "fingerprint")))
        found = self.in_bulk(near)
        return same + [found[pk] for pk in near if pk in found]

    def with_usage(self):
        """Each picture with how often it is used, counted in the same query: `story_uses`
        (as hero or in a body), `gallery_uses`, `artist_uses`, `release_uses`."""
        return self.annotate(**{name: _count(uses) for name, uses in _uses().items()})

    def in_use(self):
        """Pictures some story, gallery, artist or release points at."""
        return self.filter(_used())

    def unused(self):
        return self.exclude(_used())

    def search(self, text):
        """By title, caption, credit, alt text, file name, or the name of an artist shown (any
        alias, Hangul or birth name): every word somewhere. The artists are read through a
        subquery per word, so no picture comes twice and the list needs no DISTINCT."""
        found = self
        for word in (text or "").split()[:MAX_SEARCH_WORDS]:
            # A word of one or two letters ("V", "RM") is a name, not a part of one: found
            # inside captions it would match nearly everything.
            short = len(word) < SHORT_WORD
            lookup = "iexact" if short else "icontains"
            shown = Q()
            for name in ARTIST_NAMES:
                shown |= Q(**{f"artist__{name}__{lookup}": word})
            artists = Image.artists.through.objects.filter(shown).values("image_id")
            if short:
                found = found.filter(Q(title__iexact=word) | Q(pk__in=artists))
                continue
            found = found.filter(
                Q(title__icontains=word)
                | Q(caption__icontains=word)
                | Q(credit__icontains=word)
                | Q(alt_text__icontains=word)
                | Q(file__icontains=word)
                | Q(pk__in=artists)
            )
        return found


MAX_SEARCH_WORDS = 8
SHORT_WORD = 3
# How a picture's artists are named, as lookups from the artist (the catalogue's fields).
ARTIST_NAMES = ("name", "hangul_name", "birth_name", "aliases__name")


def _count(rows):
    """How many of `rows` there are, as a subquery: a row met twice through a join counts
    once."""
    distinct = Func("pk", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    return Coalesce(Subquery(rows.order_by().annotate(n=distinct).values("n")[:1]), 0)


def _uses():
    """{annotation: rows using the picture} for `with_usage`, through the models that point
    here (read from the relations, so this app imports none of them)."""
    story, artist, release = _users()
    picture = OuterRef("pk")
    return {
        "story_uses": story._base_manager.filter(Q(hero=picture) | Q(body_pictures=picture)),
        "gallery_uses": Gallery.objects.filter(items__image=picture),
        "artist_uses": artist._base_manager.filter(picture=picture),
        "release_uses": release._base_manager.filter(artwork=picture),
    }


def _used():
    """Each way a picture is used, as one condition of subqueries (no join, so no picture
    comes twice), through the models that point here."""
    story, artist, release = _users()
    body = story._meta.get_field("body_pictures").remote_field.through
    return (
        Q(pk__in=story._base_manager.exclude(hero=None).values("hero"))
        | Q(pk__in=body.objects.values("image_id"))
        | Q(pk__in=GalleryItem.objects.values("image_id"))
        | Q(pk__in=artist._base_manager.exclude(picture=None).values("picture"))
        | Q(pk__in=release._base_manager.exclude(artwork=None).values("artwork"))
    )


def _users():
    """The models that point at pictures (stories, artists, releases), read from the
    relations: this app imports none of them."""
    fields = Image._meta
    return tuple(
        fields.get_field(name).related_model
        for name in ("hero_of", "artist_photo_of", "release_cover_of")
    )


class Image(models.Model):
    file = SanitisedImageField(
        _("image file"),
        upload_to="library/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    focus_x = FocalPointField(_("focal point, across"), help_text=FOCUS_ACROSS_HELP)
    focus_y = FocalPointField(_("focal point, down"), help_text=FOCUS_DOWN_HELP)
    renditions = models.JSONField(default=dict, editable=False)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("How the desk finds it in the library; the file's name if empty."),
    )
    caption = models.CharField(
        _("caption"),
        max_length=400,
        blank=True,
        help_text=_("Shown under the picture wherever it is used, unless a story gives its own."),
    )
    # Required by the library's forms; a picture uploaded several at a time is described
    # once it is in, and no story showing it goes out until it is.
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the picture shows, for readers who cannot see it. Required: a story showing "
            "a picture without it cannot be published."
        ),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Photographer and/or agency as printed: “BIGHIT MUSIC”, “Yonhap / Kim Ji-ho”."),
    )
    copyright_notice = models.CharField(
        _("copyright notice"),
        max_length=200,
        blank=True,
        help_text=_("Who holds the rights, e.g. “© HYBE”; the credit if empty."),
    )
    source_kind = models.CharField(
        _("source"), max_length=20, choices=SourceKind.choices, blank=True
    )
    source_url = models.URLField(
        _("source link"),
        blank=True,
        help_text=_("Where it was published first (the agency's post, a press kit); never shown."),
    )
    restrictions = models.TextField(
        _("usage restrictions"),
        blank=True,
        help_text=_(
            "What the licence forbids or demands, in the agency's words. A story showing a "
            "restricted picture needs an editor's note to be published."
        ),
    )
    editorial_only = models.BooleanField(
        _("editorial use only"),
        default=False,
        help_text=_("News and reviews only: never in advertising or sponsored content."),
    )
    licence_expires = models.DateField(
        _("licence ends"),
        null=True,
        blank=True,
        help_text=_(
            "The last day (KST) it may be shown. After it, pages show the caption and credit "
            "without the picture, and stories showing it cannot be published."
        ),
    )
    hidden = models.BooleanField(
        _("withdrawn"),
        default=False,
        help_text=_("Never shown anywhere (a takedown or a rights complaint); kept on record."),
    )
    artists = models.ManyToManyField(
        "artists.Artist",
        verbose_name=_("artists shown"),
        related_name="library_pictures",
        blank=True,
    )
    checksum = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    fingerprint = models.CharField(max_length=16, blank=True, db_index=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(_("upload date"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        indexes = [models.Index(fields=["licence_expires"])]

    def __str__(self):
        return self.title or self.file.name.rpartition("/")[2] or f"#{self.pk}"

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if self.file and not self.file._committed:
            # Read from the file as it came, before it is stored upright and without its
            # location: a second upload of the same file then has the same checksum.
            self.checksum, self.fingerprint = checksum(self.file), fingerprint(self.file)
            if fields is not None:
                fields = {*fields, "checksum", "fingerprint"}
        kwargs["update_fields"] = FILE.refresh(self, fields)
        super().save(*args, **kwargs)

    def get_admin_url(self):
        return reverse("admin:pictures_image_change", args=[self.pk])

    @property
    def picture(self):
        """The file as pages print it (pictures.renditions.Picture); None without one."""
        return FILE.picture(self)

    @property
    def cache_tag(self):
        return f"picture-{self.pk}"

    def is_expired(self, today=None):
        return bool(self.licence_expires and self.licence_expires < (today or local_today()))

    def is_shown(self, today=None):
        """Whether pages may print the picture itself (not withdrawn, licence current)."""
        return not self.hidden and not self.is_expired(today)

    @property
    def rights_notice(self):
        """The credit as readers see it printed: "credit" or the copyright notice."""
        return self.credit or self.copyright_notice

    def rights_problems(self, on=None):
        """Why a story showing this picture should not go out on the date `on` (default
        today), in words an editor can act on; [] when nothing stands in the way."""
        on = on or local_today()
        problems = []
        if self.hidden:
            problems.append(_("“%(title)s” has been withdrawn from use.") % {"title": self})
        elif self.licence_expires and self.licence_expires < on:
            words = {"title": self, "date": _long_date(self.licence_expires), "on": _long_date(on)}
            if self.licence_expires < local_today():
                problems.append(_("The licence of “%(title)s” ended on %(date)s.") % words)
            else:
                problems.append(
                    _("The licence of “%(title)s” ends on %(date)s, before the story goes out on "
                      "%(on)s.") % words
                )  # fmt: skip
        if self.restrictions.strip():
            problems.append(
                _("“%(title)s” is restricted: %(restrictions)s")
                % {"title": self, "restrictions": self.restrictions.strip()}
            )
        return problems

    def uses(self):
        """Where the picture is used, for its page in the library: {"stories": [...],
        "galleries": [...], "artists": [...], "releases": [...]}, a story once whether the
        picture is its hero or in its body."""
        stories = self.hero_of.model._base_manager.filter(Q(hero=self) | Q(body_pictures=self))
        galleries = Gallery.objects.filter(items__image=self)
        return {
            "stories": list(stories.distinct().order_by("-pk").only("pk", "headline")),
            "galleries": list(galleries.distinct().only("pk", "title")),
            "artists": list(self.artist_photo_of.only("pk", "name")),
            "releases": list(self.release_cover_of.only("pk", "title")),
        }

    def usage(self):
        """How often the picture is used: {"stories": n, "galleries": n, "artists": n,
        "releases": n}."""
        return {kind: len(rows) for kind, rows in self.uses().items()}

    def duplicates(self):
        """Other pictures of the library that are this one: the same file, or nearly the
        same pixels (pictures.hashing)."""
        others = Image.objects.exclude(pk=self.pk)
        return others.lookalikes(self.checksum, self.fingerprint)


def describe_usage(usage):
    """ "used in 4 stories, 1 gallery" from `Image.usage()`; "not used" when nothing is."""
    parts = [
        ngettext("%d story", "%d stories", usage["stories"]) % usage["stories"],
        ngettext("%d gallery", "%d galleries", usage["galleries"]) % usage["galleries"],
        ngettext("%d artist", "%d artists", usage["artists"]) % usage["artists"],
        ngettext("%d release", "%d releases", usage["releases"]) % usage["releases"],
    ]
    counts = [usage["stories"], usage["galleries"], usage["artists"], usage["releases"]]
    used = [part for part, count in zip(parts, counts, strict=True) if count]
    return _("used in %s") % ", ".join(used) if used else _("not used")


FILE = PictureFields(Image, "file", prefix="", label=_("library pictures"))


def shown_picture(image, today=None):
    """What a page prints of a library record it points at (renditions.Picture), or None:
    no record, a withdrawn one, or one whose licence has ended."""
    return image.picture if image is not None and image.is_shown(today) else None


class Gallery(models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown above the pictures; optional.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def __str__(self):
        return self.title

    @property
    def cache_tag(self):
        return f"gallery-{self.pk}"


class GalleryItem(models.Model):
    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="items")
    image = models.ForeignKey(
        Image,
        verbose_name=_("picture"),
        on_delete=models.CASCADE,
        related_name="gallery_items",
    )
    caption = models.CharField(
        _("caption"),
        max_length=400,
        blank=True,
        help_text=_("For this gallery; the picture's own caption if empty."),
    )
    position = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("picture in the gallery")
        verbose_name_plural = _("pictures in the gallery")

    def __str__(self):
        return str(self.image)

    @property
    def shown_caption(self):
        return self.caption or self.image.caption
