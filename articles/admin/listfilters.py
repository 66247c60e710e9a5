"""Story-list filters for lists too long to print: an artist or a release typed by name.

Django's related-object filter links every choice: with 2,000 artists and 10,000 releases the
story list carried 12,006 links (860 KB of its 940 KB). These filters are a box instead; any
of an artist's names finds them (stage name, Hangul, birth name, alias), else part of one.
"""

from django.utils.translation import gettext_lazy as _

from artists.models import Artist, Release
from artists.names import name_key
from common.admin import TypedFilter


class NamedFilter(TypedFilter):
    def queryset(self, request, queryset):
        text = (self.value() or "").strip()
        if not text:
            return None
        found = list(self.named([name_key(text)]))
        found = found or list(self.model.objects.filter(**{self.partial: text})[:50])
        return queryset.about(*self.about(found))


class ArtistFilter(NamedFilter):
    title = _("artist")
    parameter_name = "artist_name"
    placeholder = _("Name, Hangul or alias")
    model, partial = Artist, "name__icontains"

    def named(self, keys):
        return Artist.objects.named(keys)

    def about(self, artists):
        return artists, []


class ReleaseFilter(NamedFilter):
    title = _("release")
    parameter_name = "release_title"
    placeholder = _("Title")
    model, partial = Release, "title__icontains"

    def named(self, keys):
        return Release.objects.titled(keys)

    def about(self, releases):
        return [], releases
