"""Schema.org `NewsArticle` for a story page: Google News needs it."""

from django.conf import settings

from artists.structured_data import artist_ref, release_ref
from common.structured_data import CONTEXT, image_urls, iso, publisher

# Google asks for news images in 16:9, 4:3 and 1:1.
NEWS_IMAGE_CROPS = ("wide", "standard", "square")


def byline_ref(byline, absolute):
    """A byline as schema.org names it: a `Person`, or for a partner outlet an
    `Organization`; `sameAs` its own profiles elsewhere."""
    data = {
        "@type": "Organization" if byline.is_outlet else "Person",
        "name": byline.name,
        "url": absolute(byline.get_absolute_url()),
    }
    if byline.link_list:
        data["sameAs"] = byline.link_list
    return data


def byline_data(byline, absolute):
    """`ProfilePage` for a byline's page, about the person or outlet."""
    about = byline_ref(byline, absolute)
    if byline.bio:
        about["description"] = byline.bio
    if byline.photo:
        about["image"] = image_urls(byline.photo_picture, absolute, ("square",))[0]
    return {"@context": CONTEXT, "@type": "ProfilePage", "mainEntity": about}


def article_data(article, absolute):
    """`NewsArticle` for a story (bylines prefetched); `absolute` makes a URL absolute."""
    url = absolute(article.get_absolute_url())
    modified = max(filter(None, [article.updated_at, article.published_at]), default=None)
    return {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.headline,
        "description": article.search_description or None,
        "image": image_urls(
            article.hero_picture or article.share_picture, absolute, NEWS_IMAGE_CROPS
        ),
        "datePublished": iso(article.published_at),
        "dateModified": iso(modified),
        "author": [byline_ref(byline, absolute) for byline in article.bylines_in_order]
        or [{"@type": "Organization", "name": settings.SITE_NAME}],
        "publisher": publisher(absolute),
        "about": [artist_ref(a, absolute) for a in article.artists.all()]
        + [release_ref(r, absolute) for r in article.releases.all()],
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": settings.NEWS_LANGUAGE,
        "isAccessibleForFree": True,
    }
