"""Errors as problem details (RFC 9457): `application/problem+json` with type, title, status,
detail and instance, plus `errors` (field-level messages) for invalid input.

Every exception a partner API view raises is turned into one of these here, once: a service's
refusal (DomainError) by refusal_response, a database that went away by the site's one 503 path
(advisor.platform.unavailable), DRF's own errors by their status.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response

from advisor.errors import Code, DomainError
from advisor.platform.unavailable import (
    PROBLEM_CONTENT_TYPE,
    database_unavailable,
    database_went_away,
)

logger = logging.getLogger(__name__)

CONTENT_TYPE = PROBLEM_CONTENT_TYPE


@dataclass(frozen=True)
class ProblemType:
    status: int
    title: str
    description: str


PROBLEMS: dict[str, ProblemType] = {
    "invalid-input": ProblemType(
        400,
        _("Invalid input"),
        "The body, a query parameter or a header is not acceptable. `errors` lists each problem: "
        "`field` (the JSON field, query parameter or header), `detail` (what to change) and, "
        "for bulk submissions, `index` (the position of the case in `cases`). The rules are the "
        "ones the founder form and the command line apply.",
    ),
    "not-authenticated": ProblemType(
        401,
        _("Not authenticated"),
        "No API key, or a key that is unknown, revoked or expired. Send "
        "`Authorization: Api-Key <key>` with a key your advisor contact created for you.",
    ),
    "forbidden": ProblemType(403, _("Forbidden"), "The key may not do this."),
    "not-found": ProblemType(
        404,
        _("Not found"),
        "Nothing here for this key: no such path, region or page, or a case that is not yours "
        "(other partners' cases are indistinguishable from missing ones).",
    ),
    "method-not-allowed": ProblemType(
        405, _("Method not allowed"), "This path does not accept this HTTP method; see `Allow`."
    ),
    "not-acceptable": ProblemType(
        406, _("Not acceptable"), "The API answers in JSON only: accept `application/json`."
    ),
    "request-too-large": ProblemType(
        413, _("Request too large"), "The body is larger than the API accepts; send fewer cases."
    ),
    "unsupported-media-type": ProblemType(
        415,
        _("Unsupported media type"),
        "Send the body as JSON (`Content-Type: application/json`).",
    ),
    "idempotency-key-reused": ProblemType(
        422,
        _("Idempotency key reused"),
        "This Idempotency-Key was already used with a different body. Use a new key for a new "
        "request; repeat the same body to get the first answer again.",
    ),
    "rate-limited": ProblemType(
        429,
        _("Too many requests"),
        "Your organisation's budget is spent for now: of requests, or of cases (a bulk request "
        "counts every case it sends); try again after `Retry-After` seconds. All keys of a "
        "partner share one budget.",
    ),
    "service-unavailable": ProblemType(
        503,
        _("Service unavailable"),
        "A service behind the API is briefly unreachable; nothing was changed. Try again after "
        "`Retry-After` seconds.",
    ),
}
SLUG_BY_STATUS = {problem.status: slug for slug, problem in PROBLEMS.items()}


def problem_type_url(request: HttpRequest | None, slug: str) -> str:
    path = reverse("partners:problem", args=[slug])
    return request.build_absolute_uri(path) if request is not None else path


def capped_errors(errors: list[dict[str, Any]], total: int | None = None) -> dict[str, Any]:
    """`errors` as an answer lists them: the first PROBLEM_MAX_ERRORS, and when some are left
    out, how many there were (`errors_total`) and how many are not listed (`errors_omitted`).
    `total` is the count when `errors` is itself already cut (a stored batch's errors)."""
    limit = settings.PROBLEM_MAX_ERRORS
    total = len(errors) if total is None else total
    shown = errors[:limit]
    if total <= len(shown):
        return {"errors": shown}
    return {"errors": shown, "errors_total": total, "errors_omitted": total - len(shown)}


def problem_body(
    request: HttpRequest | None,
    slug: str,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    problem = PROBLEMS[slug]
    body: dict[str, Any] = {
        "type": problem_type_url(request, slug),
        "title": str(problem.title),  # in the language the request asked for (Accept-Language)
        "status": problem.status,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if errors is not None:
        body.update(capped_errors(errors))
    return body


def problem_response(
    request: HttpRequest | None,
    slug: str,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    return Response(
        problem_body(request, slug, detail, errors),
        status=PROBLEMS[slug].status,
        headers=headers,
        content_type=CONTENT_TYPE,
    )


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, Any]]:
    """DRF's nested validation messages as a flat list of {field, detail}."""
    if isinstance(detail, dict):
        found = []
        for name, value in detail.items():
            field = "" if name == "non_field_errors" else f"{prefix}{name}"
            found.extend(_field_errors(value, f"{field}." if field else ""))
        return found
    if isinstance(detail, list):
        found = []
        for item in detail:
            found.extend(_field_errors(item, prefix))
        return found
    return [{"field": prefix.rstrip("."), "detail": str(detail)}]


def _summary(errors: list[dict[str, Any]]) -> str:
    first = errors[0]
    where = gettext("case %(index)s: ") % {"index": first["index"]} if "index" in first else ""
    field = f"{first['field']}: " if first.get("field") else ""
    more = gettext(" (and %(count)s more)") % {"count": len(errors) - 1} if len(errors) > 1 else ""
    return f"{where}{field}{first['detail']}{more}"


# The input rules partners break most, in the language the request asked for (the other
# problems keep the checker's English wording; DRF's own messages come translated by DRF).
WORDING = {
    "no_share": _("give the share of customers in at least one market"),
    "shares_total": _("customer shares must add up to 100 (they add up to %(total)s)"),
    "unknown": _("unknown %(name)s %(value)s; expected one of: %(expected)s"),
    "required": _("%(name)s is required"),
}


def _in_words(problem: dict[str, Any], code: str, params: dict[str, Any]) -> dict[str, Any]:
    if code in WORDING:
        try:
            return {**problem, "detail": str(WORDING[code]) % params}
        except (KeyError, TypeError, ValueError):
            return problem
    return problem


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler for the partner API views. Returns None for real bugs (a 500)."""
    request = context.get("request")
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, DomainError):
        return refusal_response(request, exc)
    if isinstance(exc, RequestDataTooBig):
        return problem_response(
            request,
            "request-too-large",
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.",
        )
    if database_went_away(exc):
        return database_unavailable(
            request, exc, problem_type=problem_type_url(request, "service-unavailable")
        )
    if not isinstance(exc, exceptions.APIException):
        return None

    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(max(1, math.ceil(exc.wait)))
    if isinstance(exc, exceptions.MethodNotAllowed) and context.get("view") is not None:
        headers["Allow"] = ", ".join(context["view"].allowed_methods)

    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        return problem_response(request, "invalid-input", _summary(errors), errors=errors)
    slug = SLUG_BY_STATUS.get(exc.status_code)
    if slug is None:
        return None
    detail = str(exc.detail) if not isinstance(exc.detail, dict | list) else PROBLEMS[slug].title
    if slug == "invalid-input":  # a ParseError (the body is not JSON)
        errors = [{"field": "", "detail": detail}]
        return problem_response(request, slug, detail, errors=errors, headers=headers)
    return problem_response(request, slug, detail, headers=headers)


def refusal_response(request: HttpRequest | None, refused: DomainError) -> Response:
    """A service's refusal: a 422 for an Idempotency-Key reused with another body, else a 400
    listing every problem (their `index` too, in bulk)."""
    if refused.code == Code.CONFLICT:
        return problem_response(request, "idempotency-key-reused", refused.message)
    errors = [
        _in_words(problem.as_dict(), problem.code, dict(problem.params or {}))
        for problem in refused.problems
    ]
    return problem_response(request, "invalid-input", _summary(errors), errors=errors)


@csrf_exempt  # it changes nothing: a PATCH or POST to an unknown path is a 404, not a CSRF 403
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Unknown paths under /api/ answer like the API does, not with the site's HTML page."""
    body = problem_body(request, "not-found", "There is nothing at this address.")
    return HttpResponse(json.dumps(body), status=404, content_type=CONTENT_TYPE)


def problem_type(request: HttpRequest, slug: str) -> HttpResponse:
    """What a problem `type` URI shows a person who opens it."""
    problem = PROBLEMS.get(slug)
    if problem is None:
        return not_found(request)
    return HttpResponse(
        format_html(
            "<!doctype html><html lang=en><meta charset=utf-8><title>{title}</title>"
            "<h1>{title} ({status})</h1><p>{description}</p>"
            '<p><a href="{docs}">API documentation</a></p></html>',
            title=problem.title,
            status=problem.status,
            description=problem.description,
            docs=reverse("partners:docs"),
        )
    )
