"""The admin site: Django's, with a byline picker that names bylines as the desk knows them.

Writers and editors may view bylines (newsroom/roles.py), so Django's autocomplete lets them
search them by name in the story form. Each result reads "Hana Seo (Staff)" or "Yuna Choi
(Photographer)", and two bylines of one name show their addresses: never anything about an
account (a username can be an e-mail address).
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils.translation import gettext_lazy as _

from articles.bylines import Byline
from articles.services import can_publish


class AutocompleteView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Byline):
            result["text"] = obj.picker_label
        return result


class NewsroomAdminSite(admin.AdminSite):
    def index(self, request, extra_context=None):
        """The front page is a desk: an editor's, or for those who cannot publish a writer's."""
        if not can_publish(request.user):
            extra_context = {"title": _("Writer's desk"), **(extra_context or {})}
        return super().index(request, extra_context)

    def autocomplete_view(self, request):
        return AutocompleteView.as_view(admin_site=self)(request)
