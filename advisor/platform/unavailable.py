"""A database that went away (PostgreSQL restarting, a failover) answers 503 "try again in a few
seconds" instead of a 500 with a traceback. Nothing needs restarting afterwards: with
CONN_HEALTH_CHECKS Django drops the dead connection and opens a new one on the next request."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "database unavailable during %s %s", request.method, request.path, exc_info=exception
        )
        response = _problem_response() if _wants_json(request) else _page_response(request)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or (
        request.accepts("application/json") and not request.accepts("text/html")
    )


def _problem_response() -> JsonResponse:
    # RFC 9457 problem details, like every other error of the partner API.
    return JsonResponse(
        {
            "type": "about:blank",
            "title": "Service Unavailable",
            "status": 503,
            "detail": gettext(
                "The service cannot reach its database for a moment. Please try again in a few "
                "seconds."
            ),
        },
        status=503,
        content_type="application/problem+json",
    )


def _page_response(request: HttpRequest) -> HttpResponse:
    try:
        body = render_to_string("advisor/unavailable.html", request=request)
    except Exception:  # the page must not fail in turn: plain words will do
        logger.exception("could not render the unavailable page")
        body = gettext("The service is unavailable for a moment. Please try again shortly.")
        return HttpResponse(body, status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=503)
