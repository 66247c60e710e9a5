"""`{% story_card article %}` (or `featured=True` for the lead): a story's card, rendered once.

A card shows nothing but its own story's fields, so each process keeps the HTML it rendered,
keyed by exactly those fields: an edit, a new image or new renditions make a new key and the
old copy ages out. Nothing needs purging, and a page of twenty cards costs twenty lookups
instead of twenty template renders.
"""

import threading
from collections import OrderedDict

from django import template
from django.template.loader import render_to_string
from django.utils import timezone, translation

register = template.Library()

# Everything includes/article_card.html reads from the story; its picture is the library's,
# which changes its `updated_at` with every edit (a new file, focal point or renditions).
CARD_FIELDS = ("pk", "slug", "headline", "dek", "published_at", "hero_id", "live")
KEPT = 5000  # cards kept per process (about 1 KB each), the least recently used dropped first

_cards = OrderedDict()
_lock = threading.Lock()


def card_key(article, featured):
    """Everything the card's HTML depends on, the zone and language it is written in too."""
    values = [getattr(article, name) for name in CARD_FIELDS]
    context = (timezone.get_current_timezone_name(), translation.get_language())
    hero = article.hero
    picture = (hero.updated_at, hero.is_shown()) if hero else ()
    return repr((bool(featured), *context, *values, *picture))


@register.simple_tag
def story_card(article, featured=False):
    key = card_key(article, featured)
    with _lock:
        html = _cards.get(key)
        if html is not None:
            _cards.move_to_end(key)
            return html
    html = render_to_string(
        "includes/article_card.html", {"article": article, "featured": featured}
    )
    with _lock:
        _cards[key] = html
        while len(_cards) > KEPT:
            _cards.popitem(last=False)
    return html
