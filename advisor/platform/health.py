"""GET /healthz: 200 {"status": "ok"} when the database answers `SELECT 1`, else 503
{"status": "unavailable"} (the reason goes to the log, not to whoever asks).

It is a middleware, not a view, because the container's health check asks from inside the
container as http://127.0.0.1:8000/healthz: over plain HTTP and with a Host (127.0.0.1) that
production's DJANGO_ALLOWED_HOSTS need not list. A view would never be reached: CommonMiddleware
validates the host (400) and, with DJANGO_HTTPS, SecurityMiddleware redirects to https (301).
So it sits right after SecurityMiddleware, WhiteNoise and CSP, none of which reads the host, and
answers before anything that does (CommonMiddleware, CSRF) or that a probe has no use for
(sessions, auth, rate limits). SECURE_REDIRECT_EXEMPT spares this one path the https redirect;
the answer still gets SecurityMiddleware's and CSP's headers. Only the exact path is exempt:
/healthz/ or /healthzz go through the normal checks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "method not allowed"}, status=405)
            response["Allow"] = "GET, HEAD"
        elif database_answers():
            response = JsonResponse({"status": "ok"})
        else:
            response = JsonResponse({"status": "unavailable"}, status=503)
        response["Cache-Control"] = "no-store"
        return response


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("health check: the database did not answer", exc_info=True)
        return False
