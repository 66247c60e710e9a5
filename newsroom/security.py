"""The Content-Security-Policy, with one allowance for the admin and one per page for embeds.

Django's admin (its widgets and our focal-point picker) sets inline styles, which a strict
`style-src` refuses. The admin alone may use them; its scripts stay as strict as the public
site's, and the public site allows no inline style at all.

A page showing a post embedded from a social platform allows that platform's script and
frames, and only that page: a view, or a template tag, records them on the response or the
request (`common.http.allow_sources`). The page cache, outside this middleware, keeps each
page with its own policy."""

from dataclasses import replace

from csp.middleware import CSPMiddleware
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.urls import Resolver404, resolve

ADMIN = "/admin/"
ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        updates = [parts.update, None if report_only else getattr(request, "_csp_update", None)]
        if request.path_info.startswith(ADMIN):
            updates.append(ADMIN_UPDATE)
        if any(updates[1:]):
            parts = replace(parts, update=_merged(updates))
        return parts


def _merged(updates):
    """One policy update holding every source of each of `updates` (None: nothing)."""
    merged = {}
    for update in filter(None, updates):
        for directive, sources in update.items():
            merged[directive] = [*merged.get(directive, []), *sources]
    return merged


NUL = "\x00"
NUL_REFUSED = "This address holds a NUL character (%00), which no page of the site accepts.\n"


class RequestGuard:
    """Refuses requests that no page is written for before they reach a view or the page cache.

    A NUL character anywhere in the path or the query string is a 400: PostgreSQL refuses NUL
    in text, so a filter value holding one (`?artist=%00`) would otherwise be a 500.

    OPTIONS is answered with the methods the address accepts and no body, and TRACE, which
    would echo a reader's cookies back, is a 405: without this both ran the view and returned
    the whole page. Neither reaches the page cache, which stores only GET and HEAD."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or any(NUL in k or NUL in v for k, v in _query(request)):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        if request.method not in ("OPTIONS", "TRACE"):
            return self.get_response(request)
        try:
            methods = allowed_methods(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if request.method == "TRACE":
            return HttpResponseNotAllowed(methods)
        response = HttpResponse(status=200)
        response["Allow"] = ", ".join(methods)
        response["Content-Length"] = "0"
        return response


def _query(request):
    return ((name, value) for name, values in request.GET.lists() for value in values)


def allowed_methods(path):
    """The HTTP methods the view at `path` answers, OPTIONS included; Resolver404 if none."""
    view = resolve(path).func
    if path.startswith(ADMIN):
        return ["GET", "HEAD", "OPTIONS", "POST"]  # the admin's forms post to their own pages
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        methods = [m.upper() for m in view_class.http_method_names if hasattr(view_class, m)]
    else:
        methods = _declared_methods(view) or ["GET", "HEAD"]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    return [*dict.fromkeys([*methods, "OPTIONS"])]


def _declared_methods(view):
    """The methods named by Django's `require_http_methods` (`require_POST`...) around a
    function view: the decorator keeps them in its closure and nowhere else."""
    while view is not None:
        code = getattr(view, "__code__", None)
        if code is not None and "request_method_list" in code.co_freevars:
            cell = view.__closure__[code.co_freevars.index("request_method_list")]
            return [method.upper() for method in cell.cell_contents]
        view = getattr(view, "__wrapped__", None)
    return None
