from django.urls import path

from articles.feeds import ArtistStories, ReleaseStories, atom

from . import views

app_name = "artists"
urlpatterns = [
    path("artists/", views.artist_list, name="list"),
    path("artists/<slug:slug>/", views.artist_detail, name="detail"),
    path("artists/<slug:slug>/feed/", ArtistStories(), name="feed"),
    path("artists/<slug:slug>/feed/atom/", atom(ArtistStories)(), name="feed_atom"),
    path("artists/<slug:slug>/releases.ics", views.artist_ics, name="artist_ics"),
    path("releases/", views.release_list, name="releases"),
    # Before the release pattern, which would take "upcoming" for a slug.
    path("releases/upcoming/", views.release_calendar, name="calendar"),
    path("releases/calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("releases/<slug:slug>/", views.release_detail, name="release"),
    path("releases/<slug:slug>/feed/", ReleaseStories(), name="release_feed"),
    path("releases/<slug:slug>/feed/atom/", atom(ReleaseStories)(), name="release_feed_atom"),
]
