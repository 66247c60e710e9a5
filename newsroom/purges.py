"""What each change purges from the page cache: the receivers newsroom/apps.py connects.

A change purges the tags of what it touched (see common.http.shows for what pages carry), and
`any` (pages that name nothing in particular). A thing's own tag (`story-12`, `artist-3`) is
on every page that shows or names it; the tag of the stories listed under a thing
(`artist-3-stories`, common.http.listing) only on the pages listing them. So an edit of a
public story in place purges the pages showing it, and publishing, taking down or re-dating it
purges the lists it joins or leaves as well. A draft's saves purge nothing: no page shows it.
A change that takes something out of public view (unpublish, trash, back to draft, a deleted
story, artist, release or tag) is a *hard* purge of the pages that show it: not served again,
not even while another process renders them afresh.
"""

import datetime as dt

from django.db.models import Q
from django.db.models.signals import post_delete
from django.utils import timezone

from articles.live import live_cache_tag
from articles.models import Article, byline_cache_tag, tag_cache_tag
from artists.models import Artist, Membership, Release
from common.http import CATALOGUE, SEARCH, STORIES, listing
from pictures.models import Gallery, Image

from .cachestore import ANY, SCHEDULE, purge

# Saving any of these changes no page: a story's derived counters.
QUIET_FIELDS = {"fingerprint_count"}


def _quiet(kwargs):
    fields = kwargs.get("update_fields")
    return kwargs.get("raw") or (fields and set(fields) <= QUIET_FIELDS)


def _send(tags, hard=(), using=None):
    """Purge `tags` after the commit; those in `hard` may not be served stale."""
    hard = set(hard)
    if hard:
        purge(hard, hard=True, using=using)
    if set(tags) - hard:
        purge(set(tags) - hard, using=using)


# Stories


def story_before_save(sender, instance, raw=False, **kwargs):
    """Remember whether the story was public, or scheduled, before this save."""
    old = None if raw or instance.pk is None else Article.everything.filter(pk=instance.pk)
    old = old.only("status", "published_at", "deleted_at").first() if old is not None else None
    instance._was_public = bool(old and old.is_published())
    instance._was_published_at = old.published_at if old else None
    instance._was_scheduled = bool(
        old and old.status == old.Status.PUBLISHED and not old.is_published()
    )


def story_saved(sender, instance, **kwargs):
    """A story saved. An edit of a public story that stays public at the same time (a
    correction, a new standfirst) changes no list, only what shows it: its page and cards
    (`story-N`, which every page showing its card carries, search results included) and
    untagged pages. Publishing, taking down or re-dating it changes the lists it belongs to
    as well, and every search."""
    if _quiet(kwargs):
        return
    was_public, now_public = getattr(instance, "_was_public", False), instance.is_published()
    using = kwargs.get("using")
    moved = instance.published_at != getattr(instance, "_was_published_at", None)
    if was_public and now_public and not moved:
        _send({instance.cache_tag, ANY}, using=using)
    elif was_public or now_public:
        tags = {*instance.cache_tags(), ANY, SCHEDULE}
        # Taken out of view: every page that could show it is purged hard.
        taken_down = tags if was_public and not now_public else ()
        _send(tags, hard=taken_down, using=using)
    elif getattr(instance, "_was_scheduled", False) or instance.is_scheduled:
        _send({SCHEDULE}, using=using)


def story_before_delete(sender, instance, **kwargs):
    """Read what showed a public story while its links still exist (a delete removes them
    before post_delete)."""
    if instance.is_published():
        instance._shown_by = instance.cache_tags()


def story_deleted(sender, instance, **kwargs):
    tags = {instance.cache_tag, STORIES, ANY, *getattr(instance, "_shown_by", ())}
    _send(tags, hard=tags, using=kwargs.get("using"))


def _public(stories):
    return [story for story in stories if story.is_published()]


def story_links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A story's artists, releases or bylines changed (from either side of the link)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if reverse:  # artist.articles.add(story): `instance` is the artist, `pk_set` stories
        stories = _public(Article.everything.filter(pk__in=pk_set or ()))
        linked = [instance]
    else:
        stories = _public([instance])
        linked = model.objects.filter(pk__in=pk_set) if pk_set else []
    if not stories:
        return
    # The lists the stories belong to now (or, before a clear, belonged to), and the lists
    # of what was linked or unlinked.
    tags = {ANY, *(tag for story in stories for tag in story.cache_tags())}
    tags |= {listing(tag) for row in linked for tag in _link_tags(row)}
    _send(tags, using=kwargs.get("using"))


