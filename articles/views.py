import re

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from common.http import STORIES, absolute, fresh_for, listing, private, shows, tags_of
from common.pagination import page_of
from common.structured_data import social_image
from pictures.embedding import Shown, gallery_html, picture_html

from .bylines import prefetch_bylines
from .counting import count_request
from .coverage import Coverage, live_data
from .embeds import Embeds, fill_embeds
from .filters import ArticleFilter
from .models import Article, Byline, FormerSlug, public_tags, tag_cache_tag
from .services import share_link_open
from .structured_data import article_data, byline_data

PER_PAGE = 20
FORMER_BYLINE = re.compile(r"([0-9]+)-")
DETAIL_RELATED = ("artists", "releases", "tags", "notes")  # and the bylines, in order
HERO_SIZES = "(min-width: 752px) 720px, 100vw"


def _page(request, queryset):
    return page_of(queryset, request.GET.get("page"), PER_PAGE)


def can_preview(user):
    """Staff who may edit stories may read them before they are public."""
    return user.is_active and user.is_staff and user.has_perm("articles.change_article")


def as_of(request):
    """The moment a member of staff asked to see the site at (?as_of=2030-05-24T13:00, KST);
    None for everyone else, who always sees now."""
    value = request.GET.get("as_of")
    if not value or not can_preview(request.user):
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:  # well formed but impossible: 30 February, 25 o'clock
        return None
    if moment is None:
        return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def article_list(request):
    moment = as_of(request)
    stories = Article.objects.published(now=moment).for_cards()
    filterset = ArticleFilter(request.GET, queryset=stories)
    page = _page(request, filterset.qs)
    context = {"filter": filterset, "page_obj": page, "as_of": moment}
    response = render(request, "articles/article_list.html", context)
    return private(response) if moment else shows(response, STORIES, *tags_of(page))


def story_parts(request, article):
    """The parts of a story page that depend on the story alone, as {name: piece}: "meta"
    (its description), "social" (Open Graph tags and JSON-LD), "story" (the article itself),
    "lists" (the tags of the lists its More on boxes draw from) and "csp" (the sources its
    embeds need the Content-Security-Policy to allow); with the cache tags of
    everything they show. The page cache keeps them as a fragment (newsroom's `story_part`
    template tag), so a story page purged for its More on boxes, or asked for by a signed-in
    reader, renders none of this again."""
    prefetch_related_objects([article], prefetch_bylines(), *DETAIL_RELATED)
    shown = Shown.of_html(article.body_html, [article.hero_id], [article.lead_gallery_id])
    coverage = Coverage.of(article, article.body_html) if article.is_live_coverage else None
    embeds = coverage.embeds if coverage else Embeds.of_html(article.body_html)
    if article.hero_id:
        article.hero = shown.images.get(article.hero_id)
    structured_data = article_data(article, absolute, shown)
    if coverage is not None:
        structured_data.update(live_data(article, coverage, absolute))
    context = {
        "article": article,
        "structured_data": structured_data,
        "share_image": social_image(article.share_picture, absolute, article.share_alt),
        "live_html": coverage.part_html() if coverage else "",
        **story_pictures(article, shown, embeds),
    }
    templates = {"meta": "story_meta", "social": "story_social", "story": "story"}
    parts = {
        name: render_to_string(f"articles/includes/{template}.html", context)
        for name, template in templates.items()
    }
    artists, releases = article.artists.all(), article.releases.all()
    parts["lists"] = [listing(tag) for tag in tags_of([*releases, *artists])]
    # What the page's Content-Security-Policy allows for its embeds (newsroom's story_part).
    parts["csp"] = coverage.csp if coverage else embeds.csp
    tags = {
        article.cache_tag,
        *shown.cache_tags,
        *tags_of(artists),
        *tags_of(releases),
        *(tag_cache_tag(tag.pk) for tag in article.tags.all()),
        *tags_of(article.bylines_in_order),
        *(coverage.cache_tags if coverage else ()),
    }
    return parts, tags


def story_pictures(article, shown, embeds=None):
    """The story's pictures as its page prints them: the hero (with the story's own caption,
    if it has one), the lead gallery and the body with its pictures and galleries filled in,
    and its posts on social platforms (`embeds`, articles/embeds.py)."""
    hero = shown.images.get(article.hero_id)
    return {
        "hero_html": picture_html(
            hero, article.hero_caption, sizes=HERO_SIZES, eager=True, css_class="story__hero"
        ),
        "lead_gallery_html": gallery_html(shown.galleries.get(article.lead_gallery_id)),
        "body_html": fill_embeds(shown.fill(article.body_html), embeds),
    }


