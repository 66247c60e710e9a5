"""The story form, and the small forms of the story admin's own pages."""

import copy

from django import forms
from django.contrib.admin.widgets import AdminTextInputWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.formats import person, when

from .. import merge
from ..bylines import Byline
from ..diff import compare
from ..models import Article
from ..publishing import (
    description_problems,
    pictures_shown,
    publication_problems,
    rights_problems,
)
from ..services import ACTIONS, SHARE_LINK_HOURS, can_publish, may_move
from . import merging
from .bylines import BylinesField, byline_picker
from .tagging import TagSuggestions

S = Article.Status
CONTENT_FIELDS = ["dek", "body", "hero", "hero_caption", "lead_gallery"]


def _formfield(field, **kwargs):
    """Model fields as form fields; web addresses typed without a scheme are https."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ProposedHeadlineInput(AdminTextInputWidget):
    """The headline box of a story whose headline the copy desk proposed, with the box that
    keeps it as it is right under it: where the editor reads the headline."""

    def __init__(self, keep, attrs=None):
        super().__init__(attrs)
        self.keep = keep  # the form's keep_proposed_headline, bound

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<div class="proposed-headline-box">{}'
            '<p class="proposed-headline" role="note"><strong>{}</strong> {}</p>'
            '<p class="proposed-headline__keep">{} {}</p></div>',
            super().render(name, value, attrs, renderer),
            _("Proposed by the copy desk."),
            _(
                "The copy had no headline, so this one was drawn from its lead. Rewrite it, "
                "or keep it as it is; the story cannot be published until you do one or the other."
            ),
            self.keep,
            self.keep.label_tag(label_suffix=""),
        )


class ArticleAdminForm(forms.ModelForm):
    """Refuses a save over someone else's, and checks a change of status exactly as the
    workflow service will."""

    # The story's version when this form was opened: optimistic concurrency.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    bylines = BylinesField(
        Byline.objects.none(),
        label=_("Bylines"),
        required=False,
        help_text=_(
            "Printed in this order after “By”; a story cannot be published without one. Type "
            "a name to find a colleague or contributor; “+” adds a contributor."
        ),
    )
    # What a three-way merge needs that no revision keeps: the links the form was opened
    # with, and the fields a refused save asked about (articles/admin/merging.py).
    opened_links = forms.CharField(widget=forms.HiddenInput, required=False)
    merge_conflicts = forms.CharField(widget=forms.HiddenInput, required=False)
    # Goes with a workflow button (Submit for review, Return to writer…) to the colleague the
    # story goes to, in the e-mail that tells them; kept in the workflow history.
    workflow_note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
    )
    # Shown under the workflow buttons once a move was refused for the pictures' rights: an
    # editor who writes why publishes all the same, and the note is kept with the move.
    rights_note = forms.CharField(
        label=_("Publish all the same: say why the pictures may be shown"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "For example: “Agency confirmed by e-mail that the licence is extended to June.” "
            "Kept with the move in the workflow history."
        ),
    )
    # Shown with the headline (ProposedHeadlineInput) while the copy desk's proposal stands;
    # rewriting the headline confirms it too.
    keep_proposed_headline = forms.BooleanField(
        label=_("Keep the proposed headline"), required=False
    )

    class Meta:
        model = Article
        formfield_callback = _formfield
        fields = [
            "headline", "slug", "dek", "body", "status", "published_at", "artists", "releases",
            "tags", "bylines", "source_credit", "hero", "hero_caption", "lead_gallery",
            "seo_title", "meta_description",
            "social_title", "social_description", "social_image", "canonical_url", "noindex",
        ]  # fmt: skip
        widgets = {"tags": TagSuggestions}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.rights_refused = []
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            given = kwargs.get("initial") or {}
            self.fields["opened_links"].initial = merging.opened_links(self, given)
        if "bylines" in self.fields:  # those offered, and those the story has, in order
            current = self.instance.bylines_in_order if self.instance.pk else []
            bylines = self.fields["bylines"]
            bylines.queryset = Byline.objects.offered(keep=current)
            bylines.widget = byline_picker(bylines, getattr(self, "user", None))
            if current and "bylines" not in kwargs.get("initial", {}):
                self.initial["bylines"] = [byline.pk for byline in current]
        headline = self.fields.get("headline")
        if self.instance.headline_proposed and headline and not headline.disabled:
            keep = self["keep_proposed_headline"]
            headline.widget = ProposedHeadlineInput(keep, attrs=headline.widget.attrs)

    def settle_proposed_headline(self):
        """A rewritten headline, or one the editor chose to keep, is no longer a proposal."""
        if self.instance.headline_proposed and (
            "headline" in self.changed_data or self.cleaned_data.get("keep_proposed_headline")
        ):
            self.instance.headline_proposed = False

    def _save_m2m(self):
        super()._save_m2m()
        if "bylines" in self.cleaned_data:  # `set()` saved them, but not in their order
            self.instance.set_bylines(self.cleaned_data["bylines"])

    def clean(self):
        cleaned = super().clean()
        self.check_not_stale(cleaned.get("base_version"))
        self.settle_proposed_headline()
        article = self.instance
        to = cleaned.get("status", article.status)
        publish_at = cleaned.get("published_at")
        self.move = None
        action = self.data.get("_move")
        if action:
            to, publish_at = self.button_move(action, publish_at, cleaned)
        retimed = to == S.PUBLISHED and "published_at" in self.changed_data
        if to == article.status and not retimed and not action:
            if article.status == S.PUBLISHED:
                self.check_new_pictures(cleaned)
            return cleaned
        try:
            may_move(self.user, article, to)
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error
        if to == S.PUBLISHED:
            publish_at = publish_at or timezone.now()
            candidate = self.candidate(cleaned)
            rights_note = cleaned.get("rights_note", "")
            problems = publication_problems(
                candidate,
                publish_at,
                artists=cleaned.get("artists"),
                bylines=cleaned.get("bylines"),
                rights_note=rights_note,
            )
            if not rights_note.strip():
                self.rights_refused = rights_problems(pictures_shown(candidate), publish_at)
            if problems:
                raise ValidationError(self.pointed(problems))
        self.move = (to, publish_at)
        return cleaned

    def candidate(self, cleaned):
        """The story as this form would save it (its text and pictures), not saved."""
        candidate = copy.copy(self.instance)
        for name in CONTENT_FIELDS:
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        return candidate

    def check_new_pictures(self, cleaned):
        """A published story edited in place: pictures it did not show before pass the checks
        they would have passed at publication (alt text and credit; their rights on the day it
        goes out, which an editor's note sets aside)."""
        candidate = self.candidate(cleaned)
        shown = {picture.pk for picture in pictures_shown(self.instance)}
        added = [picture for picture in pictures_shown(candidate) if picture.pk not in shown]
        if not added:
            return
        on = max(self.instance.published_at or timezone.now(), timezone.now())
        problems = description_problems(candidate, added)
        if not cleaned.get("rights_note", "").strip():
            self.rights_refused = rights_problems(added, on)
            problems += self.rights_refused
        if problems:
            raise ValidationError(self.pointed(problems))

    def pointed(self, problems):
        """The problems, and where an editor sets the pictures' rights aside when they are
        among them."""
        if not self.rights_refused or not can_publish(self.user):
            return problems
        pointer = format_html(
            '<a href="#rights-title">{}</a>',
            _("To publish all the same, say why under the workflow buttons."),
        )
        return [*problems, pointer]

    def button_move(self, action, publish_at, cleaned):
        """The move a workflow button asks for, as (status, publication time)."""
        if action not in ACTIONS:
            raise ValidationError(_("This story has no such workflow button."))
        to = ACTIONS[action][0]
        if action == "return" and not cleaned.get("workflow_note", "").strip():
            raise ValidationError(_("Say in the note what the writer should change."))
        if action == "schedule" and (not publish_at or publish_at <= timezone.now()):
            raise ValidationError(
                _("To schedule the story, set its publication time (KST) in the future.")
            )
        if action == "publish":
            publish_at = timezone.now()
        return to, publish_at

    def check_not_stale(self, base_version):
        """Refuse the save if someone else saved since this form was opened, and merge:
        the form comes back holding their changes and this one's, field by field, with a
        choice to make only where both changed the same thing differently."""
        if not self.instance.pk or base_version is None:
            return
        # Locks the row until this request's transaction ends (PostgreSQL), so two saves
        # arriving together cannot both pass.
        version = (
            Article.everything.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .get()
        )
        if version == base_version:
            self.apply_choices(version)
            return
        history = self.instance.history.select_related("history_user")
        latest = history.first()
        started_from = history.filter(version=base_version).first() or latest
        current = Article.everything.get(pk=self.instance.pk)
        self.data = self.data.copy()
        report = merging.settle(self, started_from, current)
        asked = [name for name, _, outcome in report if outcome.how == merge.CONFLICT]
        merging.ask(self, version, asked)
        self.data["base_version"] = version  # saving again, having seen this, goes through
        self.show_conflict(latest, compare(started_from, latest), report, current)
        who = person(latest.history_user)
        raise ValidationError(
            _(
                "%(who)s saved this story at %(when)s while you were editing. Nothing was "
                "saved yet. The form now holds their changes and yours, as listed above; "
                "where you both changed the same thing, choose which to keep, then save again."
            )
            % {"who": who, "when": when(latest.history_date)}
        )

    def show_conflict(self, latest, rows, report, current):
        """What the form's conflict panel shows (templates/admin/articles/article/
        change_form.html): their changes, how each field was settled, the choices to make."""
        theirs = forms.models.model_to_dict(current, [name for name, *_ in report])
        self.conflict = {
            "latest": latest,
            "rows": rows,
            "text_changed": any(changed for _, _, changed in rows),
            "settled": [
                (label, outcome.how)
                for _, label, outcome in report
                if outcome.how != merge.CONFLICT
            ],
            "choices": [
                self.choice(name, label, outcome, theirs[name])
                for name, label, outcome in report
                if outcome.how == merge.CONFLICT
            ],
        }

    def choice(self, name, label, outcome, theirs):
        """One field both people changed, for the panel to ask about."""
        mine, others = merging.clashing(outcome, self.cleaned_data.get(name), theirs)
        text = outcome.if_theirs or self.data.get(f"theirs_{name}", "")
        return {
            "name": f"keep_{name}",
            "label": label,
            "mine": mine,
            "theirs": others,
            "chosen": self.data.get(f"keep_{name}", ""),
            # A text both rewrote in places: "theirs" keeps every other change of both.
            "theirs_text_name": f"theirs_{name}" if text else "",
            "theirs_text": text,
            "partial": bool(text),
        }

    def apply_choices(self, version):
        """Saving again after a refusal: take, for each field both people changed, the
        version the person chose."""
        seen, names = merging.pending(self)
        if seen != version or not names:
            return
        current = Article.everything.get(pk=self.instance.pk)
        theirs = forms.models.model_to_dict(current, names)
        undecided = []
        for name in names:
            choice = self.data.get(f"keep_{name}")
            if choice == "theirs":
                # For a text: their version of the clashing paragraphs, every other change of
                # both kept (carried by the panel); else their whole value.
                self.cleaned_data[name] = self.data.get(f"theirs_{name}") or theirs[name]
            elif choice != "mine":
                undecided.append(name)
        if undecided:
            self.data = self.data.copy()
            outcome = merge.Outcome(merge.CONFLICT)
            report = [(name, self.fields[name].label or name, outcome) for name in undecided]
            self.show_conflict(self.instance.history.first(), [], report, current)
            raise ValidationError(
                _("Choose which version to keep of: %(fields)s.")
                % {"fields": ", ".join(str(label) for _, label, _ in report)}
            )
        self.data = self.data.copy()
        self.data[merging.PENDING] = ""


class ShareLinkForm(forms.Form):
    hours = forms.IntegerField(
        label=_("Link lasts (hours)"), min_value=1, max_value=24 * 30, initial=SHARE_LINK_HOURS
    )
