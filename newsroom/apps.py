"""The project's app, and every signal that ties the apps together.

Two things happen whenever anything the public site shows is saved, however it is saved (the
admin, its inlines and m2m widgets, an import, a command): its text is tidied before it is
stored (common/text.py), and the cached pages that show it are purged after the commit
(newsroom/purges.py).
Receivers are connected here, in one place, never as a side effect of importing a module.
"""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
    pre_save,
)


def _sync_roles(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


def _bump(sender, **kwargs):
    from .cachestore import bump

    bump()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin on the project's own site (newsroom/adminsite.py)."""

    default = False  # named in INSTALLED_APPS; NewsroomConfig is this module's default
    default_site = "newsroom.adminsite.NewsroomAdminSite"


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from django.core import checks

        from .checks import public_address

        checks.register(public_address, checks.Tags.security, deploy=True)
        # post_migrate fires once per app, after that app's permissions exist; syncing on each
        # keeps the roles complete whatever the order of INSTALLED_APPS.
        post_migrate.connect(_sync_roles, dispatch_uid="newsroom-sync-roles")
        connect_text_tidying()
        connect_page_cache()
        connect_bylines()
        plug_in_read_counts()
        connect_embeds()


def connect_text_tidying():
    """Text fields are tidied before every save of a model the public site shows."""
    from taggit.models import Tag

    from articles.models import Article, Byline, LiveEntry, Note
    from artists.models import Alias, Artist, Label, Release, ReleaseLink, Track
    from common.text import tidy_before_saving
    from pictures.models import Gallery, GalleryItem, Image

    models = (Article, Byline, Note, LiveEntry, Artist, Alias, Label, Release, Track, Tag)
    models += (Image, Gallery)
    for model in (*models, GalleryItem, ReleaseLink):
        pre_save.connect(
            tidy_before_saving, sender=model, dispatch_uid=f"tidy-text-{model.__name__}"
        )


def connect_page_cache():
    """Purge the cached pages that show what changed (newsroom/purges.py). Signals, not calls
    in each workflow: the admin's inlines, m2m widgets, imports and commands all save
    through them."""
    from taggit.models import Tag, TaggedItem

    from articles.embeds import embed_fetched
    from articles.models import Article, ArticleByline, Byline, FormerSlug, LiveEntry, Note
    from artists.models import (
        Alias,
        Artist,
        Label,
        Membership,
        Release,
        ReleaseCredit,
        ReleaseLink,
        Track,
    )
    from pictures.models import Gallery, GalleryItem, Image
    from pictures.signals import renditions_remade

    from . import purges

    def on_change(receiver, *models):
        for model in models:
            name = f"{receiver.__name__}-{model.__name__}"
            post_save.connect(receiver, sender=model, dispatch_uid=f"pages-save-{name}")
            post_delete.connect(receiver, sender=model, dispatch_uid=f"pages-del-{name}")

    pre_save.connect(purges.story_before_save, sender=Article, dispatch_uid="pages-story-before")
    post_save.connect(purges.story_saved, sender=Article, dispatch_uid="pages-story-save")
    pre_delete.connect(purges.story_before_delete, sender=Article, dispatch_uid="pages-pre-del")
    post_delete.connect(purges.story_deleted, sender=Article, dispatch_uid="pages-story-del")
    for through in (Article.artists.through, Article.releases.through, Article.bylines.through):
        m2m_changed.connect(
            purges.story_links_changed, sender=through, dispatch_uid=f"pages-m2m-{through.__name__}"
        )
    on_change(purges.story_part_changed, Note, FormerSlug)
    on_change(purges.live_entry_changed, LiveEntry)
    on_change(purges.tagging_changed, TaggedItem)
    on_change(purges.tag_changed, Tag)
    on_change(purges.byline_changed, Byline)
    on_change(purges.byline_link_changed, ArticleByline)
    on_change(purges.catalogue_saved, Artist, Release)
    on_change(purges.catalogue_part_changed, Alias, Membership, ReleaseCredit, Track, ReleaseLink)
    on_change(purges.label_changed, Label)
    on_change(purges.picture_changed, Image)
    pre_delete.connect(purges.picture_before_delete, sender=Image, dispatch_uid="pages-pic-del")
    on_change(purges.gallery_changed, Gallery, GalleryItem)
    pre_delete.connect(purges.gallery_before_delete, sender=Gallery, dispatch_uid="pages-gal-del")
    # The renditions command rewrites rows in place, which no save reports.
    renditions_remade.connect(_bump, dispatch_uid="pages-renditions")
    # The worker stored a post's oEmbed answer: the page that asked for it shows it now.
    embed_fetched.connect(purges.embed_fetched, dispatch_uid="pages-embed-fetched")


def connect_bylines():
    """A staff account has a byline, named as the account is (articles/bylines.py): accounts
    are made and renamed in Django's own admin and by commands, which no workflow of ours
    sees, so the byline follows every save of one."""
    from django.contrib.auth import get_user_model

    from articles.bylines import account_before_save, account_saved

    User = get_user_model()
    pre_save.connect(account_before_save, sender=User, dispatch_uid="byline-account-before")
    post_save.connect(account_saved, sender=User, dispatch_uid="byline-account-save")


def connect_embeds():
    """A story's posts on social platforms are fetched by the worker, queued after each save
    of the story (articles/embeds.py) or of an entry of its live coverage."""
    from articles.embeds import embed_fetched, queue_story_embeds
    from articles.live import queue_entry_embeds, show_fetched_post
    from articles.models import Article, LiveEntry

    post_save.connect(queue_story_embeds, sender=Article, dispatch_uid="embeds-story-save")
    post_save.connect(queue_entry_embeds, sender=LiveEntry, dispatch_uid="embeds-entry-save")
    embed_fetched.connect(show_fetched_post, dispatch_uid="embeds-entry-fetched")


def plug_in_read_counts():
    """Story reads are counted in Redis when the cache is Redis (newsroom/readstore.py),
    behind the page cache's circuit breaker; articles/counting.py keeps them in the database
    without it, or while Redis is down."""
    from articles.counting import plug_in

    from .readstore import RedisReads

    plug_in(RedisReads())
