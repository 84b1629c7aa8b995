"""Celery tasks: thin wrappers that take ids and call the case services."""

from __future__ import annotations

from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from advisor.services.cases import (
    case_mark_failed,
    case_score,
    cases_mark_failed,
    cases_requeue_stale,
    cases_score_batch,
)
from advisor.services.webhooks import webhook_deliver, webhooks_requeue_stale

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
    retry_backoff=settings.SCORING_RETRY_BACKOFF,
    retry_backoff_max=settings.SCORING_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=settings.SCORING_MAX_RETRIES,
)
def score_case(self, case_id: str) -> None:
    case_score(case_id=case_id, worker=self.request.hostname or "")


@shared_task
def requeue_stale_cases() -> int:
    return cases_requeue_stale(
        queued_for=timedelta(seconds=settings.CASE_REQUEUE_QUEUED_AFTER),
        scoring_for=timedelta(seconds=settings.CASE_REQUEUE_SCORING_AFTER),
    )


class BatchScoringTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # The whole batch could not be scored: every case in it that is still waiting fails.
        case_ids = kwargs.get("case_ids") or (args[0] if args else None)
        if case_ids:
            cases_mark_failed(
                case_ids=case_ids, reason=f"Scoring failed: {type(exc).__name__}: {exc}"
            )


@shared_task(
    base=BatchScoringTask,
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=4,
)
def score_cases(self, case_ids: list[str]) -> int:
    """A bulk submission: all its cases in one vectorised engine call."""
    return len(cases_score_batch(case_ids=case_ids, worker=self.request.hostname or ""))


@shared_task(bind=True, max_retries=None)  # the service counts attempts (WEBHOOK_MAX_ATTEMPTS)
def deliver_webhook(self, message_id: str) -> None:
    retry_in = webhook_deliver(message_id=message_id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in)


@shared_task
def requeue_stale_webhooks() -> int:
    return webhooks_requeue_stale()
