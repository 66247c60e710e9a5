"""The site's template filters: dates and times as a K-pop desk writes them ("24 May 2024,
1 PM KST"), people, bylines and JSON-LD blocks."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import byline_url as _byline_url
from common import formats
from common.structured_data import to_script

register = template.Library()

register.filter("when", formats.when)
register.filter("clock", formats.clock)
register.filter("person", formats.person)
register.filter("iso", formats.iso)


@register.filter
def byline_url(user):
    """The page of a writer's published stories."""
    return _byline_url(user)


@register.simple_tag
def json_ld(data):
    """A JSON-LD block; the JSON is escaped so no string in it can close the script element."""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(to_script(data)))
