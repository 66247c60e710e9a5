"""Artists, labels, memberships and releases.

The shape follows MusicBrainz where it matters to a K-pop desk: aliases carry a language, a
membership has a role and dates, a release has an ordered artist credit and may belong to a
parent album (a pre-release single and its album form one release family).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.embeds import embed_html, video_embed
from common.http import CATALOGUE
from common.text import tidy_fields
from pictures.models import shown_picture

from .names import artist_name_keys, name_key
from .platforms import HOSTS, belongs_to, platform_of


class Label(models.Model):
    """An agency or record label ("BIGHIT MUSIC")."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency or label")
        verbose_name_plural = _("agencies and labels")

    def __str__(self):
        return self.name


class ArtistQuerySet(models.QuerySet):
    def groups(self):
        return self.filter(kind__in=[Artist.Kind.GROUP, Artist.Kind.SUBUNIT])

    def named(self, keys):
        """Artists going by any of `keys` (see names.name_key) as a stage, Hangul or birth
        name or an alias."""
        condition = Q(pk__in=Alias.objects.filter(key__in=keys).values("artist"))
        for key in keys:
            condition |= Q(name_keys__contains=f"\n{key}\n")
        return self.filter(condition)


class Artist(models.Model):
    class Kind(models.TextChoices):
        SOLOIST = "soloist", _("Person (a soloist or a group's member)")
        GROUP = "group", _("Group")
        SUBUNIT = "subunit", _("Sub-unit")

    name = models.CharField(
        _("stage name"), max_length=200, help_text=_("The name readers know, e.g. “RM”.")
    )
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("Used in the artist page's address.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SOLOIST)
    hangul_name = models.CharField(_("name in Hangul"), max_length=200, blank=True)
    birth_name = models.CharField(
        _("birth name"), max_length=200, blank=True, help_text=_("Soloists and members only.")
    )
    parent_group = models.ForeignKey(
        "self",
        verbose_name=_("sub-unit of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subunits",
        limit_choices_to={"kind": Kind.GROUP},
        help_text=_("For a sub-unit: the group it belongs to."),
    )
    agency = models.ForeignKey(
        Label,
        verbose_name=_("agency / label"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="artists",
    )
    debut_date = models.DateField(_("debut date"), null=True, blank=True)
    fandom_name = models.CharField(_("fandom name"), max_length=100, blank=True)
    bio = models.TextField(
        _("short bio"), blank=True, help_text=_("Two or three plain sentences for the profile.")
    )
    picture = models.ForeignKey(
        "pictures.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="artist_photo_of",
        help_text=_("From the picture library: choose one, or upload it there."),
    )
    # Stage, Hangul and birth names as search compares them, one per line: see names.py.
    name_keys = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ArtistQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("artist")
        verbose_name_plural = _("artists")

    def __str__(self):
        return f"{self.name} ({self.hangul_name})" if self.hangul_name else self.name

    def save(self, *args, **kwargs):
        tidy_fields(self)  # before the keys are derived from the names
        self.name_keys = artist_name_keys(self.name, self.hangul_name, self.birth_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_keys"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("artists:detail", kwargs={"slug": self.slug})

    @property
    def cache_tag(self):
        """What cached pages showing this artist carry (see common.http.shows)."""
        return f"artist-{self.pk}"

    def cache_tags(self):
        """The tags a change to this artist purges: its own, its group's (a group's page
        lists its sub-units), and the lists of artists."""
        group = [f"artist-{self.parent_group_id}"] if self.parent_group_id else []
        return {self.cache_tag, CATALOGUE, *group}

    @property
    def photo_picture(self):
        """The photo as pages print it (see pictures.renditions.Picture); None without one,
        or when the library has withdrawn it or its licence has ended."""
        return shown_picture(self.picture)

    @property
    def photo_credit(self):
        return self.picture.rights_notice if self.picture else ""

    @property
    def is_group(self):
        return self.kind in {self.Kind.GROUP, self.Kind.SUBUNIT}

    def clean(self):
        if self.parent_group_id and self.kind != self.Kind.SUBUNIT:
            raise ValidationError({"parent_group": _("Only a sub-unit belongs to a group.")})
        if self.parent_group_id and self.parent_group_id == self.pk:
            raise ValidationError({"parent_group": _("A group cannot be its own sub-unit.")})


class Alias(models.Model):
    """Another name for an artist: a romanisation, a Hangul or Japanese spelling, a former name."""

    class Language(models.TextChoices):
        ROMANISED = "ko-Latn", _("Korean, romanised")
        KOREAN = "ko", _("Korean (Hangul)")
        JAPANESE = "ja", _("Japanese")
        CHINESE = "zh", _("Chinese")
        ENGLISH = "en", _("English")
        OTHER = "und", _("Other")

    class Kind(models.TextChoices):
        NAME = "name", _("Name variant")
        BIRTH = "birth", _("Birth name")
        FORMER = "former", _("Former stage name")
        NICKNAME = "nickname", _("Nickname")

    artist = models.ForeignKey(Artist, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ROMANISED
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NAME)
    key = models.CharField(max_length=200, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["artist", "language", "name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [
            models.UniqueConstraint(fields=["artist", "name"], name="unique_alias_per_artist")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        tidy_fields(self)  # before the keys are derived from the names
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        day = on or timezone.localdate()
        return self.filter(
            Q(started_on__isnull=True) | Q(started_on__lte=day),
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
        )


class Membership(models.Model):
    """A member's time in a group, with a role; an end date makes them a former member, a
    joining date still to come a member to be."""

    member = models.ForeignKey(
        Artist,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="memberships",
        limit_choices_to={"kind": Artist.Kind.SOLOIST},
    )
    group = models.ForeignKey(
        Artist,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="member_links",
        limit_choices_to={"kind__in": [Artist.Kind.GROUP, Artist.Kind.SUBUNIT]},
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("E.g. “leader, main rapper”.")
    )
    position = models.PositiveSmallIntegerField(
        _("order"),
        default=0,
        help_text=_("Where the member is listed: 1 for the leader, then 2, 3…; 0 by joining date."),
    )
    started_on = models.DateField(_("joined"), null=True, blank=True)
    ended_on = models.DateField(
        _("left"), null=True, blank=True, help_text=_("Leave empty while they are a member.")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        # Members in the order the group gives them (the leader first), then by joining date.
        ordering = [
            models.Case(models.When(position=0, then=1), default=0), "position", "started_on",
            Lower("member__name"),
        ]  # fmt: skip
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.member.name} in {self.group.name}"

    @property
    def is_current(self):
        today = timezone.localdate()
        started = self.started_on is None or self.started_on <= today
        return started and (self.ended_on is None or self.ended_on >= today)

    @property
    def is_upcoming(self):
        """Announced, not yet begun: a member joining on a later date (in Korea)."""
        return self.started_on is not None and self.started_on > timezone.localdate()

    @property
    def is_former(self):
        """Over: the member has left."""
        return self.ended_on is not None and self.ended_on < timezone.localdate()

    def clean(self):
        if self.member_id and self.member_id == self.group_id:
            raise ValidationError(_("An artist cannot be a member of itself."))
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The leaving date is before the joining date.")})


# Addresses under /releases/ that belong to other pages (the comeback calendar).
RESERVED_RELEASE_SLUGS = {"upcoming"}


class ReleaseQuerySet(models.QuerySet):
    def for_cards(self):
        return self.select_related("artwork").prefetch_related(
            models.Prefetch("credits", queryset=ReleaseCredit.objects.select_related("artist"))
        )

    def upcoming(self, now=None):
        return self.filter(release_at__gte=now or timezone.now()).order_by("release_at")

    def out(self, now=None):
        return self.filter(release_at__lt=now or timezone.now()).order_by("-release_at")

    def titled(self, keys):
        """Releases whose title is one of `keys`, punctuation aside (see names.name_key)."""
        return self.filter(title_key__in=keys)

    def by_artist(self, artist):
        return self.filter(credits__artist=artist).distinct()

    def by_artist_and_members(self, artist):
        """Releases credited to `artist`; for a group, also its current members' and its
        sub-units' releases: what a fan following the group wants in a calendar."""
        condition = Q(artist=artist)
        if artist.is_group:
            members = Membership.objects.current().filter(group=artist).values("member")
            condition |= Q(artist__in=members) | Q(artist__parent_group=artist)
        credits = ReleaseCredit.objects.filter(condition)
        return self.filter(pk__in=credits.values("release"))

    def family_of(self, releases):
        """Releases in the same family as any of `releases` (an album and its singles)."""
        roots = [r.parent_album_id or r.pk for r in releases]
        return self.filter(Q(pk__in=roots) | Q(parent_album__in=roots))


class Release(models.Model):
    class Kind(models.TextChoices):
        STUDIO_ALBUM = "album", _("Studio album")
        MINI_ALBUM = "mini", _("Mini album / EP")
        SINGLE_ALBUM = "single_album", _("Single album")
        SINGLE = "single", _("Single")
        PRE_RELEASE = "pre_release", _("Pre-release single")
        DIGITAL_SINGLE = "digital_single", _("Digital single")
        OST = "ost", _("OST")
        REPACKAGE = "repackage", _("Repackage")
        JAPANESE = "japanese", _("Japanese release")
        COMPILATION = "compilation", _("Compilation")
        LIVE = "live", _("Live album")

    title = models.CharField(_("title"), max_length=300)
    title_key = models.CharField(max_length=300, editable=False, db_index=True, default="")
    slug = models.SlugField(_("slug"), max_length=300, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.STUDIO_ALBUM
    )
    release_at = models.DateTimeField(
        _("release time"),
        help_text=_("Entered and shown in Korea Standard Time (KST); most releases are 1 PM KST."),
    )
    label = models.ForeignKey(
        Label,
        verbose_name=_("label"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="releases",
    )
    parent_album = models.ForeignKey(
        "self",
        verbose_name=_("part of album"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="singles",
        help_text=_(
            "For a pre-release single: the album it belongs to. "
            "Stories about either appear together as one comeback."
        ),
    )
    declared_track_count = models.PositiveSmallIntegerField(
        _("announced track count"),
        null=True,
        blank=True,
        help_text=_("Used until the tracklist is out; the tracklist wins once it is entered."),
    )
    music_video_url = models.URLField(_("music video link"), blank=True)
    artwork = models.ForeignKey(
        "pictures.Image",
        verbose_name=_("cover"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="release_cover_of",
        help_text=_("From the picture library: choose one, or upload it there."),
    )
    description = models.TextField(_("short description"), blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    artists = models.ManyToManyField(
        Artist, through="ReleaseCredit", related_name="releases", verbose_name=_("artists")
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-release_at"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        indexes = [models.Index(fields=["release_at"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        tidy_fields(self)  # before the keys are derived from the names
        self.title_key = name_key(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("artists:release", kwargs={"slug": self.slug})

    @property
    def cache_tag(self):
        """What cached pages showing this release carry (see common.http.shows)."""
        return f"release-{self.pk}"

    def cache_tags(self):
        """The tags a change to this release purges: its own, its album's (an album's
        family lists its singles), and the lists and calendars."""
        album = [f"release-{self.parent_album_id}"] if self.parent_album_id else []
        return {self.cache_tag, CATALOGUE, *album}

    def clean(self):
        if self.slug in RESERVED_RELEASE_SLUGS:
            raise ValidationError(
                {"slug": _("“%(slug)s” is the address of another page.") % {"slug": self.slug}}
            )
        if self.parent_album_id and self.parent_album_id == self.pk:
            raise ValidationError({"parent_album": _("A release cannot be part of itself.")})
        if self.parent_album and self.parent_album.parent_album_id:
            raise ValidationError(
                {"parent_album": _("Choose the album itself, not one of its singles.")}
            )

    @property
    def cover_picture(self):
        """The cover as pages print it (see pictures.renditions.Picture); None without one,
        or when the library has withdrawn it or its licence has ended."""
        return shown_picture(self.artwork)

    @property
    def cover_credit(self):
        return self.artwork.rights_notice if self.artwork else ""

    @property
    def credit(self):
        """The artist credit as printed: "RM", "Jimin feat. Loco". Uses prefetched credits."""
        parts = []
        for credit in self.credits.all():
            parts.append(credit.credited_as or credit.artist.name)
            parts.append(credit.join_phrase)
        return "".join(parts).strip()

    @property
    def track_count(self):
        tracks = list(self.tracks.all())
        return len(tracks) if tracks else self.declared_track_count

    @property
    def music_video_embed(self):
        """Click-to-load player markup when the music-video link is YouTube or Vimeo."""
        embed = video_embed(self.music_video_url) if self.music_video_url else None
        return embed_html(embed) if embed else ""

    @property
    def is_out(self):
        return self.release_at <= timezone.now()


class ReleaseCredit(models.Model):
    """One artist in a release's ordered credit, with what joins it to the next name."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="credits")
    artist = models.ForeignKey(Artist, on_delete=models.PROTECT, related_name="credits")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    credited_as = models.CharField(
        _("credited as"), max_length=200, blank=True, help_text=_("Only if not the stage name.")
    )
    join_phrase = models.CharField(
        _("join phrase"),
        max_length=50,
        blank=True,
        help_text=_("Printed after this name: “ & ”, “ feat. ”. Leave empty for the last."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("artist credit")
        verbose_name_plural = _("artist credits")
        constraints = [
            models.UniqueConstraint(fields=["release", "artist"], name="unique_artist_per_release")
        ]

    def __str__(self):
        return self.credited_as or self.artist.name


class Track(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="tracks")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    is_title_track = models.BooleanField(_("title track"), default=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("track")
        verbose_name_plural = _("tracklist")
        constraints = [
            models.UniqueConstraint(fields=["release", "number"], name="unique_track_number")
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ReleaseLink(models.Model):
    """Where to listen to or buy a release: a plain link with the platform named, no widget."""

    class Platform(models.TextChoices):
        SPOTIFY = "spotify", "Spotify"
        APPLE_MUSIC = "apple-music", "Apple Music"
        YOUTUBE_MUSIC = "youtube-music", "YouTube Music"
        MELON = "melon", "Melon"
        GENIE = "genie", "Genie"
        BUGS = "bugs", "Bugs"
        FLO = "flo", "FLO"
        VIBE = "vibe", "VIBE"
        AMAZON_MUSIC = "amazon-music", "Amazon Music"
        DEEZER = "deezer", "Deezer"
        TIDAL = "tidal", "TIDAL"
        WEVERSE_SHOP = "weverse-shop", "Weverse Shop"
        KTOWN4U = "ktown4u", "Ktown4u"
        YES24 = "yes24", "YES24"
        ALADIN = "aladin", "Aladin"
        OTHER = "other", _("other streaming service")
        OTHER_SHOP = "other-shop", _("other shop")

    # What the reader does there: listen (streaming) or buy (shops). A service or shop we
    # have no entry for is named by the editor, and files under one or the other by its kind.
    SHOPS = {"weverse-shop", "ktown4u", "yes24", "aladin", "other-shop"}
    OTHERS = {"other", "other-shop"}

    release = models.ForeignKey(
        Release, verbose_name=_("release"), on_delete=models.CASCADE, related_name="links"
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    url = models.URLField(_("link"), max_length=500)
    name = models.CharField(
        _("name shown"),
        max_length=60,
        blank=True,
        help_text=_("Only for “other”: the shop or service as readers know it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("streaming or shop link")
        verbose_name_plural = _("streaming and shop links")
        constraints = [
            models.UniqueConstraint(fields=["release", "url"], name="one_link_per_address")
        ]

    def __str__(self):
        return f"{self.shown_name}: {self.url}"

    @property
    def shown_name(self):
        return self.name or self.get_platform_display()

    @property
    def is_shop(self):
        return self.platform in self.SHOPS

    def clean(self):
        if self.platform in self.OTHERS and not self.name.strip():
            raise ValidationError({"name": _("Name the shop or service readers will see.")})
        if self.url and not self.url.lower().startswith("https://"):
            raise ValidationError({"url": _("Give the https:// address of the page.")})
        if self.url and self.platform:
            self._check_host()

    def _check_host(self):
        """The address must be on the platform named: a Melon link filed as Genie would send
        readers somewhere else under the wrong name."""
        found = platform_of(self.url)
        if self.platform in self.OTHERS:
            if found:
                raise ValidationError(
                    {
                        "platform": _("This is a %(found)s address: choose %(found)s.")
                        % {"found": self.Platform(found).label}
                    }
                )
        elif found and found != self.platform:
            raise ValidationError(
                {
                    "url": _(
                        "This is a %(found)s address, not %(named)s: choose %(found)s, or "
                        "give the %(named)s page."
                    )
                    % {"found": self.Platform(found).label, "named": self.get_platform_display()}
                }
            )
        elif not belongs_to(self.url, self.platform):
            raise ValidationError(
                {
                    "url": _("A %(named)s address is on %(hosts)s.")
                    % {
                        "named": self.get_platform_display(),
                        "hosts": ", ".join(HOSTS[self.platform]),
                    }
                }
            )

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("release", "url"):
            return ValidationError(
                _("This release already has a link to this address."), code="unique_together"
            )
        return super().unique_error_message(model_class, unique_check)
