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
from django.db.models import Q
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

EXPIRY_WARNING_DAYS = 7


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

    def in_use(self):
        """Pictures some story, gallery, artist or release points at."""
        return self.filter(_used())

    def unused(self):
        return self.exclude(_used())

    def search(self, text):
        """By title, caption, credit, file name, or the name of an artist shown (any alias,
        Hangul or birth name)."""
        words = (text or "").split()
        found = self
        for word in words:
            found = found.filter(
                Q(title__icontains=word)
                | Q(caption__icontains=word)
                | Q(credit__icontains=word)
                | Q(alt_text__icontains=word)
                | Q(file__icontains=word)
                | Q(artists__name__icontains=word)
                | Q(artists__hangul_name__icontains=word)
                | Q(artists__birth_name__icontains=word)
                | Q(artists__aliases__name__icontains=word)
            )
        return found.distinct() if words else found


def _used():
    """Each way a picture is used, as one condition (the reverse names are declared by the
    models that point here)."""
    return (
        Q(hero_of__isnull=False)
        | Q(body_of__isnull=False)
        | Q(gallery_items__isnull=False)
        | Q(artist_photo_of__isnull=False)
        | Q(release_cover_of__isnull=False)
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
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
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
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)
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
        kwargs["update_fields"] = FILE.refresh(self, kwargs.get("update_fields"))
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
            problems.append(
                _("The licence of “%(title)s” ended on %(date)s.")
                % {"title": self, "date": self.licence_expires.strftime("%-d %B %Y")}
            )
        if self.restrictions.strip():
            problems.append(
                _("“%(title)s” is restricted: %(restrictions)s")
                % {"title": self, "restrictions": self.restrictions.strip()}
            )
        return problems

    def usage(self):
        """Where the picture is used: {"stories": n, "galleries": n, "artists": n,
        "releases": n}, stories counted once whether as hero or in the body."""
        stories = self.hero_of.model.objects.filter(Q(hero=self) | Q(body_pictures=self))
        stories = stories.values("pk").distinct().count()
        return {
            "stories": stories,
            "galleries": self.gallery_items.values("gallery").distinct().count(),
            "artists": self.artist_photo_of.count(),
            "releases": self.release_cover_of.count(),
        }


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
