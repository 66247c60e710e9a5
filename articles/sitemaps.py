"""Sitemaps of stories and of the tags published stories carry, and what the Google News
sitemap lists. Stories come from `published()`, always."""

import datetime as dt

from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from common.sitemaps import Sitemap

from .models import Article

# Google News reads only articles published in the last two days, at most 1,000 per sitemap.
NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_LIMIT = 1000


class StorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return (
            Article.objects.published()
            .filter(noindex=False)  # kept out of search engines: out of the sitemaps too
            .only("slug", "published_at", "updated_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return max(item.updated_at, item.published_at)

    def get_latest_lastmod(self):
        latest = Article.objects.published().aggregate(
            updated=Max("updated_at"), published=Max("published_at")
        )
        return max(filter(None, latest.values()), default=None)


class TagSitemap(Sitemap):
    """Tags that published stories carry, last modified when the newest of them came out."""

    changefreq = "daily"

    def items(self):
        return list(
            Article.objects.published()
            .filter(tags__isnull=False)
            .values("tags__slug")
            .annotate(lastmod=Max("published_at"))
            .order_by("tags__slug")
        )

    def location(self, item):
        return reverse("articles:tag", kwargs={"slug": item["tags__slug"]})

    def lastmod(self, item):
        return item["lastmod"]

    def get_latest_lastmod(self):
        return (
            Article.objects.published()
            .filter(tags__isnull=False)
            .aggregate(latest=Max("published_at"))["latest"]
        )


def news_stories(now=None):
    """What the Google News sitemap lists: stories published in the last two days."""
    now = now or timezone.now()
    return (
        Article.objects.published(now=now)
        .filter(published_at__gte=now - NEWS_WINDOW, noindex=False)
        .only("slug", "headline", "published_at")
        .order_by("-published_at", "-pk")[:NEWS_LIMIT]
    )


def news_latest(now=None):
    """When the newest story of the Google News sitemap came out; None while it lists none."""
    newest = news_stories(now).first()
    return newest.published_at if newest else None
