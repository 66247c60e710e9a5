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
