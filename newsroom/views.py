"""Site-wide pages."""

from django.shortcuts import render

from articles.models import Article
from artists.models import Release

LATEST_ON_HOME = 12
UPCOMING_ON_HOME = 6


def home(request):
    stories = list(Article.objects.published().for_cards()[: LATEST_ON_HOME + 1])
    context = {
        "lead": stories[0] if stories else None,
        "latest": stories[1:],
        "upcoming": Release.objects.upcoming().for_cards()[:UPCOMING_ON_HOME],
    }
    return render(request, "newsroom/home.html", context)
