"""Dates and times as a K-pop desk writes them: "24 May 2024, 1 PM KST"."""

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import byline_url as _byline_url
from newsroom.structured_data import to_script

register = template.Library()


def _clock(local):
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes} {dateformat.format(local, 'A')} {local.tzname()}"


@register.filter
def when(value):
    """Date and time in the site's zone, with the zone named: "24 May 2024, 1 PM KST"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{dateformat.format(local, 'j F Y')}, {_clock(local)}"


@register.filter
def clock(value):
    """Time of day with the zone named: "1 PM KST"."""
    return _clock(timezone.localtime(value)) if value else ""


@register.filter
def person(user):
    """A user as colleagues know them: full name, else username; a dash for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


@register.filter
def iso(value):
    """ISO 8601 with offset, for <time datetime> and structured data."""
    return timezone.localtime(value).isoformat() if value else ""


@register.filter
def byline_url(user):
    """The page of a writer's published stories."""
    return _byline_url(user)


@register.simple_tag
def json_ld(data):
    """A JSON-LD block; the JSON is escaped so no string in it can close the script element."""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(to_script(data)))
