"""Celery tasks: thin wrappers that take ids and call the case services."""

from __future__ import annotations

from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from advisor.services.cases import case_mark_failed, case_score, cases_requeue_stale

# Errors worth retrying: the database or the network went away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


class ScoringTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Retries are exhausted (or the error was not transient): tell the advisors why.
        case_id = kwargs.get("case_id") or (args[0] if args else None)
        if case_id:
            case_mark_failed(case_id=case_id, reason=f"Scoring failed: {type(exc).__name__}: {exc}")


@shared_task(
    base=ScoringTask,
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=4,
)
def score_case(self, case_id: str) -> None:
    case_score(case_id=case_id, worker=self.request.hostname or "")


@shared_task
def requeue_stale_cases() -> int:
    return cases_requeue_stale(
        queued_for=timedelta(seconds=settings.CASE_REQUEUE_QUEUED_AFTER),
        scoring_for=timedelta(seconds=settings.CASE_REQUEUE_SCORING_AFTER),
    )
