"""The Content-Security-Policy, with one allowance for the admin.

Django's admin (its widgets and our focal-point picker) sets inline styles, which a strict
`style-src` refuses. The admin alone may use them; its scripts stay as strict as the public
site's, and the public site allows no inline style at all."""

from dataclasses import replace

from csp.middleware import CSPMiddleware

ADMIN = "/admin/"
ADMIN_UPDATE = {"style-src": ["'unsafe-inline'"]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN):
            parts = replace(parts, update={**(parts.update or {}), **ADMIN_UPDATE})
        return parts
