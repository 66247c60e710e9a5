"""Dates, times and people as a K-pop desk writes them: "24 May 2024, 1 PM KST"."""

from django.utils import dateformat, timezone


def _clock(local):
    hour = local.hour % 12 or 12
    minutes = f":{local.minute:02d}" if local.minute else ""
    return f"{hour}{minutes} {dateformat.format(local, 'A')} {local.tzname()}"


def when(value):
    """Date and time in the site's zone, with the zone named: "24 May 2024, 1 PM KST"."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{dateformat.format(local, 'j F Y')}, {_clock(local)}"


def clock(value):
    """Time of day with the zone named: "1 PM KST"."""
    return _clock(timezone.localtime(value)) if value else ""


def iso(value):
    """ISO 8601 with offset, for <time datetime> and structured data."""
    return timezone.localtime(value).isoformat() if value else ""


def person(user):
    """A user as colleagues know them: full name, else username; a dash for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def colleague(user):
    """A user among colleagues who may share a name: "Hana Seo (hana)". The username is left
    out when it is an e-mail address, which a byline picker must not show."""
    name, username = person(user), user.get_username()
    return name if name == username or "@" in username else f"{name} ({username})"
