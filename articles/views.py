from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from taggit.models import Tag

from .filters import ArticleFilter
from .models import Article

PER_PAGE = 20


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def can_preview(user):
    """Staff who may edit stories may read them before they are public."""
    return user.is_active and user.is_staff and user.has_perm("articles.change_article")


def article_list(request):
    filterset = ArticleFilter(request.GET, queryset=Article.objects.published().for_cards())
    context = {"filter": filterset, "page_obj": _page(request, filterset.qs)}
    return render(request, "articles/article_list.html", context)


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.prefetch_related("authors", "artists", "releases", "tags"), slug=slug
    )
    preview = not article.is_published()
    if preview and not can_preview(request.user):
        raise Http404("No story found")
    more_on_releases = list(article.more_on_releases())
    context = {
        "article": article,
        "preview": preview,
        "more_on_releases": more_on_releases,
        "more_on_artists": article.more_on_artists(exclude=[a.pk for a in more_on_releases]),
    }
    response = render(request, "articles/article_detail.html", context)
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    stories = Article.objects.published().filter(tags=tag).for_cards()
    context = {"tag": tag, "page_obj": _page(request, stories)}
    return render(request, "articles/tag_detail.html", context)