def _link_tags(row):
    """The tags whose lists gain or lose a story linked to `row`: an artist's and its
    groups', a release's family's, a byline's."""
    if isinstance(row, Artist):
        groups = Membership.objects.filter(member=row).values_list("group_id", flat=True)
        return [row.cache_tag, *(f"artist-{pk}" for pk in groups)]
    if isinstance(row, Release):
        return [release.cache_tag for release in Release.objects.family_of([row])]
    return [row.cache_tag]


def story_part_changed(sender, instance, **kwargs):
    """A correction note or a former address of a story."""
    story = Article.everything.filter(pk=instance.article_id).first()
    if not _quiet(kwargs) and story and story.is_published():
        _send({story.cache_tag, ANY}, using=kwargs.get("using"))


def live_entry_changed(sender, instance, **kwargs):
    """An entry of live coverage posted, corrected, pinned or deleted: only the live page and
    its endpoint and feed (`live-N`), never the lists that show the story's card. Deleting an
    entry is a hard purge: it is not served again, not even while the page renders afresh."""
    if _quiet(kwargs):
        return
    story = Article.everything.filter(pk=instance.article_id)
    story = story.only("status", "published_at", "deleted_at").first()
    if story is None or not story.is_published():
        return
    tag = instance.cache_tag
    gone = instance.deleted_at is not None or kwargs.get("signal") is post_delete
    _send({tag}, hard={tag} if gone else (), using=kwargs.get("using"))


def embed_fetched(sender, embed, article_pk, live=False, **kwargs):
    """The worker stored what a platform said of a post, and it changes what the story that
    asked for it prints: that story's page (`story-N`), and with `live` its live coverage
    (`live-N`). A soft purge: the page was fine before, only less complete."""
    story = Article.everything.filter(pk=article_pk)
    story = story.only("status", "published_at", "deleted_at").first()
    if story is None or not story.is_published():
        return
    _send({story.cache_tag, *([live_cache_tag(story.pk)] if live else [])})


def tagging_changed(sender, instance, **kwargs):
    """A tag put on, or taken off, a public story."""
    story = Article.everything.filter(pk=instance.object_id).first()
    if instance.content_type.model_class() is Article and story and story.is_published():
        tags = {listing(tag_cache_tag(instance.tag_id)), story.cache_tag, SEARCH, ANY}
        _send(tags, using=kwargs.get("using"))


def tag_changed(sender, instance, **kwargs):
    tag = tag_cache_tag(instance.pk)
    deleted = "created" not in kwargs  # post_delete sends no `created`
    hard = {tag, listing(tag)} if deleted else ()
    _send({tag, SEARCH, ANY, *hard}, hard=hard, using=kwargs.get("using"))


def byline_changed(sender, instance, **kwargs):
    """A byline renamed, given a bio or a photo, or deleted: its page and the stories it
    signs (their pages and JSON-LD name it)."""
    if _quiet(kwargs):
        return
    tag = instance.cache_tag
    deleted = "created" not in kwargs  # post_delete sends no `created`
    hard = {tag, listing(tag)} if deleted else ()
    _send({tag, ANY, *hard}, hard=hard, using=kwargs.get("using"))


def byline_link_changed(sender, instance, **kwargs):
    """A byline put on, taken off or moved on a public story: the story's pages and lists,
    and the byline's list of stories (read from the ids: on a cascade the story is gone)."""
    story = Article.everything.filter(pk=instance.article_id).first()
    if _quiet(kwargs) or story is None or not story.is_published():
        return
    tags = {*story.cache_tags(), listing(byline_cache_tag(instance.byline_id)), ANY}
    _send(tags, using=kwargs.get("using"))


# The catalogue


def catalogue_saved(sender, instance, **kwargs):
    """An artist or a release, saved or deleted (a deleted one is taken down)."""
    if _quiet(kwargs):
        return
    own = instance.cache_tags() - {CATALOGUE}  # it, and the group or album it is part of
    tags = {*own, *(listing(tag) for tag in own), CATALOGUE, SEARCH, ANY, SCHEDULE}
    deleted = "created" not in kwargs  # post_delete sends no `created`
    _send(tags, hard={instance.cache_tag} if deleted else (), using=kwargs.get("using"))


# The links an alias, membership, credit or track has, and the tags of what they link to.
PART_LINKS = {"artist_id": "artist", "group_id": "artist", "member_id": "artist"}
PART_LINKS["release_id"] = "release"


