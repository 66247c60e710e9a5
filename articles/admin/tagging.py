"""Tags typed with suggestions: the story form's tag box completes each tag from those already
in use (static/articles/tags.js), asking the endpoint here as the writer types."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import reverse
from taggit.forms import TagWidget

from ..models import tags_starting

SUGGESTIONS = 10  # a short list to pick from by keyboard or thumb; more letters narrow it


class TagSuggestions(TagWidget):
    """taggit's comma-separated box, plus the address of the suggestions. Without JavaScript
    it is the plain box."""

    class Media:
        css = {"all": ["articles/tags.css"]}
        js = ["articles/tags.js"]

    def __init__(self, attrs=None):
        super().__init__({"class": "vTextField", **(attrs or {})})  # as wide as the other boxes

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-suggestions": reverse("admin:articles_article_tag_suggestions"),
                "autocomplete": "off",  # the browser's own list would cover ours
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        )
        return context


def tag_suggestions_view(model_admin, request):
    """{"tags": [name, …]}: existing tags starting with ?q=, in any case, most used first."""
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    prefix = request.GET.get("q", "").strip()
    return JsonResponse({"tags": tags_starting(prefix, SUGGESTIONS) if prefix else []})
