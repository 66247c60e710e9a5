"""`{% picture %}`: responsive `<picture>` markup from a row's recorded renditions."""

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def picture(image, crop="original", *, sizes="100vw", alt="", loading="lazy", fetchpriority=None):
    """WebP for browsers that take it, JPEG for the rest, at the sizes made for `crop`:

        {% picture article.hero_picture "wide" sizes="(min-width: 720px) 360px, 100vw" %}

    `image` is a pictures.renditions.Picture (nothing is printed for None). The width and height
    attributes give the crop's shape, so the page does not jump as images arrive. Images
    above the fold take loading="eager" fetchpriority="high"; alt="" suits an image beside
    a link that already says what it shows.
    """
    if image is None:
        return ""
    width, height = image.dimensions(crop)
    webp = image.srcset(crop, "webp")
    source = format_html('<source type="image/webp" srcset="{}" sizes="{}">', webp, sizes)
    attrs = {
        "src": image.default(crop).url,
        "srcset": image.srcset(crop, "jpeg"),
        "sizes": sizes,
        "width": width,
        "height": height,
        "alt": alt or "",
        "loading": loading,
        "fetchpriority": fetchpriority,
        "decoding": "async",
    }
    # An empty alt is kept: it tells screen readers the image adds nothing to the link.
    kept = {
        name: value for name, value in attrs.items() if value not in (None, "") or name == "alt"
    }
    return format_html("<picture>{}<img{}></picture>", source if webp else "", flatatt(kept))
