"""Schema.org `NewsArticle` for a story page: Google News needs it."""

from django.conf import settings

from artists.structured_data import artist_ref, release_ref
from common.structured_data import CONTEXT, image_urls, iso, publisher

# Google asks for news images in 16:9, 4:3 and 1:1.
NEWS_IMAGE_CROPS = ("wide", "standard", "square")


def article_data(article, absolute, byline_url):
    """`NewsArticle` for a story; `absolute` makes a URL absolute, `byline_url` a user's."""
    url = absolute(article.get_absolute_url())
    modified = max(filter(None, [article.updated_at, article.published_at]), default=None)
    return {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.search_description or None,
        "image": image_urls(article.hero_picture, absolute, NEWS_IMAGE_CROPS),
        "datePublished": iso(article.published_at),
        "dateModified": iso(modified),
        "author": [
            {
                "@type": "Person",
                "name": author.get_full_name() or author.get_username(),
                "url": absolute(byline_url(author)),
            }
            for author in article.authors.all()
        ]
        or [{"@type": "Organization", "name": settings.SITE_NAME}],
        "publisher": publisher(absolute),
        "about": [artist_ref(a, absolute) for a in article.artists.all()]
        + [release_ref(r, absolute) for r in article.releases.all()],
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": settings.NEWS_LANGUAGE,
        "isAccessibleForFree": True,
    }
