"""Celery tasks of the partners domain: webhook delivery and batch job chunks (thin: call the
service)."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from django.db import DatabaseError, close_old_connections

from advisor.partners.services.batches import (
    batch_chunk_score,
    batch_chunks_requeue_stale,
    batch_job_fail,
)
from advisor.partners.webhooks.delivery import webhook_deliver, webhooks_requeue_stale
from advisor.tasks import SCORING_RETRIES, failure_reason

logger = logging.getLogger(__name__)


# Named as when they lived in advisor/tasks.py: messages already queued under those names, and
# Celery beat's schedule, keep working across the deploy.
@shared_task(
    name="advisor.tasks.deliver_webhook",
    bind=True,
    max_retries=None,  # the service counts attempts (WEBHOOK_MAX_ATTEMPTS)
)
def deliver_webhook(self, message_id: str) -> None:
    retry_in = webhook_deliver(message_id=message_id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in)


@shared_task(name="advisor.tasks.requeue_stale_webhooks")
def requeue_stale_webhooks() -> int:
    return webhooks_requeue_stale()


class BatchChunkTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Retries are spent, or the error is a bug that would recur: the job fails with the
        reason (its scored chunks stay downloadable)."""
        job_id = kwargs.get("job_id") or (args[0] if args else None)
        if not job_id:
            return
        close_old_connections()
        try:
            batch_job_fail(
                job_id=job_id, reason=failure_reason(exc, attempts=self.request.retries + 1)
            )
        except DatabaseError:
            logger.exception("could not record a batch failure; the sweep will queue it again")


@shared_task(
    name="advisor.partners.tasks.score_batch_chunk",
    base=BatchChunkTask,
    bind=True,
    **SCORING_RETRIES,
)
def score_batch_chunk(self, job_id: str, number: int) -> None:
    """One chunk of a batch job (on CELERY_BATCH_QUEUE, see CELERY_TASK_ROUTES)."""
    batch_chunk_score(job_id=job_id, number=number, worker=self.request.hostname or "")


@shared_task(name="advisor.partners.tasks.requeue_stale_batch_chunks")
def requeue_stale_batch_chunks() -> int:
    return batch_chunks_requeue_stale()
