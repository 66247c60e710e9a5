from django.urls import path

from . import views
from .feeds import LatestStories, TagStories, atom

app_name = "articles"
urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", LatestStories(), name="feed"),
    path("feed/atom/", atom(LatestStories)(), name="feed_atom"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag"),
    path("tags/<slug:slug>/feed/", TagStories(), name="tag_feed"),
    path("tags/<slug:slug>/feed/atom/", atom(TagStories)(), name="tag_feed_atom"),
    path("preview/<str:token>/", views.shared_preview, name="shared"),
    path("by/<int:pk>-<slug:slug>/", views.byline, name="byline"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
