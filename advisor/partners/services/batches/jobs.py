"""A job's course: its chunks handed to the workers (and again when nobody is scoring them),
finished, failed or cancelled; a partner's job, its progress, waiting for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from advisor.partners.models import BatchChunk, BatchJob, Partner
from advisor.partners.services.batches.formats import (
    ACTIVE,
)
from advisor.platform.publishing import publish


def batch_job_finish_if_done(*, job_id: UUID | str) -> None:
    """Mark the job done once its whole upload is in and every chunk is finished."""
    BatchJob.objects.filter(
        id=job_id, status__in=ACTIVE, uploaded=True, chunks_finished=F("chunk_count")
    ).update(status=BatchJob.Status.DONE, finished_at=timezone.now())


def batch_chunks_enqueue(*, job_id: UUID | str, numbers: Iterable[int]) -> int:
    """Hand chunks to the workers; those the broker does not take wait for the sweep."""
    from advisor.partners.tasks import score_batch_chunk  # tasks import this module

    return sum(
        publish(score_batch_chunk, str(job_id), number, what=f"batch {job_id} chunk {number}")
        for number in numbers
    )


def batch_job_fail(*, job_id: UUID | str, reason: str) -> None:
    BatchJob.objects.filter(id=job_id, status__in=ACTIVE).update(
        status=BatchJob.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def batch_job_cancel(*, job: BatchJob) -> BatchJob:
    """Cancel a job that is still going: chunks not yet scored are left alone (the rows already
    scored stay downloadable). Cancelling a finished job changes nothing."""
    BatchJob.objects.filter(id=job.id, status__in=ACTIVE).update(
        status=BatchJob.Status.CANCELLED, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def batch_chunks_requeue_stale(
    *, running_for: timedelta | None = None, queued_for: timedelta | None = None
) -> int:
    """Queue again the chunks of going jobs that nobody is scoring: `running` longer than
    BATCH_REQUEUE_RUNNING_AFTER (the worker died), or `queued` in a job older than
    BATCH_REQUEUE_QUEUED_AFTER (the message was lost with the broker). A chunk queued twice is
    scored once."""
    now = timezone.now()
    running_for = running_for or timedelta(seconds=settings.BATCH_REQUEUE_RUNNING_AFTER)
    queued_for = queued_for or timedelta(seconds=settings.BATCH_REQUEUE_QUEUED_AFTER)
    stale = BatchChunk.objects.filter(job__status__in=ACTIVE).filter(
        Q(status=BatchChunk.Status.RUNNING, started_at__lt=now - running_for)
        | Q(status=BatchChunk.Status.QUEUED, job__created_at__lt=now - queued_for)
    )
    count = 0
    for job_id, number in stale.values_list("job_id", "number").iterator():
        count += batch_chunks_enqueue(job_id=job_id, numbers=[number])
    return count


def batch_job_get(*, partner: Partner, job_id: UUID | str) -> BatchJob | None:
    """The partner's own job, or None: another partner's job looks exactly like a missing one."""
    return BatchJob.objects.filter(partner=partner, id=job_id).first()


def batch_job_progress(*, job: BatchJob, now=None) -> dict[str, Any]:
    """Rows a second so far (since the first chunk was claimed) and the seconds left at that
    rate; None while unknown."""
    now = now or timezone.now()
    rate = eta = None
    if job.started_at and job.processed:
        elapsed = ((job.finished_at or now) - job.started_at).total_seconds()
        if elapsed > 0:
            rate = job.processed / elapsed
            if job.status in ACTIVE:
                eta = (job.total - job.processed) / rate
            elif job.status == BatchJob.Status.DONE:
                eta = 0.0
    return {
        "rate_per_s": round(rate, 1) if rate is not None else None,
        "eta_s": round(eta, 1) if eta is not None else None,
    }


def batch_job_wait(
    *, job_id: UUID | str, every: float = 0.2, check: Callable[[], None] | None = None
) -> BatchJob:
    """Wait for a job to finish (done, failed or cancelled) and return it; `check` is called
    between polls (it may raise to stop waiting)."""
    while True:
        job = BatchJob.objects.get(id=job_id)
        if job.status not in ACTIVE:
            return job
        if check is not None:
            check()
        time.sleep(every)
