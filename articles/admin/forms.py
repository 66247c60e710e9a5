"""The story form, and the small forms of the story admin's own pages."""

import copy

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.formats import colleague, person, when

from ..diff import compare
from ..models import Article
from ..publishing import publication_problems
from ..services import SHARE_LINK_HOURS, may_move

S = Article.Status
CONTENT_FIELDS = ["dek", "body", "hero_image", "hero_alt", "hero_credit"]


def _formfield(field, **kwargs):
    """Model fields as form fields; web addresses typed without a scheme are https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ArticleAdminForm(forms.ModelForm):
    """Refuses a save over someone else's, and checks a change of status exactly as the
    workflow service will."""

    # The story's version when this form was opened: optimistic concurrency.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        formfield_callback = _formfield
        fields = [
            "headline", "slug", "dek", "body", "status", "published_at", "artists", "releases",
            "tags", "authors", "source_credit", "hero_image", "hero_focus_x", "hero_focus_y",
            "hero_caption", "hero_credit", "hero_alt", "seo_title", "meta_description",
            "social_title", "social_description", "canonical_url", "noindex",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if "authors" in self.fields:  # bylines: active staff, and whoever the story has
            bylines = self.fields["authors"]
            current = self.instance.authors.all() if self.instance.pk else []
            staff = bylines.queryset.filter(is_active=True, is_staff=True)
            bylines.queryset = (staff | bylines.queryset.filter(pk__in=current)).distinct()
            bylines.label_from_instance = colleague

    def clean(self):
        cleaned = super().clean()
        self.check_not_stale(cleaned.get("base_version"))
        article = self.instance
        to = cleaned.get("status", article.status)
        publish_at = cleaned.get("published_at")
        self.move = None
        retimed = to == S.PUBLISHED and "published_at" in self.changed_data
        if to == article.status and not retimed:
            return cleaned
        try:
            may_move(self.user, article, to)
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error
        if to == S.PUBLISHED:
            publish_at = publish_at or timezone.now()
            candidate = copy.copy(article)
            for name in CONTENT_FIELDS:
                if name in cleaned:
                    setattr(candidate, name, cleaned[name])
            problems = publication_problems(
                candidate,
                publish_at,
                artists=cleaned.get("artists"),
                authors=cleaned.get("authors"),
            )
            if problems:
                raise ValidationError(problems)
        self.move = (to, publish_at)
        return cleaned

    def check_not_stale(self, base_version):
        """Refuse the save if someone else saved since this form was opened, keeping every
        word typed here on the form and showing what the other person changed."""
        if not self.instance.pk or base_version is None:
            return
        # Locks the row until this request's transaction ends (PostgreSQL), so two saves
        # arriving together cannot both pass.
        current = (
            Article.everything.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .get()
        )
        if current == base_version:
            return
        history = self.instance.history.select_related("history_user")
        latest = history.first()
        started_from = history.filter(version=base_version).first() or latest
        rows = compare(started_from, latest)
        self.conflict = {
            "latest": latest,
            "rows": rows,
            "text_changed": any(changed for _, _, changed in rows),
        }
        self.data = self.data.copy()
        self.data["base_version"] = current  # saving again, knowingly, will go through
        who = person(latest.history_user)
        raise ValidationError(
            _(
                "%(who)s saved this story at %(when)s while you were editing. Nothing was "
                "saved from this form, and your text is still below. Their changes are shown "
                "above; save again to keep your version over theirs."
            )
            % {"who": who, "when": when(latest.history_date)}
        )


class ShareLinkForm(forms.Form):
    hours = forms.IntegerField(
        label=_("Link lasts (hours)"), min_value=1, max_value=24 * 30, initial=SHARE_LINK_HOURS
    )
