"""Loaded with `-p tests.isolation` (see pyproject.toml) before Django reads its settings.

Each test session gets its own Celery queue, so two test runs sharing one Redis (a developer's
and CI's) never take each other's tasks, and tasks left over from an earlier run are never
consumed by this run's workers; and its own cache key prefix, so their rate-limit counters never
add up.
"""

import os
import uuid

SESSION = uuid.uuid4().hex[:12]
os.environ.setdefault("CELERY_QUEUE", f"test-{SESSION}")
os.environ.setdefault("CELERY_BULK_QUEUE", f"test-{SESSION}-bulk")
# Rate-limit and throttle counters live in the shared cache (Redis): each session counts its own.
os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{SESSION}")
