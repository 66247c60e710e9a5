"""Who signs stories: a byline per person or outlet, with or without an account.

Staff have an account and a byline kept in step with it (`Byline.objects.sync`, called from
newsroom/apps.py whenever an account is saved); freelancers, photographers, translators and
partner outlets are bylines without one. A story lists its bylines in the order the desk put
them ("By A and B"), through `ArticleByline`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from common.text import tidy_fields
from pictures.fields import (
    FOCUS_ACROSS_HELP,
    FOCUS_DOWN_HELP,
    FocalPointField,
    PictureFields,
    SanitisedImageField,
)

MAX_LINKS = 8
# Offered in the story form's picker: contributors, and staff who can still sign in. A former
# colleague's byline stays on their stories but is not offered for new ones.
OFFERED = Q(user__isnull=True) | Q(user__is_active=True, user__is_staff=True)
# The account fields a byline follows; a save touching none of them (signing in) is ignored.
ACCOUNT_FIELDS = {"first_name", "last_name", "username", "is_staff"}


def validate_links(text):
    """One web address a line, each in full (https://…), a handful at most."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise ValidationError(_("Keep to %(n)d addresses or fewer.") % {"n": MAX_LINKS})
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError:
            raise ValidationError(
                _("“%(line)s” is not a web address: write each in full, starting with https://.")
                % {"line": line[:80]}
            ) from None


def byline_cache_tag(pk):
    """What cached pages naming the byline `pk` carry (its page, the stories it signs); the
    stories listed under it: common.http.listing."""
    return f"byline-{pk}"


def free_slug(base, taken):
    """`base`, or `base-2`, `base-3`…: the first not among `taken` (a set of slugs)."""
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def slug_base(name, fallback="byline"):
    return slugify(name)[:190].strip("-") or fallback


def account_name(user):
    """The name an account signs with: its full name, else its username, but never an e-mail
    address (the story form's picker shows bylines to every writer)."""
    return user.get_full_name() or user.get_username().split("@")[0]


def account_slug_base(user):
    """An account's byline address comes from its full name, never from its username, which
    is half of its login."""
    return slug_base(user.get_full_name(), "writer")


class BylineQuerySet(models.QuerySet):
    def offered(self, keep=()):
        """Bylines the story form offers, and `keep` (those a story already has)."""
        return self.filter(OFFERED | Q(pk__in=[getattr(b, "pk", b) for b in keep]))

    def free_slug(self, base, exclude=None):
        """`base` made unique among the bylines' slugs."""
        taken = self.filter(slug__startswith=base).exclude(pk=exclude)
        return free_slug(base, set(taken.values_list("slug", flat=True)))

    def sync(self, user, renamed=False):
        """Keep `user`'s byline in step with the account: a staff account without one gets
        one; a renamed account's byline takes the new name, and the address that goes with
        it while it signs no story. Edits made to the byline itself (a bio, a photo) stay."""
        byline = self.filter(user=user).first()
        if byline is None and user.is_staff:
            slug = self.free_slug(account_slug_base(user))
            byline = self.create(
                user=user, name=account_name(user), kind=Byline.Kind.STAFF, slug=slug
            )
        elif byline is not None and renamed and byline.name != account_name(user):
            byline.name = account_name(user)
            fields = ["name"]
            if not byline.story_links.exists():  # no page yet, so no link to its address
                byline.slug = self.free_slug(account_slug_base(user), exclude=byline.pk)
                fields.append("slug")
            byline.save(update_fields=fields)
        return byline


class Byline(models.Model):
    """A person or outlet that signs stories."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        FREELANCER = "freelancer", _("Freelancer")
        PHOTOGRAPHER = "photographer", _("Photographer")
        TRANSLATOR = "translator", _("Translator")
        PARTNER = "partner", _("Partner outlet")

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("As printed after “By” on stories and in feeds: “Hana Seo”, “Seoul Beat”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The byline page's address, /news/by/slug/: links to an old one stop working."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=Kind.choices,
        default=Kind.FREELANCER,
        help_text=_("Shown on the byline page; a partner outlet is named as an organisation."),
    )
    bio = models.TextField(
        _("short bio"),
        blank=True,
        help_text=_("Two or three plain sentences, shown on the byline page."),
    )
    photo = SanitisedImageField(
        _("photo"),
        upload_to="bylines/%Y/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text=_("A portrait, or an outlet's logo; shown on the byline page."),
    )
    photo_width = models.PositiveIntegerField(null=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, editable=False)
    photo_focus_x = FocalPointField(_("focal point, across"), help_text=FOCUS_ACROSS_HELP)
    photo_focus_y = FocalPointField(_("focal point, down"), help_text=FOCUS_DOWN_HELP)
    photo_renditions = models.JSONField(default=dict, editable=False)
    links = models.TextField(
        _("links"),
        blank=True,
        validators=[validate_links],
        help_text=_(
            "Their website and social profiles, one address a line (https://…); listed on the "
            "byline page and given to search engines as the same person or outlet."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="byline",
        limit_choices_to={"is_staff": True},
        help_text=_(
            "Staff only: the account that signs in as this byline; renaming the account renames "
            "the byline. Contributors have none."
        ),
    )

    objects = BylineQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        tidy_fields(self)  # before the slug is made from the name
        if not self.slug:
            self.slug = Byline.objects.free_slug(slug_base(self.name), exclude=self.pk)
        kwargs["update_fields"] = PORTRAIT.refresh(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:byline", kwargs={"slug": self.slug})

    @property
    def cache_tag(self):
        return byline_cache_tag(self.pk)

    @property
    def photo_picture(self):
        """The photo as pages print it (see pictures.renditions.Picture); None without one."""
        return PORTRAIT.picture(self)

    @property
    def is_outlet(self):
        return self.kind == self.Kind.PARTNER

    @property
    def link_list(self):
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def link_rel(self):
        """rel of the byline's links on its page: "me" says the profile is this person's or
        outlet's own; a contributor's links are their word, not the desk's, so they carry
        "nofollow" as well."""
        return "me" if self.kind == self.Kind.STAFF else "me nofollow"

    def shown_links(self):
        """[(address, what readers see: its host name)] for the byline page."""
        return [
            (url, (urlsplit(url).hostname or url).removeprefix("www.")) for url in self.link_list
        ]

    @property
    def picker_label(self):
        """The byline as the story form's picker offers it: "Hana Seo (Staff)". Two of one
        name are told apart by their addresses: "Hana Seo (Staff, hana-seo-2)"."""
        label = [str(self.get_kind_display())]
        if self.slug != slugify(self.name):
            label.append(self.slug)
        return f"{self.name} ({', '.join(label)})"


PORTRAIT = PictureFields(Byline, "photo", prefix="photo", label=_("byline photos"))


class ArticleByline(models.Model):
    """A byline on a story, at its place among the story's bylines."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="byline_links"
    )
    # A byline that signs stories cannot be deleted: its stories would lose their signature.
    byline = models.ForeignKey(
        Byline,
        verbose_name=_("byline"),
        on_delete=models.PROTECT,
        related_name="story_links",
        limit_choices_to=OFFERED,
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("byline on a story")
        verbose_name_plural = _("bylines on stories")
        constraints = [
            models.UniqueConstraint(fields=["article", "byline"], name="one_byline_per_story")
        ]

    def __str__(self):
        return f"{self.byline} · {self.article}"


def prefetch_bylines():
    """Stories' bylines in their order, in one query for any number of stories: read them
    with `Article.bylines_in_order`."""
    return Prefetch("byline_links", queryset=ArticleByline.objects.select_related("byline"))


def account_before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Remember the account's name before the save (connected in newsroom/apps.py)."""
    if raw or instance.pk is None or (update_fields and not ACCOUNT_FIELDS & set(update_fields)):
        return
    old = sender.objects.filter(pk=instance.pk).first()
    instance._byline_name_was = account_name(old) if old else None


def account_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A new staff account gets a byline; a renamed one renames its byline."""
    if raw or (update_fields and not ACCOUNT_FIELDS & set(update_fields)):
        return
    was = getattr(instance, "_byline_name_was", None)
    Byline.objects.sync(instance, renamed=was is not None and was != account_name(instance))
