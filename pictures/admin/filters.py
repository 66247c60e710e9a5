"""The library's filters: where a picture came from, whom it shows, what its licence allows,
whether it is used and described."""

import datetime as dt

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.admin import TypedFilter

from ..models import ARTIST_NAMES, EXPIRY_WARNING_DAYS, Image, local_today


class ArtistFilter(TypedFilter):
    """Pictures showing an artist typed by any of their names: a box, not a link per artist
    (there are thousands)."""

    title = _("artist shown")
    parameter_name = "artist"
    placeholder = _("Name, Hangul or alias")

    def queryset(self, request, queryset):
        text = (self.value() or "").strip()
        if not text:
            return None
        named = Q()
        for name in ARTIST_NAMES:
            named |= Q(**{f"artist__{name}__icontains": text})
        shown = Image.artists.through.objects.filter(named).values("image_id")
        return queryset.filter(pk__in=shown)


class RightsFilter(admin.SimpleListFilter):
    title = _("licence")
    parameter_name = "licence"

    def lookups(self, request, model_admin):
        return [
            ("expiring", _("Ends within %(days)d days") % {"days": EXPIRY_WARNING_DAYS}),
            ("expired", _("Ended")),
            ("restricted", _("Restricted")),
            ("editorial", _("Editorial use only")),
            ("withdrawn", _("Withdrawn")),
        ]

    def queryset(self, request, queryset):
        today = local_today()
        chosen = {
            "expiring": lambda: queryset.expiring(today=today),
            "expired": lambda: queryset.expired(today=today),
            "restricted": lambda: queryset.exclude(restrictions=""),
            "editorial": lambda: queryset.filter(editorial_only=True),
            "withdrawn": lambda: queryset.filter(hidden=True),
        }.get(self.value())
        return chosen() if chosen else None


class UseFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [
            ("used", _("Used")),
            ("unused", _("Not used")),
            ("undescribed", _("Needs alt text")),
            ("mine", _("Uploaded by me")),
            ("recent", _("Uploaded in the last 24 hours")),
        ]

    def queryset(self, request, queryset):
        chosen = {
            "used": queryset.in_use,
            "unused": queryset.unused,
            "undescribed": queryset.undescribed,
            "mine": lambda: queryset.filter(uploaded_by=request.user),
            "recent": lambda: queryset.filter(uploaded_at__gte=_hours_ago(24)),
        }.get(self.value())
        return chosen() if chosen else None


def _hours_ago(hours):
    return timezone.now() - dt.timedelta(hours=hours)
