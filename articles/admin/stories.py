"""The story admin: the list editors live on, and the story form."""

import copy

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from common.admin import QuickInlinesMixin, QuickListMixin
from common.formats import person, when
from common.pagination import EstimatedCountPaginator
from pictures.admin import PictureAdminMixin
from pictures.admin.widgets import LibraryFieldsMixin

from ..bylines import Byline, prefetch_bylines
from ..copydesk.duplicates import article_fingerprint, likely_duplicates
from ..models import Article, Autosave, LinkSuggestion
from ..publishing import pictures_shown
from ..search import search
from ..services import (
    article_slug_changed,
    article_transition,
    article_trash,
    can_edit,
    can_publish,
    suggestions_apply,
    workflow_actions,
)
from . import actions, dashboard, editing, live, pages
from .forms import ArticleAdminForm
from .inlines import NoteInline, SuggestionInline
from .listfilters import ArtistFilter, ReleaseFilter

S = Article.Status
RIGHTS_SET_ASIDE = _("the pictures' rights set aside:")


def moved_message(transition):
    """What an editor is told after a workflow button, naming who was told."""
    story, to = transition.article, transition.to_status
    if to == S.IN_REVIEW:
        return _("“%s” is waiting for review; the editors have been told.") % story
    if to == S.DRAFT and transition.from_status == S.IN_REVIEW:
        return _("“%s” went back to draft; its writer has been told.") % story
    if to == S.PUBLISHED and story.published_at > transition.at:
        return _("“%(story)s” is scheduled for %(when)s.") % {
            "story": story,
            "when": when(story.published_at),
        }
    if to == S.PUBLISHED:
        return _("“%s” is live.") % story
    return _("“%(story)s” is now %(state)s.") % {"story": story, "state": story.state_label}


