"""What readers get when the database is in trouble: a plain page saying so, 503 with
Retry-After, never a 500 (and never a traceback). Cached pages do not need the database and
keep being served (newsroom/cache.py); the connection's timeouts (settings) keep any request
from waiting long for it."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def unavailable():
    body = render_to_string("503.html", {"site_name": settings.SITE_NAME})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(settings.RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailable:
    """Middleware: a view that could not reach the database answers 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            # One line per request: an outage must not bury the logs under tracebacks.
            reason = (str(exception).strip().splitlines() or [type(exception).__name__])[0]
            logger.error("503 for %s: the database could not be reached (%s)", request.path, reason)
            return unavailable()
        return None
