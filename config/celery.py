"""The Celery app: `celery -A config worker` runs a worker, `celery -A config beat` the scheduler."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import celeryd_after_setup, task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("relocation_advisor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _database_connections_checked(**kwargs) -> None:
    """Around each task, what Django does around each request: close the connection if it broke
    (PostgreSQL restarted) or is older than CONN_MAX_AGE, so the next query opens a fresh one."""
    close_old_connections()


@celeryd_after_setup.connect
def _background_worker_niced(sender, instance, **kwargs) -> None:
    """A worker for the background queues only (bulk batches, batch jobs' chunks) runs at a
    lower CPU priority (CELERY_BACKGROUND_NICENESS), it and the pool processes it forks: a
    flood of batches then takes the cores the web processes and the single-case worker leave
    idle, instead of sharing them evenly. A worker that also consumes the default queue keeps
    its priority."""
    from django.conf import settings

    consumed = set(instance.app.amqp.queues.consume_from)
    background = {settings.CELERY_BULK_QUEUE, settings.CELERY_BATCH_QUEUE}
    niceness = settings.CELERY_BACKGROUND_NICENESS
    if niceness > 0 and consumed and consumed <= background:
        os.nice(niceness)