def catalogue_part_changed(sender, instance, **kwargs):
    """An alias, membership, credit, track or streaming link: the pages of the artists and
    releases it joins (read from the ids: on a cascade the rows they name are already gone)."""
    if _quiet(kwargs):
        return
    linked = {
        f"{kind}-{getattr(instance, field)}"
        for field, kind in PART_LINKS.items()
        if getattr(instance, field, None) is not None
    }
    if isinstance(instance, Membership):  # a group's lists hold its members' stories
        linked |= {listing(tag) for tag in linked}
    _send({CATALOGUE, SEARCH, ANY, *linked}, using=kwargs.get("using"))


def label_changed(sender, instance, **kwargs):
    """An agency or label: the pages of its artists and releases show its name."""
    artists = Artist.objects.filter(agency=instance).only("pk")
    releases = Release.objects.filter(label=instance).only("pk")
    tags = {CATALOGUE, ANY, *(row.cache_tag for row in [*artists, *releases])}
    _send(tags, using=kwargs.get("using"))


# The picture library


def picture_tags(image):
    """The tags of every page that prints library picture `image`: its own (story pages,
    which name every picture they print), and the stories, artists, releases and galleries
    showing it, whose cards and pages print it too."""
    galleries = list(image.gallery_items.values_list("gallery_id", flat=True))
    return {image.cache_tag, *gallery_users(galleries), *_picture_users(image)}


def _picture_users(image):
    stories = Article.everything.filter(Q(hero=image) | Q(body_pictures=image))
    return {
        *(f"story-{pk}" for pk in stories.values_list("pk", flat=True).distinct()),
        *(f"artist-{pk}" for pk in image.artist_photo_of.values_list("pk", flat=True)),
        *(f"release-{pk}" for pk in image.release_cover_of.values_list("pk", flat=True)),
    }


def gallery_users(galleries):
    """The tags of galleries `galleries` (numbers) and of the stories showing them."""
    stories = Article.everything.filter(
        Q(lead_gallery__in=galleries) | Q(body_galleries__in=galleries)
    )
    return {
        *(f"gallery-{pk}" for pk in galleries),
        *(f"story-{pk}" for pk in stories.values_list("pk", flat=True).distinct()),
    }


def picture_changed(sender, instance, **kwargs):
    """A library picture saved or deleted. Withdrawn, past its licence or deleted, it is
    taken down: the pages that printed it are purged hard, never served again. A new
    picture is on no page yet."""
    if kwargs.get("raw") or kwargs.get("created"):
        return
    deleted = "created" not in kwargs  # post_delete sends no `created`
    tags = {*getattr(instance, "_shown_by", set()), *picture_tags(instance), ANY}
    taken_down = deleted or not instance.is_shown()
    _send(tags, hard=tags - {ANY} if taken_down else (), using=kwargs.get("using"))


def picture_before_delete(sender, instance, **kwargs):
    """Read what showed the picture while its links still exist."""
    instance._shown_by = picture_tags(instance)


def gallery_changed(sender, instance, **kwargs):
    """A gallery, or a picture put in, taken out of or moved in one."""
    if kwargs.get("raw"):
        return
    gallery = instance.pk if isinstance(instance, Gallery) else instance.gallery_id
    tags = {*getattr(instance, "_shown_by", set()), *gallery_users([gallery]), ANY}
    _send(tags, using=kwargs.get("using"))


def gallery_before_delete(sender, instance, **kwargs):
    instance._shown_by = gallery_users([instance.pk])


def licence_ends_tags(since, now):
    """The tags of the pages printing a picture whose licence ended between the timestamps
    `since` and `now`: a licence ends at midnight in Korea after its last day."""
    ended = Image.objects.filter(
        licence_expires__gte=licence_day(since), licence_expires__lt=licence_day(now)
    )
    return {tag for image in ended for tag in picture_tags(image)}


def licence_day(timestamp):
    """The Korean date of a timestamp: a licence ending on it still runs that day."""
    moment = dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)
    return timezone.localdate(moment)


def next_licence_end(now):
    """The timestamp of the next midnight (KST) at which a licence ends, or None."""
    last_day = (
        Image.objects.filter(licence_expires__gte=timezone.localdate(now))
        .order_by("licence_expires")
        .values_list("licence_expires", flat=True)
        .first()
    )
    if last_day is None:
        return None
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(end).timestamp()
