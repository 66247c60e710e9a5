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
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag", widget=forms.HiddenInput)

    # Readers arrive here through links ("All stories about RM"), so the page shows these
    # filters as removable chips instead of dropdowns listing the whole catalogue.
    CHIPS = ("artist", "release", "tag")

    class Meta:
        model = Article
        fields = ["artist", "release", "tag"]

    def active(self):
        """(label, value, query string without it) for each chip filter that applies."""
        if not self.is_bound or not self.form.is_valid():
            return []
        data = self.form.cleaned_data
        return [
            (self.filters[name].label, data[name], self._without(name))
            for name in self.CHIPS
            if data.get(name)
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

    def filter_tag(self, queryset, name, value):
        return queryset.tagged(value)


class SearchFilter(ArticleFilter):
    """Filters on the search page: kind and dates in a visible form, the rest as chips."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind of release"),
        choices=Release.Kind.choices,
        empty_label=_("Any kind"),
        method="filter_kind",
    )
    published = django_filters.DateFromToRangeFilter(
        label=_("Published"),
        field_name="published_at",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    class Meta(ArticleFilter.Meta):
        fields = [*ArticleFilter.Meta.fields, "kind", "published"]

    def is_narrowed(self):
        """Whether any filter applies, so that a search without words still lists stories."""
        return self.form.is_valid() and any(self.form.cleaned_data.values())

    def filter_kind(self, queryset, name, value):
        links = Article.releases.through.objects.filter(release__kind=value)
        return queryset.filter(pk__in=links.values("article_id"))
