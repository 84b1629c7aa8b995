"""The Celery app: `celery -A config worker` runs a worker, `celery -A config beat` the scheduler."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("relocation_advisor")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
