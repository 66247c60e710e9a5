from django.urls import path

from . import views

app_name = "artists"
urlpatterns = [
    path("artists/", views.artist_list, name="list"),
    path("artists/<slug:slug>/", views.artist_detail, name="detail"),
    path("releases/", views.release_list, name="releases"),
    path("releases/<slug:slug>/", views.release_detail, name="release"),
]
