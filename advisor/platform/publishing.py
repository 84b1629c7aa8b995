"""Handing work to the Celery workers: publish the task, or leave the work for the sweep.

Whatever a task is about (a case, a webhook message) is saved before its task is published, and
periodic sweeps queue again the work that waits too long. So when the broker cannot be reached
the caller is not failed: publishing gives up after the retry policy's few attempts, says so in
the log, and the sweep picks the work up later.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.conf import settings

logger = logging.getLogger(__name__)


def publish(task: Task, *args: Any, what: str, countdown: float | None = None) -> bool:
    """Publish `task` with `args`; False (and a warning naming `what`) when the broker could not
    take it."""
    try:
        task.apply_async(
            args=list(args),
            countdown=countdown,
            retry=True,
            retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
        )
    except Exception:  # any broker failure: the saved work must not be lost with it
        logger.warning("could not queue %s; the sweep will", what, exc_info=True)
        return False
    return True
