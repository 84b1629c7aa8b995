"""Loaded with `-p tests.isolation` (see pyproject.toml) before Django reads its settings.

Each test session gets its own Celery queue, so two test runs sharing one Redis (a developer's
and CI's) never take each other's tasks, and tasks left over from an earlier run are never
consumed by this run's workers.
"""

import os
import uuid

os.environ.setdefault("CELERY_QUEUE", f"test-{uuid.uuid4().hex[:12]}")
