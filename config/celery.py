"""The Celery app: `celery -A config worker` runs a worker, `celery -A config beat` the scheduler."""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import task_postrun, task_prerun
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
