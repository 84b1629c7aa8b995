"""Rate limits per partner: all of a partner's keys share one budget."""

from __future__ import annotations

import logging

from django.conf import settings
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

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
