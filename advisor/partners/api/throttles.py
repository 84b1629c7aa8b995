"""Rate limits per partner: all of a partner's keys share one budget."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError
from rest_framework import exceptions
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from advisor.partners.models import PartnerAPIKey

logger = logging.getLogger(__name__)


class PartnerRateThrottle(SimpleRateThrottle):
    """The partner's own rate (admin), else PARTNER_THROTTLE_RATE. Answers 429 with
    Retry-After once the budget is spent (see advisor/partners/api/problems.py)."""

    scope = "partner"

    def get_rate(self) -> str:
        return settings.PARTNER_THROTTLE_RATE

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, PartnerAPIKey):
            return None
        return f"throttle:partner:{request.auth.partner_id}"

    def allow_request(self, request, view) -> bool:
        if isinstance(request.auth, PartnerAPIKey) and request.auth.partner.throttle_rate:
            self.rate = request.auth.partner.throttle_rate
            self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError):
            # The cache is down: serving partners unthrottled beats failing every request.
            logger.warning("throttle cache unreachable; request let through", exc_info=True)
            return True

    def wait(self) -> float:
        """Seconds until the budget allows a request again: until the request that fills the
        budget leaves the window. (DRF's own answer is None when more requests are counted than
        the rate allows, as after a partner's rate is lowered, which left a 429 without its
        Retry-After.)"""
        if self.num_requests and len(self.history) >= self.num_requests:
            filling = self.history[self.num_requests - 1]  # newest first
            return max(self.duration - (self.now - filling), 1.0)
        return super().wait() or 1.0


def submitted_cases(request) -> int:
    """How many cases a request submits: 1 for POST /cases/, the length of `cases` in bulk
    (invalid ones too: checking them costs as much), 0 for a read."""
    if request.method != "POST":
        return 0
    data = request.data
    if isinstance(data, Mapping) and isinstance(data.get("cases"), list):
        return max(1, len(data["cases"]))
    return 1


class PartnerCaseThrottle(BaseThrottle):
    """A budget of cases per partner (PARTNER_CASE_RATE), beside the budget of requests: a bulk
    request weighs as many cases as it sends, so 600 bulk requests a minute are not 600,000
    cases. The window slides: each submission is kept with its weight until it is older than
    the rate's period. Past the budget, 429 with Retry-After (when enough of it is free again).

    Like DRF's own throttles it reads and writes the cache without a lock, so two requests at
    the very same moment may both pass: a budget, not an exact count."""

    def __init__(self) -> None:
        self.wait_seconds: float | None = None
        # Refused with the budget spent to the case: no request that submits cases can pass
        # before `wait_seconds` (the door may remember it, door.py).
        self.spent = False

    @staticmethod
    def rate() -> tuple[int, int]:
        return SimpleRateThrottle.parse_rate(None, settings.PARTNER_CASE_RATE)

    def allow_request(self, request, view) -> bool:
        if not isinstance(request.auth, PartnerAPIKey) or request.method != "POST":
            return True
        if not getattr(view, "counts_cases", True):
            return True
        limit, period = self.rate()
        key = f"throttle:partner-cases:{request.auth.partner_id}"
        now = time.time()
        try:
            history = [(when, count) for when, count in cache.get(key, []) if when > now - period]
            used = sum(count for _, count in history)
            # A spent budget refuses before the body is parsed: a flood of 2 MB bulk bodies
            # must cost the web processes as little as possible.
            weight = 1 if used >= limit else submitted_cases(request)
            if used + weight > limit:
                self.spent = used >= limit
                if used < limit:
                    # Refusing this one meant parsing its body, so it weighs one case: a client
                    # that keeps sending bulks larger than what is left (under 1,000 cases)
                    # spends the rest and is then refused unparsed, instead of having every
                    # body parsed until the window frees enough. Retry-After counts that case.
                    history.insert(0, (now, 1))
                    cache.set(key, history, period)
                    used += 1
                self.wait_seconds = self._wait(history, used + weight - limit, now, period)
                return False
            history.insert(0, (now, weight))
            cache.set(key, history, period)
        except (RedisError, OSError):
            logger.warning("throttle cache unreachable; request let through", exc_info=True)
        return True

    @staticmethod
    def _wait(history: list[tuple[float, int]], excess: int, now: float, period: int) -> float:
        """Seconds until at least `excess` cases have left the window (oldest first); the whole
        period when they never will (a request larger than the budget)."""
        freed = 0
        for when, count in reversed(history):
            freed += count
            if freed >= excess:
                return max(when + period - now, 1.0)
        return float(period)

    def wait(self) -> float | None:
        return self.wait_seconds


def spent_budget_message(*, cases: bool) -> str | None:
    """Which budget a 429 says is spent (None: DRF's own words for the request budget)."""
    if not cases:
        return None
    limit, period = PartnerCaseThrottle.rate()
    return (
        f"Your organisation's budget of {limit:,} cases per {period:,} s is spent "
        "(a bulk request counts every case it sends)."
    )


def refusal_detail(wait: float, *, cases: bool) -> str:
    """The `detail` of a 429 as the partner API words it, wait included."""
    return str(exceptions.Throttled(wait, detail=spent_budget_message(cases=cases)).detail)
