"""Site-wide pages."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render

from articles import mostread
from articles.filters import SearchFilter
from articles.models import Article
from articles.search import highlight, snippet
from articles.sitemaps import news_stories
from articles.views import as_of
from artists.models import Release
from common.http import (
    CATALOGUE,
    SEARCH,
    STORIES,
    absolute,
    keep_for,
    private,
    shows,
    tags_of,
)
from common.pagination import page_of
from common.structured_data import website_data

from .sitemaps import index_entries

LATEST_ON_HOME = 12
UPCOMING_ON_HOME = 6
SEARCH_PER_PAGE = 20
NAMED_ON_SEARCH = 4
FOUND_UP_TO = 1000
SEARCH_CACHE_SECONDS = 60


def home(request):
    moment = as_of(request)
    stories = list(Article.objects.published(now=moment).for_cards()[: LATEST_ON_HOME + 1])
    context = {
        "lead": stories[0] if stories else None,
        "latest": stories[1:],
        "upcoming": Release.objects.upcoming(now=moment).for_cards()[:UPCOMING_ON_HOME],
        "most_read": mostread.on_home(),
        "as_of": moment,
        "structured_data": website_data(absolute),
    }
    response = render(request, "newsroom/home.html", context)
    if moment:
        return private(response)
    shows(response, STORIES, CATALOGUE, *tags_of(stories), *tags_of(context["most_read"]))
    return keep_for(response, mostread.MOST_READ_SECONDS)  # articles/mostread.py says why


def search(request):
    """Stories, artists and releases for a reader's query; only published stories, ever."""
    text = request.GET.get("q", "")
    results = Article.objects.published().search(text)
    filterset = SearchFilter(request.GET, queryset=results.matched)
    searched = bool(results.query) or filterset.is_narrowed()
    # Counted up to a limit: "1,000+ stories" is as useful as the exact figure, and cheap.
    found = results.newest(filterset.qs, FOUND_UP_TO + 1) if searched else []
    stories = results.rank(Article.objects.published().filter(pk__in=found))
    stories = stories.defer("body", "search_text", "search_vector")
    page = page_of(stories, request.GET.get("page"), SEARCH_PER_PAGE)
    terms = results.query.terms()
    for article in page:
        article.headline_marked = highlight(article.headline, terms)
        article.snippet = snippet(article, terms)
    context = {
        "q": text,
        "query": results.query,
        "artists": results.artists[:NAMED_ON_SEARCH],
        "releases": results.releases[:NAMED_ON_SEARCH],
        "filter": filterset,
        "searched": searched,
        "page_obj": page,
        "found": len(found),
        "found_up_to": FOUND_UP_TO,
    }
    # Search pages carry the stories they list, so an edit of one shows at once; whether an
    # edit makes a story match other words shows within SEARCH_CACHE_SECONDS (a new story, a
    # takedown or a new tag purges every search at once).
    response = shows(render(request, "newsroom/search.html", context), SEARCH, CATALOGUE)
    return keep_for(shows(response, *tags_of(page)), SEARCH_CACHE_SECONDS)


def sitemap_index(request):
    """Every sitemap, at the site's public address (newsroom/sitemaps.py)."""
    context = {"sitemaps": index_entries()}
    return render(request, "sitemap_index.xml", context, content_type="application/xml")


def news_sitemap(request):
    """The Google News sitemap: the last two days of stories, with the publication's name."""
    context = {
        "stories": news_stories(),
        "base": settings.SITE_URL,
        "language": settings.NEWS_LANGUAGE,
    }
    return render(request, "sitemaps/news.xml", context, content_type="application/xml")


def robots_txt(request):
    context = {"base": settings.SITE_URL}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def locked_out(request, credentials, *args, **kwargs):
    """What django-axes shows after too many failed sign-ins for one account and address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"minutes": minutes, "site_header": admin.site.site_header}
    return render(request, "registration/locked_out.html", context, status=429)
