import django_filters
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
    )
    release = django_filters.ModelChoiceFilter(
        label=_("Release"),
        queryset=Release.objects.all(),
        to_field_name="slug",
        method="filter_release",
    )
    tag = django_filters.CharFilter(label=_("Tag"), field_name="tags__slug")

    class Meta:
        model = Article
        fields = ["artist", "release", "tag"]

    def filter_artist(self, queryset, name, value):
        return queryset.about_artists([value])

    def filter_release(self, queryset, name, value):
        return queryset.filter(releases=value)
