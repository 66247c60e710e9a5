"""Schema.org `NewsArticle` for a story page: Google News needs it."""

from django.conf import settings

from artists.structured_data import artist_ref, release_ref
from common.structured_data import CONTEXT, image_urls, iso, publisher
from pictures.references import placeholders
from pictures.structured_data import gallery_data, image_object

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


def article_data(article, absolute, shown=None):
    """`NewsArticle` for a story (bylines prefetched); `absolute` makes a URL absolute.
    `shown`: its library pictures and galleries (pictures.embedding.Shown), each named with
    its credit as `associatedMedia` and `hasPart`."""
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
        "inLanguage": settings.LANGUAGE_CODE,
        "isAccessibleForFree": True,
        **(_media(article, absolute, shown) if shown else {}),
    }


def _media(article, absolute, shown):
    """The story's own pictures with their credits (the hero, those in the body) and its
    galleries (the lead one, those in the body)."""
    hero = shown.images.get(article.hero_id)
    pictures = [(hero, article.hero_caption)] if hero and hero.is_shown() else []
    inserted = placeholders(article.body_html)
    pictures += [
        (shown.images[pk], "")
        for pk in inserted["picture"]
        if pk in shown.images and shown.images[pk].is_shown()
    ]
    galleries = [article.lead_gallery_id, *inserted["gallery"]]
    galleries = [shown.galleries[pk] for pk in dict.fromkeys(galleries) if pk in shown.galleries]
    parts = [data for data in (gallery_data(g, absolute) for g in galleries) if data]
    return {
        "associatedMedia": [image_object(image, absolute, caption) for image, caption in pictures],
        "hasPart": parts,
    }
