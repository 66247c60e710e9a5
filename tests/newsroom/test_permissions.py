"""Who may do what, asked of the server itself: every admin page, action and preview, for
anonymous visitors, writers, editors and superusers. A refused request must change nothing.

Each row of the matrix ends in four expectations, one per role, in the order of ROLES:

- what a page answered: "login" (sent to the admin's sign-in), "page", "form" (a page with a
  save button), "redirect" (anywhere else), or the status code: "301", "403", "404", "500";
- what a request did: "done" (its effect), "ignored" (accepted, no effect), a refusal as
  above, or the state it left its target in when that differs from an editor's.
"""

import itertools
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any, NamedTuple

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client, RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.live import entry_post
from articles.models import Article, Autosave, Byline, FormerSlug, Presence, ShareLink, Transition
from articles.services import article_submit, article_trash, share_link_create
from articles.tasks import notify
from artists.models import Artist, Label, Release
from newsroom.roles import EDITOR, WRITER
from pictures.models import Gallery
from pictures.models import Image as Picture
from tests.factories import (
    byline_of,
    change_form_data,
    hours,
    kst_parts,
    make_article,
    make_artist,
    make_byline,
    make_gallery,
    make_picture,
    make_release,
    make_role_user,
    make_user,
    now,
)

S = Article.Status
ROLES = ("anonymous", "writer", "editor", "superuser")
REFUSALS = ("login", "403", "404", "500")
LATER = (now() + hours(30)).replace(minute=0, second=0)
NEW_PASSWORD = "New-pass-4-tests!"

_serial = itertools.count(1)


def outcome(response):
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("admin:login")) else "redirect"
    if response.status_code == 200:
        return "form" if b'name="_save"' in response.content else "page"
    return str(response.status_code)


def url(name, *args, query=""):
    return reverse(f"admin:{name}", args=args) + query


def fresh(obj):
    return type(obj)._default_manager.get(pk=obj.pk)


def exists(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).exists()


def status(story):
    return fresh(story).status


def status_and_time(story):
    story = fresh(story)
    return story.status, story.published_at


def trashed(story):
    return fresh(story).deleted_at is not None


def publication_time(moment):
    date, time = kst_parts(moment)
    return {"published_at_0": date, "published_at_1": time}


def snapshot():
    """Every row a crafted request could reach, to show that a refused one changed nothing."""
    User = get_user_model()
    return {
        "stories": list(
            Article.everything.order_by("pk").values_list(
                "pk", "headline", "body", "status", "published_at", "deleted_at", "version"
            )
        ),
        "workflow": list(Transition.objects.order_by("pk").values_list("pk", "to_status")),
        "share links": list(ShareLink.objects.order_by("pk").values_list("pk", "revoked_at")),
        "autosaves": list(Autosave.objects.order_by("pk").values_list("pk", "fields")),
        "presences": list(Presence.objects.order_by("pk").values_list("pk", "seen_at")),
        "artists": list(Artist.objects.order_by("pk").values_list("pk", "name", "slug")),
        "labels": list(Label.objects.order_by("pk").values_list("pk", "name")),
        "releases": list(Release.objects.order_by("pk").values_list("pk", "title")),
        "tags": list(Tag.objects.order_by("pk").values_list("pk", "name")),
        "pictures": list(Picture.objects.order_by("pk").values_list("pk", "title", "hidden")),
        "galleries": list(Gallery.objects.order_by("pk").values_list("pk", "title", "items")),
        "tagged": list(TaggedItem.objects.order_by("pk").values_list("tag", "object_id")),
        "users": list(
            User.objects.order_by("pk").values_list("pk", "password", "is_staff", "is_superuser")
        ),
        "groups": list(Group.objects.order_by("pk").values_list("name", "permissions")),
        # Not the log of successful sign-ins: the test's own sign-ins add to it.
        "lockouts": [
            list(model.objects.order_by("pk").values_list("pk", flat=True))
            for model in (AccessAttempt, AccessFailureLog)
        ],
    }


