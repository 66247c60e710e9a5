"""The chooser the story form opens (pictures/static/pictures/chooser.js): the library's
pictures, or its galleries, searched and paged as small HTML pieces the dialog shows."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from ..models import Gallery
from .display import flags, thumbnail_html

PER_PAGE = 24


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def choose_pictures(model_admin, request):
    """Pictures a story may show (none withdrawn), newest first or found by `q`."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    rows = model_admin.model.objects.filter(hidden=False).search(query)
    page = _page(request, rows)
    context = {
        "page": page,
        "query": query,
        "cards": [(image, flags(image), thumbnail_html(image)) for image in page.object_list],
    }
    return TemplateResponse(request, "admin/pictures/chooser/pictures.html", context)


def choose_galleries(model_admin, request):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    rows = Gallery.objects.prefetch_related("items__image")
    if query:
        rows = rows.filter(title__icontains=query)
    page = _page(request, rows)
    galleries = [
        (gallery, [thumbnail_html(item.image, 48) for item in list(gallery.items.all())[:4]])
        for gallery in page.object_list
    ]
    context = {"page": page, "query": query, "galleries": galleries}
    return TemplateResponse(request, "admin/pictures/chooser/galleries.html", context)
