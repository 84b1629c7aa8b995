"""The load benchmark's floor: a task that does nothing but say it ran.

Not part of the product: bench/load.py starts its Celery worker with `--include bench.noop_tasks`,
so the same worker processes, on the same queue and Redis, run it beside the scoring tasks.
"""

from __future__ import annotations

import redis
from celery import shared_task
from django.conf import settings

_client: redis.Redis | None = None


@shared_task(name="bench.noop")
def noop(reply_to: str, token: str) -> None:
    """Push `token` on the Redis list `reply_to`, where the benchmark waits for it (the one
    Redis command a result backend would also send)."""
    global _client
    if _client is None:
        _client = redis.Redis.from_url(settings.REDIS_URL)
    _client.rpush(reply_to, token)
