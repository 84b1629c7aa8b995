"""The door: a partner key that a spent budget refused is refused again at the door, until its
Retry-After, before Django authenticates the key, reads the body or counts its cases.

A flood of requests past a partner's budget (issue 18: ten clients resending 1,000-case bulks)
otherwise costs the web processes a full refusal each (the key's lookup, the budget's, about
2 ms of Django), and the founder pages wait behind them. The throttles (throttles.py) stay the
only judges: the door only remembers, for as long as their answer cannot change, what they
answered, and it remembers only answers that cannot change before Retry-After:

- the request budget refused (`*`): every request of the key is refused until a request leaves
  the window, which Retry-After says;
- the case budget refused when it is spent to the case: every request that submits cases to that
  address is refused until a case leaves the window. A bulk refused because it is larger than
  what is left is not remembered: a smaller one may still fit.

Keys are remembered by a digest of the key as sent, so an invalid key never closes the door for
anyone (only a key the throttles saw, so one that authenticated). A budget raised in the admin
applies to a refused key at the latest when its Retry-After ends. The cache unreachable: the door
lets everything through to the throttles, which let it through too.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from redis.exceptions import RedisError

from advisor.partners.api.authentication import PartnerKeyAuthentication

logger = logging.getLogger(__name__)

PREFIX = "/api/"
EVERY_REQUEST = "*"


def key_digest(request: HttpRequest) -> str | None:
    """A digest of the partner key the request carries, read as authentication reads it."""
    key = (PartnerKeyAuthentication.parser.get(request) or "").strip()
    if not key:
        return None
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _cache_key(digest: str, scope: str) -> str:
    return f"door:{digest}:{scope}"


def _scope(request: HttpRequest) -> str:
    return f"{request.method}:{request.path}"


def remember_refusal(request: HttpRequest, *, wait: float, cases: bool) -> None:
    """The throttles refused `request` for `wait` seconds and nothing can change that sooner:
    refuse the same at the door until then. The request budget (`cases` false): every request of
    the key; the case budget: the requests to the same address with the same method."""
    digest = key_digest(request)
    if digest is None or wait <= 0:
        return
    scope = _scope(request) if cases else EVERY_REQUEST
    try:
        cache.set(_cache_key(digest, scope), (time.time() + wait, cases), math.ceil(wait))
    except (RedisError, OSError):
        logger.warning("door: cache unreachable; refusal not remembered", exc_info=True)


def closed_for(request: HttpRequest) -> tuple[float, bool] | None:
    """(seconds left, whether the case budget is the one spent) when the door is closed to this
    request, else None."""
    digest = key_digest(request)
    if digest is None:
        return None
    keys = [_cache_key(digest, EVERY_REQUEST), _cache_key(digest, _scope(request))]
    try:
        found = cache.get_many(keys)
    except (RedisError, OSError):
        return None
    now = time.time()
    closed = [(until, cases) for until, cases in found.values() if until > now]
    if not closed:
        return None
    until, cases = max(closed)
    return until - now, cases


class PartnerDoorMiddleware:
    """Answers 429 for a partner key the door is closed to, with the problem body and
    Retry-After the partner API gives (advisor/partners/api/problems.py), in the language the
    request asks for. Sits before sessions, auth and CSRF: a refused flood reaches none of them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        closed = closed_for(request)
        if closed is None:
            return self.get_response(request)
        from advisor.partners.api.problems import CONTENT_TYPE, problem_body
        from advisor.partners.api.throttles import refusal_detail

        wait, cases = closed
        with translation.override(translation.get_language_from_request(request)):
            body = problem_body(request, "rate-limited", refusal_detail(wait, cases=cases))
        response = JsonResponse(body, status=429, content_type=CONTENT_TYPE)
        response["Retry-After"] = str(max(1, math.ceil(wait)))
        return response
