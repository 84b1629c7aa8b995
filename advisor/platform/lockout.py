"""The page django-axes shows (settings.AXES_LOCKOUT_CALLABLE) when a username has failed to sign
in to the admin too many times from one address: what happened and when to try again."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from advisor.presentation.numbers import minutes


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    cool_off = get_cool_off(request)
    wait = minutes(int(cool_off.total_seconds())) if cool_off else None
    response = render(
        request,
        "admin/locked_out.html",
        {
            "username": get_client_username(request, credentials) or "",
            "failure_limit": get_failure_limit(request, credentials),
            "minutes": wait,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if wait is not None:
        response["Retry-After"] = str(wait * 60)
    return response
