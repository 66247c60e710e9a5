from django.urls import path, register_converter
from django.urls.converters import SlugConverter

from . import views
from .feeds import LatestStories, LiveEntries, TagStories, atom


class TagSlugConverter(SlugConverter):
    """Tag slugs keep their letters, Hangul included ("컴백"): taggit makes them with
    allow_unicode, and a link to a tag must never fail to build."""

    regex = r"[-\w]+"


register_converter(TagSlugConverter, "tag")
app_name = "articles"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", LatestStories(), name="feed"),
    path("feed/atom/", atom(LatestStories)(), name="feed_atom"),
    path("tags/<tag:slug>/", views.tag_detail, name="tag"),
    path("tags/<tag:slug>/feed/", TagStories(), name="tag_feed"),
    path("tags/<tag:slug>/feed/atom/", atom(TagStories)(), name="tag_feed_atom"),
    path("preview/<str:token>/", views.shared_preview, name="shared"),
    # Also answers the old /by/<account number>-<name>/ addresses, with a redirect.
    path("by/<slug:slug>/", views.byline_detail, name="byline"),
    path("<slug:slug>/live.json", views.live_updates, name="live_updates"),
    path("<slug:slug>/live/feed/", LiveEntries(), name="live_feed"),
    # What a story page's script posts once it is read: two segments, so no story's address.
    path("<int:pk>/read/", views.read, name="read"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
