"""Release calendars in iCalendar format (RFC 5545), for readers to subscribe to in their
calendar app."""

import datetime as dt

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from common.formats import when
from common.http import absolute
from common.text import single_line

EVENT_LENGTH = dt.timedelta(hours=1)
# How often calendar apps should fetch the feed again (RFC 7986 and the older Microsoft name);
# release times move when agencies reschedule, so a day would be too long.
REFRESH = dt.timedelta(hours=6)


def calendar_response(request, releases, *, name, uid):
    """`releases` as an .ics file; `uid` names the calendar itself and must stay the same.
    Ids end in settings.ID_AUTHORITY, never in the Host a request came with: a reader who
    subscribed through another address must not get every release twice."""
    host = settings.ID_AUTHORITY
    stamp = timezone.now().replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Release calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("uid", f"{uid}@{host}")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    # RFC 5545 wants at least one component: a calendar with nothing coming out would be
    # refused by strict apps. The zone the site shows times in is one, and names the zone of
    # X-WR-TIMEZONE for the apps that read it.
    calendar.add_component(Timezone.from_tzid(settings.TIME_ZONE))
    for release in releases:
        calendar.add_component(release_event(release, stamp, host))
    return HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")


def release_event(release, stamp, host):
    start = release.release_at.astimezone(dt.UTC)
    url = absolute(release.get_absolute_url())
    event = Event()
    # The primary key, not the slug, so an event survives an editor fixing the title.
    event.add("uid", f"release-{release.pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + EVENT_LENGTH)
    event.add("summary", release_summary(release))
    event.add(
        "description", _("Out %(when)s.\n%(url)s") % {"when": when(release.release_at), "url": url}
    )
    event.add("url", url)
    return event


def release_summary(release):
    """The event's title: "RM — Right Place, Wrong Person (Studio album)"."""
    parts = {
        "credit": single_line(release.credit),  # a line break would end the calendar line
        "title": single_line(release.title),
        "kind": release.get_kind_display(),
    }
    if not parts["credit"]:
        return _("%(title)s (%(kind)s)") % parts
    return _("%(credit)s — %(title)s (%(kind)s)") % parts
