"""The address a request came from, as the rate limits and the admin lockout count it.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's address, so every founder would share
one budget. X-Forwarded-For names the client, but anyone can send that header: it is believed only
when settings.TRUSTED_PROXY_COUNT says how many proxies of ours stand in front of the app, and
then only the entry the outermost of them appended (counted from the right), never what the
client wrote at the left.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    # A server on a Unix socket leaves REMOTE_ADDR empty: such requests share one budget.
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # nosec B104: a counter key, not a bind
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    # Our proxies each appended the address they saw: the outermost one appended the client's.
    candidate = hops[-proxies] if len(hops) >= proxies else hops[0]
    return _address(candidate) or remote
