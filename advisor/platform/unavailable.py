"""A database that went away (PostgreSQL restarting, a failover) answers 503 "try again in a few
seconds" instead of a 500 with a traceback: the one path every such answer takes, whether the
middleware caught the error or the partner API's error handler did. Nothing needs restarting
afterwards: with CONN_HEALTH_CHECKS Django drops the dead connection and opens a new one on the
next request."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5  # a database restart usually takes about this long
PROBLEM_CONTENT_TYPE = "application/problem+json"


def database_went_away(error: BaseException) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def database_unavailable(
    request: HttpRequest, error: BaseException, *, problem_type: str | None = None
) -> HttpResponse:
    """The 503 for a request the database went away under: a "Back in a moment" page for
    people, RFC 9457 problem details for programs (the API, the case page's status poll), with
    Retry-After. `problem_type` is the problem's `type` URI (the partner API documents its own);
    giving it asks for problem details whatever the request accepts."""
    logger.warning(
        "database unavailable during %s %s", request.method, request.path, exc_info=error
    )
    if problem_type is not None or _wants_json(request):
        response: HttpResponse = _problem(request, problem_type or "about:blank")
    else:
        response = _page(request)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not database_went_away(exception):
            return None
        return database_unavailable(request, exception)


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or (
        request.accepts("application/json") and not request.accepts("text/html")
    )


def _problem(request: HttpRequest, problem_type: str) -> JsonResponse:
    return JsonResponse(
        {
            "type": problem_type,
            "title": "Service unavailable",
            "status": 503,
            "detail": gettext(
                "The service cannot reach its database for a moment. Please try again in a few "
                "seconds."
            ),
            "instance": request.path,
        },
        status=503,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def _page(request: HttpRequest) -> HttpResponse:
    try:
        body = render_to_string("advisor/unavailable.html", request=request)
    except Exception:  # the page must not fail in turn: plain words will do
        logger.exception("could not render the unavailable page")
        body = gettext("The service is unavailable for a moment. Please try again shortly.")
        return HttpResponse(body, status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=503)
