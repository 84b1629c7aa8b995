"""Request budgets per client address for the founder pages (the partner API has its own, per
partner: advisor/partners/api/throttles.py).

django-ratelimit counts requests in fixed windows in the cache (Redis when REDIS_URL is set,
shared by every web process; else the file cache, which counts approximately because it cannot
increment atomically). The rates are settings, read on every request, so a deployment or a load
test can raise them without a code change. The client address is advisor.platform.client_ip (which
believes X-Forwarded-For only behind TRUSTED_PROXY_COUNT proxies of ours).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Budget:
    group: str  # the counter's name: budgets with different groups never share a count
    setting: str  # the setting holding the rate, "<count>/<period>" as in "60/10m"


# Submitting the profile form and retrying a failed case both queue a scoring: one budget.
SUBMIT = Budget("founder-submit", "FOUNDER_SUBMIT_RATE")
# What-if rankings run the engine at once, in the web process.
WHAT_IF = Budget("founder-what-if", "FOUNDER_WHAT_IF_RATE")


def budget_spent(request: HttpRequest, budget: Budget) -> int | None:
    """Count this request against the budget of its client address. Returns None while the
    budget lasts, else the seconds until it is renewed (for Retry-After)."""
    rate = getattr(settings, budget.setting)
    if not rate:
        return None  # an empty rate turns the budget off
    try:
        usage = get_usage(request, group=budget.group, key="ip", rate=rate, increment=True)
    except (RedisError, OSError):
        # The cache is down: serving founders without a limit beats failing every request.
        logger.warning("rate limit cache unreachable; request let through", exc_info=True)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])
