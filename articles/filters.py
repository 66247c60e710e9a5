import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from artists.models import Artist, Release

from .models import Article


class ArticleFilter(django_filters.FilterSet):
    """Filters for the public story list; the queryset it gets is already `published()`."""

    artist = django_filters.ModelChoiceFilter(
        label=_("Artist"),
        queryset=Artist.objects.all(),
        to_field_name="slug",
        method="filter_artist",
        widget=forms.HiddenInput,
    )
    release = django_filters.ModelChoiceFilter(
        label=_("Release"),
        queryset=Release.objects.all(),
        to_field_name="slug",
        method="filter_release",
        widget=forms.HiddenInput,
    )
    tag = django_filters.CharFilter(
        label=_("Tag"), field_name="tags__slug", widget=forms.HiddenInput
    )

    # Readers arrive here through links ("All stories about RM"), so the page shows the active
    # filters as removable chips instead of dropdowns listing the whole catalogue.

    class Meta:
        model = Article
        fields = ["artist", "release", "tag"]

    def active(self):
        """(label, value, query string without it) for each filter that applies."""
        if not self.is_bound or not self.form.is_valid():
            return []
        return [
            (self.filters[name].label, value, self._without(name))
            for name, value in self.form.cleaned_data.items()
            if value
        ]

    def _without(self, name):
        query = self.data.copy()
        for key in (name, "page"):
            query.pop(key, None)
        return f"?{query.urlencode()}" if query else "?"

    def filter_artist(self, queryset, name, value):
        return queryset.about_artists([value])

    def filter_release(self, queryset, name, value):
        return queryset.filter(releases=value)
