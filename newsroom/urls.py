from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = f"{settings.SITE_NAME} admin"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsdesk"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("robots.txt", views.robots_txt, name="robots"),
    # Browsers ask for /favicon.ico wherever a page names no icon (the admin, a feed).
    # Lazy: the hashed name is known only once collectstatic has run.
    path("favicon.ico", RedirectView.as_view(url=lazy(static_url, str)("newsroom/icon.svg"))),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    # Before the section pattern, which would take "news" for a section.
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("news/", include("articles.urls")),
    path("", include("artists.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
