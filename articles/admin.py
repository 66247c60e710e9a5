import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin import image_preview
from newsroom.templatetags.newsroom import person, when

from .checks import publication_problems
from .copydesk.forms import ImportForm
from .copydesk.importing import import_many
from .diff import compare
from .models import HERO, Article, LinkSuggestion, Note, Transition, TrashedArticle
from .services import (
    SHARE_LINK_HOURS,
    article_fingerprint,
    article_restore,
    article_restore_revision,
    article_slug_changed,
    article_transition,
    article_trash,
    can_edit,
    can_publish,
    likely_duplicates,
    may_move,
    share_link_create,
    share_links_revoke,
    suggestions_apply,
)

S = Article.Status
CONTENT_FIELDS = ["dek", "body", "hero_image", "hero_alt", "hero_credit"]


class ArticleAdminForm(forms.ModelForm):
    """Refuses a save over someone else's, and checks a change of status exactly as the
    workflow service will."""

    # The story's version when this form was opened: optimistic concurrency.
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "headline", "slug", "dek", "body", "status", "published_at", "artists", "releases",
            "tags", "authors", "source_credit", "hero_image", "hero_focus_x", "hero_focus_y",
            "hero_caption", "hero_credit", "hero_alt",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

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
            problems = publication_problems(candidate, publish_at, artists=cleaned.get("artists"))
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


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    fields = ["from_status", "to_status", "publication_time", "by", "time"]
    readonly_fields = fields
    verbose_name_plural = _("workflow history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("publication time"))
    def publication_time(self, obj):
        return when(obj.publish_at) or "—"

    @admin.display(description=_("when"))
    def time(self, obj):
        return when(obj.at)


class SuggestionInline(admin.TabularInline):
    """The copy desk's linking suggestions: the editor decides, saving links the accepted."""

    model = LinkSuggestion
    extra = 0
    can_delete = False
    fields = ["target", "matched", "mentions", "decision"]
    readonly_fields = ["target", "matched", "mentions"]
    verbose_name_plural = _("linking suggestions from the copy desk")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("artist or release"))
    def target(self, obj):
        kind = _("Artist") if obj.artist_id else _("Release")
        return f"{kind}: {obj.target}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("artist", "release")