def _detail(request, article, **extra):
    response = render(request, "articles/article_detail.html", {"article": article, **extra})
    # What the story names is recorded by its parts, the More on boxes record their own.
    return shows(response, article.cache_tag)


def story_preview(request, article, **extra):
    """A story page for staff before it is public, or for its unsaved text, and for share
    links: rendered afresh, never cached, never indexed."""
    return private(_detail(request, article, preview=True, **extra))


def article_detail(request, slug):
    # What the story names is fetched only when its parts are made (`story_parts`).
    article = Article.objects.defer("search_text", "search_vector").filter(slug=slug).first()
    if article is None:
        return _former_address(request, slug)
    if article.is_published():
        return _detail(request, article)
    if not can_preview(request.user):
        raise Http404("No story found")
    return story_preview(request, article)


def live_updates(request, slug):
    """What a live story's page polls: its coverage's state and latest changes (articles/
    coverage.py). The same answer for every reader, kept by the page cache until the next
    entry; browsers ask again at each poll."""
    article = Article.objects.published().filter(slug=slug).exclude(live="").first()
    if article is None:
        raise Http404("No live coverage here")
    coverage = Coverage.changes(article)
    response = JsonResponse(coverage.payload())
    response["X-Robots-Tag"] = "noindex"
    # Its entries' pictures too: a picture withdrawn is taken out of the answer at once.
    return fresh_for(shows(response, *coverage.cache_tags, article.cache_tag), 0)


def _former_address(request, slug):
    """An old address of a story: a permanent redirect, if the visitor may see the story."""
    former = FormerSlug.objects.filter(slug=slug, article__deleted_at__isnull=True)
    former = former.select_related("article").first()
    if former is None or not (former.article.is_published() or can_preview(request.user)):
        raise Http404("No story found")
    return shows(redirect(former.article, permanent=True), former.article.cache_tag)


def shared_preview(request, token):
    """A draft shown to someone outside through a share link, exactly as readers will see it."""
    link = share_link_open(token)
    if link is None:
        response = render(request, "articles/share_link_invalid.html", status=404)
        return private(response)
    article = Article.objects.get(pk=link.article_id)
    return story_preview(request, article, share_link=link)


def tag_detail(request, slug):
    tag = get_object_or_404(public_tags(), slug=slug)
    stories = Article.objects.published().tagged(tag).for_cards()
    page = _page(request, stories)
    response = render(request, "articles/tag_detail.html", {"tag": tag, "page_obj": page})
    return shows(response, tag_cache_tag(tag.pk), listing(tag_cache_tag(tag.pk)), *tags_of(page))


def byline_detail(request, slug):
    """Who a byline is, and their published stories. A byline has a page once it signs a
    published story: one on drafts alone must not reveal who is working on what."""
    byline = Byline.objects.filter(slug=slug).first()
    if byline is None:
        return _former_byline_address(slug)
    page = _page(request, Article.objects.published().by(byline).for_cards())
    if not page.object_list:
        raise Http404("No stories by this byline")
    context = {
        "byline": byline,
        "page_obj": page,
        "structured_data": byline_data(byline, absolute),
        "share_image": social_image(byline.photo_picture, absolute, byline.name),
    }
    response = render(request, "articles/byline_detail.html", context)
    return shows(response, byline.cache_tag, listing(byline.cache_tag), *tags_of(page))


def _former_byline_address(slug):
    """/news/by/<account number>-<name>/, the address of a writer's page before bylines were
    records of their own: a permanent redirect to their byline's page, if it has one."""
    number = FORMER_BYLINE.match(slug)
    byline = Byline.objects.filter(user_id=number[1]).first() if number else None
    if byline is None or not Article.objects.published().by(byline).exists():
        raise Http404("No stories by this byline")
    return shows(redirect(byline, permanent=True), byline.cache_tag, listing(byline.cache_tag))


@csrf_exempt  # the cached story page is one copy for every reader, without a token
@require_POST
def read(request, pk):
    """One reader of story `pk`, posted by the story page's script (static/js/reads.js) and
    counted once an hour (articles/counting.py). POSTs pass the page cache untouched, and the
    answer forbids any cache to keep it. The same empty answer whether or not it counted."""
    count_request(request, pk)
    return private(HttpResponse(status=204))