@admin.register(Article)
class ArticleAdmin(
    QuickListMixin, QuickInlinesMixin, LibraryFieldsMixin, PictureAdminMixin, admin.ModelAdmin
):
    form = ArticleAdminForm
    list_display = ["headline", "state", "publication_time", "last_updated", "is_live"]
    list_filter = [
        "status",
        ArtistFilter,  # typed, not listed: there are thousands
        ReleaseFilter,
        "tags",
        "published_at",
    ]
    search_fields = ["headline", "dek", "body"]
    # At 100,000 stories the year-and-month bar (two scans of the table) and a second, full
    # count cost more than the list itself; the publication-time filter covers the dates.
    show_full_result_count = False
    paginator = EstimatedCountPaginator  # "about 100,000 stories": no count of them all
    # Fifty rows, not Django's hundred: rendering the rows is most of the list's time now.
    list_per_page = 50
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["artists", "releases"]  # and the bylines: ArticleAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    raw_id_fields = ["hero", "lead_gallery"]  # the library's grid, in a popup
    library_fields = {"hero": "picture", "lead_gallery": "gallery"}  # and a chooser
    inserting_fields = ["body"]  # "Insert image", "Insert gallery"
    readonly_fields = [
        "created",
        "last_updated",
        "same_story",
        "workflow_history",
        "search_and_social",
    ]
    inlines = [SuggestionInline, NoteInline]
    actions = [
        actions.submit_for_review,
        actions.publish_now,
        actions.schedule,
        actions.unpublish,
        actions.return_to_draft,
        actions.delete_selected,  # in place of Django's: says the stories are in the trash
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "dek",
                    "body",
                    "base_version",
                    "opened_links",
                    "merge_conflicts",  # hidden: see forms
                ],  # fmt: skip
            },
        ),
        (_("Publication"), {"fields": ["status", "published_at", "created", "last_updated"]}),
        (
            _("Live coverage"),
            {
                "fields": ["live", "coverage_start", "coverage_end"],
                "classes": ["collapse"],
                "description": _("Entries are posted from the live desk (Cover live, above)."),
            },
        ),
        (_("About"), {"fields": ["artists", "releases", "tags", "source_credit"]}),
        (_("Same story?"), {"fields": ["same_story"]}),
        (_("Workflow history"), {"fields": ["workflow_history"]}),
        (_("Pictures"), {"fields": ["hero", "hero_caption", "lead_gallery"]}),
        (
            _("Search and social"),
            {
                "fields": [
                    "search_and_social",
                    "seo_title",
                    "meta_description",
                    "social_title",
                    "social_description",
                    "social_image",
                    "canonical_url",
                    "noindex",
                ],  # fmt: skip
                "description": _(
                    "Each defaults to the headline, the standfirst and the page's own address."
                ),
            },
        ),
    ]

    class Media:
        css = {"all": ["newsroom/admin.css"]}
        js = ["articles/story_form.js"]

    delete_confirmation_template = "admin/articles/article/trash_confirmation.html"
    delete_selected_confirmation_template = "admin/articles/article/trash_confirmation.html"

    def get_queryset(self, request):
        return Article.objects.defer("body", "body_html", "search_text", "search_vector")

    def get_search_results(self, request, queryset, search_term):
        """The public site's search over every story the desk sees: the indexed words, and
        stories found through any name of the artists and releases they are linked to,
        Hangul and aliases included. When that finds nothing (a word typed in part),
        headlines holding the text as typed."""
        term = search_term.strip()
        if not term:
            return queryset, False
        found = search(term, queryset).matched
        if found.exists():
            return found, False
        return queryset.filter(headline__icontains=term), False

    def get_deleted_objects(self, objs, request):
        """Deleting only moves stories to the trash: nothing related is lost."""
        objs = list(objs)
        perms_needed = {_("story")} if not all(can_edit(request.user, o) for o in objs) else set()
        return [str(o) for o in objs], {}, perms_needed, []

    def response_delete(self, request, obj_display, obj_id):
        """Django says "deleted successfully"; the story is only in the trash."""
        self.message_user(request, actions.trashed_message(1, obj_display), messages.SUCCESS)
        changelist = reverse("admin:articles_article_changelist", current_app=self.admin_site.name)
        context = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        return HttpResponseRedirect(add_preserved_filters(context, changelist))

    def delete_model(self, request, obj):
        article_trash(article=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            article_trash(article=article, by=request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        own = Byline.objects.filter(user=request.user).values_list("pk", flat=True)
        initial.setdefault("bylines", list(own))  # the writer's own byline first
        return initial

    def get_fieldsets(self, request, obj=None):
        """The fieldsets, with the bylines after the tags. They are the form's own field
        (ArticleAdminForm.bylines, kept in order): Django's admin refuses a many-to-many field
        with a model of its own between in `fieldsets` (admin.E013)."""
        fieldsets = copy.deepcopy(super().get_fieldsets(request, obj))
        for _title, options in fieldsets:
            if "tags" in options["fields"]:
                options["fields"].insert(options["fields"].index("tags") + 1, "bylines")
        return fieldsets

    def get_object(self, request, object_id, from_field=None):
        story = super().get_object(request, object_id, from_field)
        if story is not None:  # the form and the workflow buttons both read them
            prefetch_related_objects([story], prefetch_bylines())
        return story

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user
        return form

    @editing.frames_preview
    def changeform_view(self, request, *args, **kwargs):
        return super().changeform_view(request, *args, **kwargs)

    def history_view(self, request, object_id, extra_context=None):
        """One history for a story: its revisions, in KST, with their differences."""
        return redirect("admin:articles_article_revisions", object_id)

    def get_urls(self):
        return pages.urls(self) + live.urls(self) + dashboard.urls(self) + super().get_urls()

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
        rights_note = form.cleaned_data.get("rights_note", "").strip()
        if rights_note and not form.pending_move:  # an edit in place: kept with the revision
            obj._change_reason = _("The pictures' rights set aside: %(note)s") % {
                "note": rights_note
            }
        if form.pending_move:  # the service makes the move once the related fields are saved
            obj.status = form.initial.get("status", S.DRAFT)
            obj.published_at = form.initial.get("published_at")
        super().save_model(request, obj, form, change)
        Autosave.objects.discard(user=request.user, article=obj if change else None)
        if change and "slug" in form.changed_data:
            article_slug_changed(article=obj, old_slug=form.initial.get("slug"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.record_links()
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
            moved = article_transition(
                article=form.instance,
                to=to,
                by=request.user,
                publish_at=publish_at,
                note=form.cleaned_data.get("workflow_note", ""),
                rights_note=form.cleaned_data.get("rights_note", ""),
            )
            self.message_user(request, moved_message(moved), messages.SUCCESS)
        if form.cleaned_data.get("rights_note", "").strip():
            self.warn_of_withheld_pictures(request, form.instance)
        article_fingerprint(article=form.instance)

    def warn_of_withheld_pictures(self, request, story):
        """Setting the rights aside lets the story out; a picture withdrawn or past its licence
        stays off the page all the same until the library says otherwise."""
        for picture in pictures_shown(story):
            if not picture.is_shown():
                self.message_user(
                    request,
                    _("“%(picture)s” stays off the page until its licence is extended, or it is "
                      "put back in use, in the picture library.")
                    % {"picture": picture},
                    messages.WARNING,
                )  # fmt: skip

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """The workflow buttons the person gets on this story, beside Save."""
        story = obj or Article(created_by=request.user)
        context["workflow_actions"] = workflow_actions(request.user, story)
        context["workflow_state"] = story.state_label
        # The last word that came with a move ("Returned by Hana: check the dates"), on top.
        context["last_note"] = (
            story.transitions.exclude(note="").select_related("by").first() if obj else None
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("checks"))
    def search_and_social(self, obj):
        """How the saved story will look in search results and shared links."""
        warnings = obj.search_and_social_warnings() if obj.pk else []
        if not warnings:
            return _("Nothing to fix.") if obj.pk else _("Checked once the story is saved.")
        return format_html_join("", '<p class="warning">{}</p>', ((w,) for w in warnings))

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
                '<li><a href="{}">{}</a> — {}% alike ({}){}</li>',
                (
                    (
                        reverse("admin:articles_article_change", args=[d.story.pk]),
                        d.story.headline,
                        round(d.score * 100),
                        d.story.state_label,
                        f" — {d.reason}" if d.reason else "",
                    )
                    for d in found
                ),
            ),
        )

    @admin.display(description=_("moves"))
    def workflow_history(self, obj):
        """Each move of the story, newest first, with who made it and the note that went with
        it: one query, read only."""
        moves = list(obj.transitions.select_related("by")) if obj.pk else []
        if not moves:
            return _("No moves yet.")
        items = format_html_join(
            "",
            "<li><time>{}</time> · {}: {}{}{}{}</li>",
            (
                (
                    when(move.at),
                    person(move.by),
                    move,
                    format_html(" ({})", when(move.publish_at)) if move.publish_at else "",
                    format_html(" — “{}”", move.note) if move.note else "",
                    format_html(" — {} “{}”", RIGHTS_SET_ASIDE, move.rights_note)
                    if move.rights_note
                    else "",
                )
                for move in moves
            ),
        )
        return format_html('<ol class="workflow-history" reversed>{}</ol>', items)

    @admin.display(description=_("created"))
    def created(self, obj):
        return when(obj.created_at) or "—"

    @admin.display(description=_("last updated"), ordering="updated_at")
    def last_updated(self, obj):
        return when(obj.updated_at) or "—"

    @admin.display(boolean=True, description=_("on the site"))
    def is_live(self, obj):
        return obj.is_published()

    def has_publish_permission(self, request):
        return can_publish(request.user)
