"""The admin site: Django's, with a byline picker everyone who writes stories may use.

Django's autocomplete asks for permission to view the model searched (users, for bylines),
which only superusers have: editors and writers got "The results could not be loaded" and
stories went out unsigned. For bylines, whoever may add or change stories may search active
staff by name; results show names (with the username, when it is not an e-mail address, to
tell two colleagues of one name apart), never e-mail addresses.
"""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model
from django.db.models import Q

from common.formats import colleague

BYLINES = ("articles", "article", "authors")  # app, model and field of a story's bylines


def byline_choices(term=""):
    """Staff who may be given a byline, matching every word of `term` in their names."""
    people = get_user_model().objects.filter(is_active=True, is_staff=True)
    for word in term.split():
        people = people.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    return people.order_by("first_name", "last_name", "username")


class AutocompleteView(AutocompleteJsonView):
    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        meta = source_field.model._meta
        self.bylines = (meta.app_label, meta.model_name, source_field.name) == BYLINES
        return term, model_admin, source_field, to_field_name

    def has_perm(self, request, obj=None):
        if self.bylines:
            user = request.user
            return user.has_perm("articles.add_article") or user.has_perm("articles.change_article")
        return super().has_perm(request, obj)

    def get_queryset(self):
        return byline_choices(self.term) if self.bylines else super().get_queryset()

    def serialize_result(self, obj, to_field_name):
        if self.bylines:
            return {"id": str(getattr(obj, to_field_name)), "text": colleague(obj)}
        return super().serialize_result(obj, to_field_name)


class NewsroomAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return AutocompleteView.as_view(admin_site=self)(request)