class _FormFields(HTMLParser):
    """What a browser posts from an admin edit form (the form whose id ends in "_form"):
    every input, ticked box, chosen option and text area."""

    SKIPPED = {"submit", "button", "file", "image", "reset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self.inside, self.select, self.textarea, self.text = {}, False, None, None, []

    def add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("id") or "").endswith("_form")
        elif not self.inside:
            return
        elif tag == "option":
            if self.select and "selected" in attrs:
                self.add(self.select, attrs.get("value", ""))
        elif not attrs.get("name"):
            return
        elif tag == "input":
            kind = attrs.get("type", "text")
            ticked = kind not in ("checkbox", "radio") or "checked" in attrs
            if kind not in self.SKIPPED and ticked:
                self.add(attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea, self.text = attrs["name"], []

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.add(self.textarea, "".join(self.text).removeprefix("\n"))
            self.textarea = None


class Page(NamedTuple):
    what: str
    name: str  # the admin URL's name, without "admin:"
    args: tuple
    expected: str
    query: str = ""


class Preview(NamedTuple):
    what: str
    address: str
    headline: str  # shown means this headline is on the page
    expected: str


class Request(NamedTuple):
    """A request sent by each role in turn, against a target made afresh for each."""

    what: str
    make: Callable[[], Any]
    send: Callable[[Client, Any], Any]
    read: Callable[[Any], Any]  # the target's state the request is about
    done: Any  # that state once the request did its work; or made from the target
    expected: str
    covers: tuple = ()  # (changelist, action) for an admin action


class PermissionMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.writer = make_role_user(WRITER, "mina")
        cls.other_writer = make_role_user(WRITER, "jun")
        cls.editor = make_role_user(EDITOR, "hana")
        cls.superuser = get_user_model().objects.create_superuser("chief", "", "pass-for-tests")
        cls.users = {"writer": cls.writer, "editor": cls.editor, "superuser": cls.superuser}
        cls.label = Label.objects.create(name="Big Label", slug="big-label")
        cls.artist = make_artist("Kwon", agency=cls.label)
        cls.release = make_release("First Light", artists=[cls.artist], label=cls.label)
        cls.group = Group.objects.get(name=WRITER)
        cls.contributor = make_byline("Yuna Choi", kind=Byline.Kind.PHOTOGRAPHER)

        cls.own_draft = cls.story(cls.writer, headline="Mina's secret draft", body="Draft one.")
        cls.own_draft.body = "Draft two."
        cls.own_draft.save()
        cls.others_draft = cls.story(cls.other_writer, headline="Jun's secret draft")
        FormerSlug.objects.create(article=cls.others_draft, slug="jun-old-address")
        cls.in_review = cls.story(cls.writer, headline="Mina's story in review")
        cls.step = article_submit(article=cls.in_review, by=cls.writer)
        cls.published = cls.story(cls.writer, S.PUBLISHED, headline="Out already", tags=["Live"])
        cls.entry = entry_post(article=cls.published, body="Doors open.", by=cls.editor)
        cls.tag = Tag.objects.get(name="Live")
        cls.scheduled = cls.story(
            cls.writer, S.PUBLISHED, headline="Embargoed till noon", published_at=now() + hours(24)
        )
        cls.unpublished = cls.story(cls.writer, S.UNPUBLISHED, headline="Pulled story")
        cls.binned = cls.story(cls.writer, headline="Binned draft")
        cls.binned_link = share_link_create(article=cls.binned, by=cls.editor)
        article_trash(article=cls.binned, by=cls.editor)

        cls.live_link, cls.revoked_link, cls.expired_link = (
            share_link_create(article=cls.others_draft, by=cls.editor) for _ in range(3)
        )
        ShareLink.objects.filter(pk=cls.revoked_link.pk).update(revoked_at=now())
        ShareLink.objects.filter(pk=cls.expired_link.pk).update(expires_at=now() - hours(1))

        cls.attempt = cls.sign_in_attempt()
        signed_in = {"username": "mina", "ip_address": "203.0.113.9", "user_agent": "Firefox"}
        cls.access = AccessLog.objects.create(**signed_in)
        cls.failure = AccessFailureLog.objects.create(**signed_in, locked_out=True)
        cls.task_result = notify.enqueue(0)  # a queued notification (for no move at all)
        cls.picture = make_picture(title="Showcase photo")
        cls.gallery = make_gallery([cls.picture], title="Showcase")
        cls.unused_picture = make_picture(title="Spare photo")

    @classmethod
    def story(cls, owner, status=S.DRAFT, **fields):
        """A story that passes every check before publishing, by `owner`, in `status`."""
        fields.setdefault("dek", "A standfirst.")
        if status == S.PUBLISHED:
            fields.setdefault("published_at", now() - hours(1))
        fields.setdefault("bylines", [owner])
        return make_article(artists=[cls.artist], status=status, created_by=owner, **fields)

    @classmethod
    def sign_in_attempt(cls):
        """Failed sign-ins of one account from one address: a lockout."""
        return AccessAttempt.objects.create(
            username=f"account{next(_serial)}",
            ip_address="203.0.113.9",
            user_agent="Firefox",
            failures_since_start=5,
            get_data="",
            post_data="",
            http_accept="*/*",
            path_info="/admin/login/",
        )

    def client_as(self, role):
        # A server error is an outcome like any other here, not an exception in the test.
        client = Client(raise_request_exception=False)
        if role != "anonymous":
            client.force_login(self.users[role])
        return client

    def admin_form(self, address, **overrides):
        """The admin form at `address` as a superuser's browser would post it back."""
        parser = _FormFields()
        parser.feed(self.client_as("superuser").get(address).content.decode())
        fields = {k: v if len(v) > 1 else v[0] for k, v in parser.fields.items()}
        return {**fields, **overrides}

    # Targets made afresh for each role.

    def binned_story(self):
        story = self.story(self.writer, headline="In the bin")
        article_submit(article=story, by=self.writer)  # its workflow log must not keep it there
        article_trash(article=story, by=self.editor)
        return fresh(story)

    def workflow_step(self):
        return article_submit(article=self.story(self.writer), by=self.writer)

    def revised(self, owner):
        def make():
            story = self.story(owner, body="First words.")
            story.body = "Second words."
            story.save()
            return story

        return make

    def new_label(self):
        n = next(_serial)
        return Label.objects.create(name=f"Label {n}", slug=f"label-{n}")

    def new_tag(self):
        n = next(_serial)
        return Tag.objects.create(name=f"Tag {n}", slug=f"tag-{n}")

    def new_group(self):
        return Group.objects.create(name=f"Group {next(_serial)}")

    def new_key(self):
        return f"crafted-{next(_serial)}"

    def new_gallery(self):
        return make_gallery([make_picture()], title=f"Gallery {next(_serial)}")

    def new_byline(self):
        return make_byline(f"Contributor {next(_serial)}")

    # The matrix.

    def admin_pages(self):
        own, others, review = self.own_draft.pk, self.others_draft.pk, self.in_review.pk
        live, step, binned, tag = self.published.pk, self.step.pk, self.binned.pk, self.tag.pk
        byline = self.contributor.pk
        first, second = self.own_draft.history.order_by("history_id")[:2]
        story, log, trash = "articles_article", "articles_transition", "articles_trashedarticle"
        pages = [
            Page("admin home", "index", (), "login page page page"),
            Page("artist autocomplete", "autocomplete", (), "login page page page", query=(
                "?app_label=articles&model_name=article&field_name=artists&term=kw"
            )),
            # Stories: writers open and change their own drafts, and read everything else.
            Page("stories", f"{story}_changelist", (), "login page page page"),
            Page("new story", f"{story}_add", (), "login form form form"),
            Page("own draft", f"{story}_change", (own,), "login form form form"),
            Page("another's draft", f"{story}_change", (others,), "login page form form"),
            Page("own story in review", f"{story}_change", (review,), "login page form form"),
            Page("published story", f"{story}_change", (live,), "login page form form"),
            Page("trash own draft", f"{story}_delete", (own,), "login page page page"),
            Page("trash another's draft", f"{story}_delete", (others,), "login 403 page page"),
            Page("trash own story in review", f"{story}_delete", (review,), "login 403 page page"),
            Page("trash published story", f"{story}_delete", (live,), "login 403 page page"),
            # One history: Django's leads to the story's revisions.
            Page("story history", f"{story}_history", (others,), "login " + "redirect " * 3),
            Page("revisions", f"{story}_revisions", (others,), "login page page page"),
            Page("compare revisions", f"{story}_compare", (own,), "login page page page", query=(
                f"?a={first.history_id}&b={second.history_id}"
            )),
            Page(
                "restore a revision, without POST", f"{story}_restore",
                (own, first.history_id), "login redirect redirect redirect",
            ),
            Page("import copy", f"{story}_import", (), "login page page page"),
            # Most read: the editors' figures.
            Page("most read", f"{story}_reads", (), "login 403 page page"),
            Page("tag suggestions", f"{story}_tag_suggestions", (), "login page page page", query=(
                "?q=co"
            )),
            # The live desk: as the story's own form, writers on their own drafts only.
            Page("live desk: own draft", f"{story}_live", (own,), "login page page page"),
            Page("live desk: another's draft", f"{story}_live", (others,), "login 403 page page"),
            Page("live desk: published story", f"{story}_live", (live,), "login 403 page page"),
            Page(
                "live entry: published story", f"{story}_live_entry", (live, self.entry.pk),
                "login 403 redirect redirect",
            ),
            Page("share own draft", f"{story}_share", (own,), "login 403 page page"),
            Page("share another's draft", f"{story}_share", (others,), "login 403 page page"),
            # The story form's writing tools: its script posts to them, nothing opens them.
            Page("autosave own draft", f"{story}_autosave", (own,), "login 405 405 405"),
            Page("autosave another's draft", f"{story}_autosave", (others,), "login 403 405 405"),
            Page("autosave a new story", f"{story}_new_autosave", (), "login 405 405 405"),
            Page("preview another's draft", f"{story}_preview", (others,), "login 405 405 405"),
            Page("preview a new story", f"{story}_new_preview", (), "login 405 405 405"),
            Page("who has a draft open", f"{story}_presence", (others,), "login 405 405 405"),
            # The workflow log: read-only for everyone, closed to writers.
            Page("workflow log", f"{log}_changelist", (), "login 403 page page"),
            Page("new workflow step", f"{log}_add", (), "login 403 403 403"),
            Page("workflow step", f"{log}_change", (step,), "login 403 page page"),
            Page("delete workflow step", f"{log}_delete", (step,), "login 403 403 403"),
            Page("workflow step history", f"{log}_history", (step,), "login 403 page page"),
            # The trash: editors look and restore; only a superuser deletes for good.
            Page("trash", f"{trash}_changelist", (), "login 403 page page"),
            Page("add to the trash", f"{trash}_add", (), "login 403 403 403"),
            Page("story in the trash", f"{trash}_change", (binned,), "login 403 page page"),
            Page("delete for good", f"{trash}_delete", (binned,), "login 403 403 page"),
            Page("trashed story history", f"{trash}_history", (binned,), "login 403 page page"),
            # Bylines: writers look and add contributors; changing and deleting is for editors.
            Page("bylines", "articles_byline_changelist", (), "login page page page"),
            Page("new byline", "articles_byline_add", (), "login form form form"),
            Page("byline", "articles_byline_change", (byline,), "login page form form"),
            Page("delete byline", "articles_byline_delete", (byline,), "login 403 page page"),
            Page("byline history", "articles_byline_history", (byline,), "login page page page"),
            Page("byline autocomplete", "autocomplete", (), "login page page page", query=(
                "?app_label=articles&model_name=articlebyline&field_name=byline&term=yuna"
            )),
            # Tags: writers look and add; changing, deleting and merging is for editors.
            Page("tags", "taggit_tag_changelist", (), "login page page page"),
            Page("new tag", "taggit_tag_add", (), "login form form form"),
            Page("tag", "taggit_tag_change", (tag,), "login page form form"),
            Page("delete tag", "taggit_tag_delete", (tag,), "login 403 page page"),
            Page("tag history", "taggit_tag_history", (tag,), "login page page page"),
            Page("merge tags", "taggit_tag_merge_tags", (), "login 403 page page"),
            Page(
                "someone's password", "auth_user_password_change", (self.other_writer.pk,),
                "login 403 403 page",
            ),
        ]  # fmt: skip
        # Artists, labels and releases: writers read them, editors keep them.
        for model, pk in (
            ("artists_artist", self.artist.pk),
            ("artists_label", self.label.pk),
            ("artists_release", self.release.pk),
        ):
            pages += [
                Page(f"{model} list", f"{model}_changelist", (), "login page page page"),
                Page(f"new {model}", f"{model}_add", (), "login 403 form form"),
                Page(f"{model} record", f"{model}_change", (pk,), "login page form form"),
                Page(f"delete {model}", f"{model}_delete", (pk,), "login 403 page page"),
                Page(f"{model} history", f"{model}_history", (pk,), "login page page page"),
            ]
        # The picture library: writers upload, describe and make galleries; withdrawing and
        # deleting are for editors.
        picture, gallery = self.picture.pk, self.gallery.pk
        pages += [
            Page("pictures", "pictures_image_changelist", (), "login page page page"),
            Page("new picture", "pictures_image_add", (), "login form form form"),
            Page("picture", "pictures_image_change", (picture,), "login form form form"),
            # A picture in use is withdrawn, never deleted: its stories keep their record.
            Page("delete a used picture", "pictures_image_delete", (picture,), "login 403 403 403"),
            Page(
                "delete an unused picture", "pictures_image_delete", (self.unused_picture.pk,),
                "login 403 page page",
            ),
            Page("picture history", "pictures_image_history", (picture,), "login page page page"),
            Page("upload pictures", "pictures_image_upload", (), "login page page page"),
            Page("choose a picture", "pictures_image_choose", (), "login page page page"),
            Page(
                "describe a picture, without POST", "pictures_image_describe", (picture,),
                "login 405 405 405",
            ),
            Page("galleries", "pictures_gallery_changelist", (), "login page page page"),
            Page("new gallery", "pictures_gallery_add", (), "login form form form"),
            Page("gallery", "pictures_gallery_change", (gallery,), "login form form form"),
            Page("delete gallery", "pictures_gallery_delete", (gallery,), "login 403 page page"),
            Page("gallery history", "pictures_gallery_history", (gallery,), "login page page page"),
            Page("choose a gallery", "pictures_gallery_choose", (), "login page page page"),
            Page(
                "make a gallery, without POST", "pictures_gallery_make", (), "login 405 405 405"
            ),
        ]  # fmt: skip
        # Accounts, roles and lockouts: superusers only, or an editor could make themselves
        # one, or unlock an account someone is guessing the password of.
        for model, pk, add in (
            ("auth_user", self.other_writer.pk, "form"),
            ("auth_group", self.group.pk, "form"),
            ("axes_accessattempt", self.attempt.pk, "403"),
            ("axes_accesslog", self.access.pk, "403"),
            ("axes_accessfailurelog", self.failure.pk, "403"),
        ):
            pages += [
                Page(f"{model} list", f"{model}_changelist", (), "login 403 403 page"),
                Page(f"new {model}", f"{model}_add", (), f"login 403 403 {add}"),
                Page(f"{model} record", f"{model}_change", (pk,), "login 403 403 form"),
                Page(f"delete {model}", f"{model}_delete", (pk,), "login 403 403 page"),
                Page(f"{model} history", f"{model}_history", (pk,), "login 403 403 page"),
            ]
        # The background worker's task results (notifications sent or failed): read-only,
        # for superusers; nobody adds, changes or deletes them by hand.
        model, pk = "django_tasks_database_dbtaskresult", self.task_result.id
        pages += [
            Page("task results", f"{model}_changelist", (), "login 403 403 page"),
            Page("new task result", f"{model}_add", (), "login 403 403 403"),
            Page("task result", f"{model}_change", (pk,), "login 403 403 page"),
            Page("delete task result", f"{model}_delete", (pk,), "login 403 403 403"),
            Page("task result history", f"{model}_history", (pk,), "login 403 403 page"),
        ]
        return pages

    def previews(self):
        ahead = timezone.localtime(now() + hours(25)).strftime("%Y-%m-%dT%H:%M")
        home, news = reverse("home"), reverse("articles:list")
        own, others = self.own_draft.get_absolute_url(), self.others_draft.get_absolute_url()
        staff, nobody, looking_ahead = (
            "404 shown shown shown",
            "404 " * 4,
            "hidden shown shown shown",
        )
        return [
            Preview("own draft", own, "Mina's secret draft", staff),
            Preview("another's draft", others, "Jun's secret draft", staff),
            Preview("in review", self.in_review.get_absolute_url(), "Mina's story in", staff),
            Preview("scheduled", self.scheduled.get_absolute_url(), "Embargoed till", staff),
            Preview("unpublished", self.unpublished.get_absolute_url(), "Pulled story", staff),
            Preview("in the trash", self.binned.get_absolute_url(), "Binned draft", nobody),
            Preview("old address of a draft", "/news/jun-old-address/", "Jun's", "404 301 301 301"),
            Preview("home, ahead", f"{home}?as_of={ahead}", "Embargoed till", looking_ahead),
            Preview("story list, ahead", f"{news}?as_of={ahead}", "Embargoed till", looking_ahead),
            Preview("live link", self.live_link.get_absolute_url(), "Jun's secret", "shown " * 4),
            Preview("revoked link", self.revoked_link.get_absolute_url(), "Jun's secret", nobody),
            Preview("expired link", self.expired_link.get_absolute_url(), "Jun's secret", nobody),
            Preview("link, story trashed", self.binned_link.get_absolute_url(), "Binned", nobody),
        ]  # fmt: skip

    def stories(self):
        """Targets for story actions, made afresh for each role."""
        writer, other = self.writer, self.other_writer
        return {
            "own draft": lambda: self.story(writer),
            "another's draft": lambda: self.story(other),
            "own story in review": lambda: self.story(writer, S.IN_REVIEW),
            "another's story in review": lambda: self.story(other, S.IN_REVIEW),
            "own published story": lambda: self.story(writer, S.PUBLISHED),
            "own unpublished story": lambda: self.story(writer, S.UNPUBLISHED),
        }

    def actions(self):
        """Each admin action, posted confirmed from its changelist, as a crafted POST would."""

        def acting(what, model, action, make, read, done, expected, **extra):
            def send(client, target):
                data = {"action": action, "_selected_action": [target.pk], "confirm": "yes"}
                return client.post(url(f"{model}_changelist"), {**data, "post": "yes", **extra})

            return Request(what, make, send, read, done, expected, covers=(model, action))

        def tags_to_merge():
            n = next(_serial)
            story = make_article(tags=[f"Teaser {n}", f"Teasers {n}"])
            return [*story.tags.order_by("pk"), f"Merged {n}", story]

        def merge(client, tags):
            client.post(
                url("taggit_tag_changelist"),
                {"action": "render_tag_form", "_selected_action": [t.pk for t in tags[:2]]},
            )
            return client.post(url("taggit_tag_merge_tags"), {"new_tag_name": tags[2]})

        def tags_of(tags):
            return sorted(tags[3].tags.names())

        def merged(tags):
            return [tags[2]]

        def new_log():
            return AccessLog.objects.create(username="mina")

        def galleries_of(picture):
            return Gallery.objects.filter(items__image=picture).count()

        def withdrawn(picture):
            return fresh(picture).hidden

        def withdrawn_picture():
            return make_picture(hidden=True)

        def new_failure():
            return AccessFailureLog.objects.create(username="mina", locked_out=False)

        stories = self.stories()
        moves = [  # (action, on, the story's status after it)
            ("submit_for_review", "own draft", S.IN_REVIEW, "login done done done"),
            ("submit_for_review", "another's draft", S.IN_REVIEW, "login ignored done done"),
            ("publish_now", "own draft", S.PUBLISHED, "login ignored done done"),
            ("publish_now", "own story in review", S.PUBLISHED, "login ignored done done"),
            ("unpublish", "own published story", S.UNPUBLISHED, "login ignored done done"),
            ("return_to_draft", "own story in review", S.DRAFT, "login done done done"),
            ("return_to_draft", "another's story in review", S.DRAFT, "login ignored done done"),
            ("return_to_draft", "own unpublished story", S.DRAFT, "login ignored done done"),
        ]
        trashing = [  # delete_selected moves stories to the trash
            ("own draft", "login done done done"),
            ("another's draft", "login 403 done done"),
            ("own published story", "login 403 done done"),
        ]
        deleting = [  # delete_selected deletes the record
            ("articles_trashedarticle", self.binned_story, "login 403 ignored done"),
            ("articles_transition", self.workflow_step, "login 403 ignored ignored"),
            ("artists_artist", make_artist, "login ignored done done"),
            ("articles_byline", self.new_byline, "login ignored done done"),
            ("artists_label", self.new_label, "login ignored done done"),
            ("artists_release", make_release, "login ignored done done"),
            ("taggit_tag", self.new_tag, "login ignored done done"),
            ("pictures_image", make_picture, "login ignored done done"),
            ("pictures_gallery", self.new_gallery, "login ignored done done"),
            ("auth_user", make_user, "login 403 403 done"),
            ("auth_group", self.new_group, "login 403 403 done"),
            ("axes_accessattempt", self.sign_in_attempt, "login 403 403 done"),
            ("axes_accesslog", new_log, "login 403 403 done"),
            ("axes_accessfailurelog", new_failure, "login 403 403 done"),
        ]
        story = "articles_article"
        return [
            *(
                acting(f"{action}: {on}", story, action, stories[on], status, after, expected)
                for action, on, after, expected in moves
            ),
            acting(
                "schedule: own draft", story, "schedule", stories["own draft"], status_and_time,
                (S.PUBLISHED, LATER), "login ignored done done",
                publish_at=timezone.localtime(LATER).strftime("%Y-%m-%dT%H:%M"),
            ),
            *(
                acting(f"trash: {on}", story, "delete_selected", stories[on], trashed, True, expect)
                for on, expect in trashing
            ),
            *(
                acting(f"delete: {model}", model, "delete_selected", make, exists, False, expected)
                for model, make, expected in deleting
            ),
            acting(
                "restore from the trash", "articles_trashedarticle", "restore",
                self.binned_story, trashed, False, "login 403 done done",
            ),
            Request(
                "merge tags on every story", tags_to_merge, merge, tags_of, merged,
                "login 403 done done", covers=("taggit_tag", "render_tag_form"),
            ),
            acting(
                "make a gallery of a picture", "pictures_image", "make_gallery", make_picture,
                galleries_of, 1, "login done done done",
            ),
            acting(
                "withdraw a picture", "pictures_image", "withdraw", make_picture,
                withdrawn, True, "login ignored done done",
            ),
            acting(
                "put a picture back", "pictures_image", "put_back", withdrawn_picture,
                withdrawn, False, "login ignored done done",
            ),
            # A fresh attempt is not expired: the clean-up leaves it.
            acting(
                "clear expired lockouts", "axes_accessattempt", "cleanup_expired_attempts",
                self.sign_in_attempt, exists, True, "login 403 403 done",
            ),
        ]  # fmt: skip

    def crafted(self):
        """Forms and custom views posted directly, whatever the page offered the role."""

        def change(model, **overrides):
            """An editor's whole form, with `overrides`, posted by the role."""

            def send(client, target):
                address = url(f"{model}_change", target.pk)
                values = {
                    k: v.format(pk=target.pk) if isinstance(v, str) else v
                    for k, v in overrides.items()
                }
                if model == "articles_article":
                    superuser = self.client_as("superuser")
                    return client.post(address, change_form_data(superuser, target, **values))
                return client.post(address, self.admin_form(address, **values))

            return send

        def add(model, fields):
            def send(client, key):
                address = url(f"{model}_add")
                values = {k: v.format(key=key) for k, v in fields.items()}
                return client.post(address, self.admin_form(address, **values))

            return send

        def delete(model):
            def send(client, target):
                return client.post(url(f"{model}_delete", target.pk), {"post": "yes"})

            return send

        def restore_first(client, target):
            first = target.history.order_by("history_id").first()
            return client.post(url("articles_article_restore", target.pk, first.history_id))

        def share(client, target):
            return client.post(url("articles_article_share", target.pk), {"hours": 72})

        def revoke(client, target):
            return client.post(url("articles_article_share", target.pk), {"revoke": "yes"})

        def autosave(client, target):
            data = {"body": "Typed, not saved.", "base_version": target.version}
            return client.post(url("articles_article_autosave", target.pk), data)

        def preview(client, target):
            return client.post(url("articles_article_preview", target.pk), {"headline": "New"})

        def post_entry(client, target):
            return client.post(url("articles_article_live", target.pk), {"body": "Doors open."})

        def delete_entry(client, entry):
            address = url("articles_article_live_entry", entry.article_id, entry.pk)
            return client.post(address, {"action": "delete"})

        def entries_of(story):
            return story.live_entries.shown().count()

        def with_entry(make):
            def make_entry():
                return entry_post(article=make(), body="Posted.", by=self.editor)

            return make_entry

        def heartbeat(client, target):
            return client.post(url("articles_article_presence", target.pk))

        def autosaved(story):
            return list(Autosave.objects.filter(article=story).values_list("fields", flat=True))

        def present(story):
            return Presence.objects.filter(article=story).count()

        def post_published(client, key):
            data = {
                "headline": key, "slug": key, "dek": "A standfirst.", "body": "Words.",
                "status": S.PUBLISHED, **publication_time(LATER), "artists": [self.artist.pk],
                "bylines": [byline_of(self.editor).pk],
            }  # fmt: skip
            return client.post(url("articles_article_add"), data)

        def import_copy(client, key):  # as a person would: the form first, with its token
            form = client.get(url("articles_article_import")).content.decode()
            token = re.search(r'name="token" value="([^"]+)"', form)
            data = {"copy": f"{key}\n\nWords.", "token": token[1] if token else ""}
            return client.post(url("articles_article_import"), data)

        def set_password(client, target):
            return client.post(url("auth_user_password_change", target.pk), new_password)

        def scheduled_soon():
            return self.story(self.writer, S.PUBLISHED, published_at=now() + hours(3))

        def linked(make):
            def make_linked():
                story = make()
                share_link_create(article=story, by=self.editor)
                return story

            return make_linked

        def posted_story(key):
            return Article.everything.filter(slug=key).values_list("status", flat=True).first()

        def imported(key):
            story = Article.everything.filter(headline=key).first()
            return story and (story.status, story.created_by is not None)

        def found(model, field):
            return lambda key: model._default_manager.filter(**{field: key}).exists()

        def field(name):
            return lambda obj: getattr(fresh(obj), name)

        def kind_of(key):
            return Byline.objects.filter(slug=key).values_list("kind", flat=True).first() or "none"

        def renamed(obj):
            return f"Renamed {obj.pk}"

        def shared(story):
            return ShareLink.objects.filter(article=story).count()

        def live_links(story):
            return ShareLink.objects.filter(article=story).live().count()

        def password_is_new(user):
            return fresh(user).check_password(NEW_PASSWORD)

        def permissions(group):
            return list(fresh(group).permissions.values_list("pk", flat=True))

        stories, key, story = self.stories(), self.new_key, "articles_article"
        publish = [Permission.objects.get(codename="publish_article").pk]
        later = publication_time(LATER)
        new_password = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        editing = [  # (story, what its headline rewritten, or trashing it, does)
            ("own draft", "login done done done"),
            ("another's draft", "login 403 done done"),
            ("own story in review", "login 403 done done"),
            ("own published story", "login 403 done done"),
        ]
        named = {"name": "{key}", "slug": "{key}"}
        titled = {"title": "{key}", "slug": "{key}"}
        released = {**titled, "release_at_0": "2030-01-01", "release_at_1": "18:00:00"}
        records = [  # (changelist, make one, field renamed, a new one, who adds), editors keep
            ("artists_artist", make_artist, "name", named, "login 403 done done"),
            ("artists_label", self.new_label, "name", named, "login 403 done done"),
            ("artists_release", make_release, "title", released, "login 403 done done"),
            ("taggit_tag", self.new_tag, "name", named, "login done done done"),
            ("articles_byline", self.new_byline, "name", named, "login done done done"),
        ]
        return [
            # The change form, posted with fields the role's form leaves out.
            Request(
                "publish own draft by posting a status", stories["own draft"],
                change(story, status=S.PUBLISHED, **later), status_and_time,
                (S.PUBLISHED, LATER), "login ignored done done",
            ),
            Request(
                "retime a scheduled story", scheduled_soon, change(story, **later),
                status_and_time, (S.PUBLISHED, LATER), "login 403 done done",
            ),
            Request(
                "post a new story as published", key, post_published, posted_story,
                S.PUBLISHED, f"login {S.DRAFT} done done",
            ),
            *(
                Request(
                    f"rewrite the headline: {on}", stories[on],
                    change(story, headline="Renamed {pk}"), field("headline"), renamed, expected,
                )
                for on, expected in editing
            ),
            *(
                Request(f"trash: {on}", stories[on], delete(story), trashed, True, expected)
                for on, expected in editing
            ),
            # The story tools.
            Request(
                "restore a revision: own draft", self.revised(self.writer), restore_first,
                field("body"), "First words.", "login done done done",
            ),
            Request(
                "restore a revision: another's draft", self.revised(self.other_writer),
                restore_first, field("body"), "First words.", "login 403 done done",
            ),
            *(
                Request(f"share: {on}", stories[on], share, shared, 1, "login 403 done done")
                for on in ("own draft", "another's draft")
            ),
            Request(
                "revoke share links", linked(stories["another's draft"]), revoke, live_links, 0,
                "login 403 done done",
            ),
            # The story form's writing tools: the preview saves nothing, for anyone.
            *(
                Request(
                    f"autosave: {on}", stories[on], autosave, autosaved,
                    [{"body": "Typed, not saved."}], expected,
                )
                for on, expected in editing
            ),
            Request(
                "preview: another's draft", stories["another's draft"], preview,
                field("headline"), None, "login ignored ignored ignored",
            ),
            # The live desk: posting is editing the story.
            *(
                Request(f"live entry: {on}", stories[on], post_entry, entries_of, 1, expected)
                for on, expected in editing
            ),
            Request(
                "delete a live entry: another's draft", with_entry(stories["another's draft"]),
                delete_entry, lambda entry: fresh(entry).deleted_at is not None, True,
                "login 403 done done",
            ),
            Request(
                "heartbeat: another's draft", stories["another's draft"], heartbeat, present, 1,
                "login ignored done done",
            ),
            Request(
                "import copy as drafts", key, import_copy, imported, (S.DRAFT, True),
                "login done done done",
            ),
            # The workflow log and the trash.
            Request(
                "rewrite a workflow step", self.workflow_step,
                change("articles_transition", to_status=S.PUBLISHED), field("to_status"),
                S.PUBLISHED, "login 403 403 403",
            ),
            Request(
                "delete a workflow step", self.workflow_step, delete("articles_transition"),
                exists, False, "login 403 403 403",
            ),
            Request(
                "delete a story for good", self.binned_story, delete("articles_trashedarticle"),
                exists, False, "login 403 403 done",
            ),
            # Artists, labels, releases and tags: writers only read them, and add tags.
            *(
                request
                for model, make, name, fields, adds in records
                for request in (
                    Request(
                        f"rename: {model}", make, change(model, **{name: "Renamed {pk}"}),
                        field(name), renamed, "login 403 done done",
                    ),
                    Request(
                        f"add: {model}", key, add(model, fields),
                        found(apps.get_model(*model.split("_", 1)), "slug"), True, adds,
                    ),
                    Request(
                        f"delete: {model}", make, delete(model), exists, False,
                        "login 403 done done",
                    ),
                )
            ),
            # Staff bylines come from accounts: editors make them, writers only contributors.
            Request(
                "add a staff byline", key, add("articles_byline", {**named, "kind": "staff"}),
                kind_of, "staff", "login none done done",
            ),
            # Accounts, roles and lockouts.
            Request(
                "make someone a superuser", make_user, change("auth_user", is_superuser="on"),
                field("is_superuser"), True, "login 403 403 done",
            ),
            Request(
                "set someone's password", make_user, set_password, password_is_new, True,
                "login 403 403 done",
            ),
            Request(
                "add an account", key,
                add("auth_user", {"username": "{key}", **new_password}),
                found(get_user_model(), "username"), True, "login 403 403 done",
            ),
            Request(
                "let a group publish", self.new_group, change("auth_group", permissions=publish),
                permissions, publish, "login 403 403 done",
            ),
            Request(
                "add a group", key, add("auth_group", {"name": "{key}"}), found(Group, "name"),
                True, "login 403 403 done",
            ),
            Request(
                "unlock an account", self.sign_in_attempt, delete("axes_accessattempt"), exists,
                False, "login 403 403 done",
            ),
        ]  # fmt: skip

    # The checks.

    def assert_request(self, row):
        for role, expected in zip(ROLES, row.expected.split(), strict=True):
            with self.subTest(row.what, role=role):
                target = row.make()
                was, before = row.read(target), snapshot()
                got = outcome(row.send(self.client_as(role), target))
                if expected in REFUSALS:
                    self.assertEqual(got, expected)
                    self.assertEqual(snapshot(), before, "a refused request changed something")
                    continue
                self.assertIn(got, ("page", "form", "redirect"), "the request was refused")
                if expected == "ignored":
                    self.assertEqual(row.read(target), was, "the request took effect")
                elif expected == "done":
                    done = row.done(target) if callable(row.done) else row.done
                    self.assertEqual(row.read(target), done)
                else:
                    self.assertEqual(row.read(target), expected)

    def test_every_admin_page_answers_each_role_as_its_role_allows(self):
        for page in self.admin_pages():
            address = url(page.name, *page.args, query=page.query)
            for role, expected in zip(ROLES, page.expected.split(), strict=True):
                with self.subTest(page.what, role=role):
                    self.assertEqual(outcome(self.client_as(role).get(address)), expected)

    def test_anonymous_posts_to_every_admin_page_change_nothing(self):
        client = Client()
        for page in self.admin_pages():
            with self.subTest(page.what):
                before = snapshot()
                address = url(page.name, *page.args, query=page.query)
                self.assertEqual(outcome(client.post(address, {"post": "yes"})), "login")
                self.assertEqual(snapshot(), before)

    def test_previews_show_unpublished_stories_to_staff_and_share_link_holders_only(self):
        for preview in self.previews():
            for role, expected in zip(ROLES, preview.expected.split(), strict=True):
                with self.subTest(preview.what, role=role):
                    response = self.client_as(role).get(preview.address)
                    shown = preview.headline in response.content.decode()
                    if expected == "shown":
                        self.assertEqual((response.status_code, shown), (200, True))
                        self.assertIn("no-store", response["Cache-Control"])
                    elif expected == "hidden":
                        self.assertEqual((response.status_code, shown), (200, False))
                    elif expected == "301":
                        self.assertEqual(response.status_code, 301)
                        self.assertEqual(response["Location"], self.others_draft.get_absolute_url())
                    else:
                        self.assertEqual((response.status_code, shown), (404, False))

    def test_admin_actions_do_only_what_each_role_allows(self):
        for row in self.actions():
            self.assert_request(row)

    def test_crafted_posts_change_only_what_each_role_allows(self):
        for row in self.crafted():
            self.assert_request(row)

    def test_the_matrix_covers_every_admin_page_and_action(self):
        pages = {page.name for page in self.admin_pages()}
        actions = {row.covers for row in self.actions()}
        request = RequestFactory().get("/")
        for model, model_admin in admin.site._registry.items():
            prefix = f"{model._meta.app_label}_{model._meta.model_name}"
            for pattern in model_admin.get_urls():
                if pattern.name:
                    with self.subTest(page=pattern.name):
                        self.assertIn(pattern.name, pages)
            for user in self.users.values():
                request.user = user
                for action in model_admin.get_actions(request):
                    with self.subTest(changelist=prefix, action=action):
                        self.assertIn((prefix, action), actions)
