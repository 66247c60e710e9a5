"""The site's template filters: dates and times as a K-pop desk writes them ("24 May 2024,
1 PM KST"), people and JSON-LD blocks; and the parts of a story page the page cache
keeps apart: the story's own parts and the "More on" boxes under it."""

from django import template
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.views import story_parts
from common import formats
from common.http import allow_sources, listing, shows, tags_of
from common.structured_data import to_script

from ..cachestore import fragment

register = template.Library()

register.filter("when", formats.when)
register.filter("clock", formats.clock)
register.filter("person", formats.person)
register.filter("iso", formats.iso)


@register.simple_tag
def json_ld(data):
    """A JSON-LD block; the JSON is escaped so no string in it can close the script element."""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(to_script(data)))


@register.simple_tag(takes_context=True)
def story_part(context, article, name):
    """One part of a story page (`articles.views.story_parts`). The parts are made once per
    page and kept as a fragment of the page cache until the story or anything it names
    changes; what they show, and the sources their embeds need the page's policy to allow,
    are recorded on the request for the page. Previews and share links always make them
    anew."""
    key = ("story_parts", article.pk)
    if key not in context.render_context:
        request = context["request"]

        def make():
            return story_parts(request, article)

        if context.get("preview"):
            parts, tags = make()
        else:
            fragment_key = f"story:{request.get_host()}:{article.pk}"
            known = [article.cache_tag, *([article.live_cache_tag] if article.live else [])]
            parts, tags = fragment(fragment_key, known, make)
        shows(request, *tags)
        allow_sources(request, parts.get("csp"))
        context.render_context[key] = parts
    part = context.render_context[key][name]
    return mark_safe(part) if isinstance(part, str) else part


@register.simple_tag(takes_context=True)
def more_on(context, article, lists=None):
    """The "More on" boxes under a story (`Article.more_on`), kept as a fragment of the page
    cache until a story joins or leaves those lists or a story in them changes
    (newsroom.cachestore.fragment), so a story page's miss usually skips two queries and a
    dozen cards. `lists`: the tags of the lists they draw from, when the story's parts
    already say. What the boxes show is recorded on the request for the page."""
    if lists is None:
        lists = [listing(tag) for tag in tags_of([*article.releases.all(), *article.artists.all()])]
    if not lists:
        return ""

    def make():
        prefetch_related_objects([article], "releases", "artists")
        releases_box, artists_box = article.more_on()
        html = render_to_string(
            "includes/more_on.html",
            {"article": article, "releases_box": releases_box, "artists_box": artists_box},
        )
        return html, tags_of([*releases_box, *artists_box])

    html, tags = fragment(f"more-on:{article.pk}", lists, make)
    if (request := context.get("request")) is not None:
        shows(request, *tags)
    return mark_safe(html)