class NoteInline(admin.StackedInline):
    model = Note
    extra = 0
    verbose_name = _("correction or update")

    def has_add_permission(self, request, obj=None):
        return can_publish(request.user) and obj is not None and obj.published_at is not None

    def has_change_permission(self, request, obj=None):
        return can_publish(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_publish(request.user)


class ShareLinkForm(forms.Form):
    hours = forms.IntegerField(
        label=_("Link lasts (hours)"), min_value=1, max_value=24 * 30, initial=SHARE_LINK_HOURS
    )


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publication time (KST)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["headline", "state", "publication_time", "last_updated", "is_live"]
    list_filter = [
        "status",
        ("artists", admin.RelatedOnlyFieldListFilter),
        ("releases", admin.RelatedOnlyFieldListFilter),
        "tags",
        "published_at",
    ]
    search_fields = ["headline", "dek", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["artists", "releases", "authors"]
    readonly_fields = ["hero_preview", "created", "last_updated", "same_story"]
    inlines = [SuggestionInline, NoteInline, TransitionInline]
    actions = ["submit_for_review", "publish_now", "schedule", "unpublish", "return_to_draft"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body", "base_version"]}),
        (_("Publication"), {"fields": ["status", "published_at", "created", "last_updated"]}),
        (_("About"), {"fields": ["artists", "releases", "tags", "authors", "source_credit"]}),
        (_("Same story?"), {"fields": ["same_story"]}),
        (
            _("Hero image"),
            {
                "fields": [
                    "hero_image",
                    "hero_preview",
                    ("hero_focus_x", "hero_focus_y"),
                    "hero_caption",
                    "hero_credit",
                    "hero_alt",
                ]
            },
        ),
    ]
    hero_preview = image_preview(HERO, height=240)

    class Media:
        css = {"all": ["newsroom/admin.css"]}
        js = ["newsroom/focal_point.js"]

    delete_confirmation_template = "admin/articles/article/trash_confirmation.html"
    delete_selected_confirmation_template = "admin/articles/article/trash_confirmation.html"

    def get_queryset(self, request):
        return Article.objects.defer("body", "body_html")

    def get_deleted_objects(self, objs, request):
        """Deleting only moves stories to the trash: nothing related is lost."""
        objs = list(objs)
        perms_needed = {_("story")} if not all(can_edit(request.user, o) for o in objs) else set()
        return [str(o) for o in objs], {}, perms_needed, []

    def delete_model(self, request, obj):
        article_trash(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_trash(article=article, by=request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="articles_article_revisions",
            ),
            path(
                "<path:object_id>/revisions/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_article_import",
            ),
            path(
                "<path:object_id>/share/",
                self.admin_site.admin_view(self.share_view),
                name="articles_article_share",
            ),
            path(
                "<path:object_id>/revisions/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_restore",
            ),
        ]
        return urls + super().get_urls()

    def _page(self, request, template, title, **context):
        """One of this admin's own pages: the admin's context, a title, a template."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            **context,
        }
        return TemplateResponse(request, f"admin/articles/article/{template}", context)

    def _viewable(self, request, object_id):
        article = get_object_or_404(Article.objects, pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def revisions_view(self, request, object_id):
        article = self._viewable(request, object_id)
        return self._page(
            request,
            "revisions.html",
            _("Revisions of “%s”") % article,
            article=article,
            revisions=article.history.select_related("history_user"),
            can_restore=can_edit(request.user, article),
        )

    def compare_view(self, request, object_id):
        article = self._viewable(request, object_id)
        revisions = article.history.select_related("history_user")
        try:
            ids = sorted(int(request.GET.get(side) or 0) for side in ("a", "b"))
        except ValueError:  # a hand-edited address: no such revision
            raise Http404 from None
        old, new = (get_object_or_404(revisions, history_id=i) for i in ids)
        return self._page(
            request,
            "compare.html",
            _("Changes to “%s”") % article,
            article=article,
            old=old,
            new=new,
            rows=compare(old, new),
            can_restore=can_edit(request.user, article),
        )

    def restore_view(self, request, object_id, history_id):
        article = self._viewable(request, object_id)
        if request.method != "POST":
            return redirect("admin:articles_article_revisions", object_id)
        revision = get_object_or_404(article.history, history_id=history_id)
        article_restore_revision(article=article, revision=revision, by=request.user)
        self.message_user(
            request,
            _("Restored the text of %(when)s. The previous text is kept as a revision.")
            % {"when": when(revision.history_date)},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:articles_article_change", args=[article.pk]))

    def import_view(self, request):
        """Paste or upload raw copy; each input becomes a draft, reported like the command."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form, reports = ImportForm(), []
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                reports = list(import_many(form.inputs(), by=request.user))
        return self._page(
            request,
            "import.html",
            _("Import copy"),
            form=form,
            reports=reports,
            imported=sum(r.ok for r in reports),
            failed=sum(not r.ok for r in reports),
            flagged=sum(bool(r.duplicates) for r in reports),
        )

    def share_view(self, request, object_id):
        """Make, list and revoke preview links for people without an account."""
        article = self._viewable(request, object_id)
        if not can_publish(request.user):
            raise PermissionDenied
        form, new_link = ShareLinkForm(), None
        if request.method == "POST" and "revoke" in request.POST:
            count = share_links_revoke(article=article, by=request.user)
            self.message_user(
                request,
                ngettext("Revoked %d link.", "Revoked %d links.", count) % count,
                messages.SUCCESS,
            )
            return redirect("admin:articles_article_share", object_id)
        if request.method == "POST":
            form = ShareLinkForm(request.POST)
            if form.is_valid():
                new_link = share_link_create(
                    article=article, by=request.user, hours=form.cleaned_data["hours"]
                )
        return self._page(
            request,
            "share.html",
            _("Share a preview of “%s”") % article,
            article=article,
            form=form,
            new_url=request.build_absolute_uri(new_link.get_absolute_url()) if new_link else "",
            new_link=new_link,
            links=article.share_links.select_related("created_by"),
        )

    def get_inlines(self, request, obj):
        return self.inlines if obj else []  # a new story has no history yet

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields += ["status", "published_at"]  # writers move stories with actions only
        return fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        form.pending_move = getattr(form, "move", None)
        if form.pending_move:  # the service makes the move once the related fields are saved
            obj.status = form.initial.get("status", S.DRAFT)
            obj.published_at = form.initial.get("published_at")
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            article_slug_changed(article=obj, old_slug=form.initial.get("slug"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Before a move: "accept RM and publish" is one save, and publishing wants an artist.
        decided = [
            suggestion
            for formset in formsets
            if formset.model is LinkSuggestion
            for suggestion, fields in formset.changed_objects
            if "decision" in fields
        ]
        suggestions_apply(article=form.instance, decided=decided)
        if getattr(form, "pending_move", None):
            to, publish_at = form.pending_move
            article_transition(article=form.instance, to=to, by=request.user, publish_at=publish_at)
        article_fingerprint(article=form.instance)

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj):
        return obj.state_label

    @admin.display(description=_("publication time"), ordering="published_at")
    def publication_time(self, obj):
        return when(obj.published_at) or "—"

    @admin.display(description=_("likely duplicates"))
    def same_story(self, obj):
        found = likely_duplicates(obj) if obj.pk else []
        if not found:
            return _("No story we have looks like this one.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> — {}% alike ({})</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[story.pk]),
                        story.headline,
                        round(score * 100),
                        story.state_label,
                    )
                    for story, score in found
                ),
            ),
        )

    @admin.display(description=_("created"))
    def created(self, obj):
        return when(obj.created_at) or "—"

    @admin.display(description=_("last updated"), ordering="updated_at")
    def last_updated(self, obj):
        return when(obj.updated_at) or "—"

    @admin.display(boolean=True, description=_("on the site"))
    def is_live(self, obj):
        return obj.is_published()

    # Workflow actions: each asks for confirmation, then moves every selected story it can.

    @admin.action(description=_("Submit for review"))
    def submit_for_review(self, request, queryset):
        return self._move(request, queryset, S.IN_REVIEW, _("Submit for review"))

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        return self._move(request, queryset, S.PUBLISHED, _("Publish now"))

    @admin.action(description=_("Schedule…"), permissions=["publish"])
    def schedule(self, request, queryset):
        return self._move(request, queryset, S.PUBLISHED, _("Schedule"), timed=True)

    @admin.action(description=_("Unpublish"), permissions=["publish"])
    def unpublish(self, request, queryset):
        return self._move(request, queryset, S.UNPUBLISHED, _("Unpublish"))

    @admin.action(description=_("Return to draft"))
    def return_to_draft(self, request, queryset):
        return self._move(request, queryset, S.DRAFT, _("Return to draft"))

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def _move(self, request, queryset, to, verb, timed=False):
        confirmed = "confirm" in request.POST
        form = ScheduleForm(request.POST if confirmed else None) if timed else None
        if not confirmed or (form and not form.is_valid()):
            return self._page(
                request,
                "confirm_transition.html",
                verb,
                verb=verb,
                stories=queryset,
                form=form,
                action=request.POST.get("action"),
                action_checkbox_name=ACTION_CHECKBOX_NAME,
            )
        publish_at = form.cleaned_data["publish_at"] if form else None
        done = 0
        for article in queryset:
            if to == S.PUBLISHED and not timed and article.is_published():
                self.message_user(request, _("“%s” is already live.") % article, messages.INFO)
                continue
            try:
                article_transition(article=article, to=to, by=request.user, publish_at=publish_at)
            except (PermissionDenied, ValidationError) as error:
                reasons = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"“{article}”: {reasons}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(verb)s: %(n)d story.", "%(verb)s: %(n)d stories.", done)
                % {"verb": verb, "n": done},
                messages.SUCCESS,
            )
        return None


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    """The newsroom's workflow log, read-only."""

    list_display = ["article", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "at"]
    search_fields = ["article__headline", "by__username"]
    list_select_related = ["article", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrashedArticle)
class TrashAdmin(admin.ModelAdmin):
    """Deleted stories. Editors restore them; only a superuser deletes them for good."""

    list_display = ["headline", "status", "trashed", "deleted_by"]
    list_select_related = ["deleted_by"]
    search_fields = ["headline"]
    actions = ["restore", "delete_selected"]

    def get_queryset(self, request):
        return TrashedArticle.objects.trashed().defer("body", "body_html")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_restore_permission(self, request):
        return request.user.has_perm("articles.edit_any_article")

    def get_deleted_objects(self, objs, request):
        """A story deleted for good takes its workflow log with it: the log being read-only
        on its own must not keep a story in the trash."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(Transition._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    @admin.display(description=_("moved to trash"), ordering="deleted_at")
    def trashed(self, obj):
        return when(obj.deleted_at)

    @admin.action(description=_("Restore from the trash"), permissions=["restore"])
    def restore(self, request, queryset):
        for article in queryset:
            article_restore(article=article, by=request.user)
        self.message_user(
            request,
            ngettext("Restored %d story.", "Restored %d stories.", len(queryset)) % len(queryset),
            messages.SUCCESS,
        )
