"""Site-wide pages."""

from django.shortcuts import render

from articles.models import Article
from articles.views import as_of, private
from artists.models import Release

LATEST_ON_HOME = 12
UPCOMING_ON_HOME = 6


def home(request):
    moment = as_of(request)
    stories = list(Article.objects.published(now=moment).for_cards()[: LATEST_ON_HOME + 1])
    context = {
        "lead": stories[0] if stories else None,
        "latest": stories[1:],
        "upcoming": Release.objects.upcoming(now=moment).for_cards()[:UPCOMING_ON_HOME],
        "as_of": moment,
    }
    response = render(request, "newsroom/home.html", context)
    return private(response) if moment else response
