"""Scoring a chunk: claimed, scored, and counted once in the job (under a row lock)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pandas as pd
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from advisor.partners.models import BatchChunk, BatchJob
from advisor.partners.services.batches.formats import (
    ACTIVE,
    result_columns,
)
from advisor.partners.services.batches.frames import chunk_frame
from advisor.partners.services.batches.jobs import batch_job_finish_if_done
from advisor.services.scoring import table_score_at_version
from advisor.services.tables import table_csv_lines


def chunk_table_score(job: BatchJob, chunk: BatchChunk) -> tuple[str, list[list[Any]], int]:
    """A chunk's result rows (CSV lines, no header), its refusals [[line, message]] and how
    many rows it scored."""
    read = chunk_frame(job, chunk)
    problems = dict(read.problems)
    output = pd.DataFrame(columns=result_columns(job))
    if len(read.frame):
        output, refused = table_score_at_version(
            frame=read.frame, version=job.dataset_version, samples=job.samples
        )
        for position, message in refused.items():
            problems[read.lines[position]] = message
    return (
        table_csv_lines(output),
        [[line, problems[line]] for line in sorted(problems)],
        len(output),
    )


def batch_chunk_score(*, job_id: UUID | str, number: int, worker: str = "") -> bool:
    """Score one chunk of a job that is still going; False when there was nothing to do (the
    job is finished or cancelled, the chunk done already)."""
    job = BatchJob.objects.filter(id=job_id).first()
    if job is None or job.status not in ACTIVE:
        return False
    now = timezone.now()
    claimed = (
        BatchChunk.objects.filter(job_id=job_id, number=number)
        .exclude(status=BatchChunk.Status.DONE)
        .update(status=BatchChunk.Status.RUNNING, started_at=now, worker=worker[:200],
                attempts=F("attempts") + 1)
    )  # fmt: skip
    if not claimed:
        return False
    BatchJob.objects.filter(id=job_id, status=BatchJob.Status.QUEUED).update(
        status=BatchJob.Status.RUNNING, started_at=now
    )
    chunk = BatchChunk.objects.only("first_line", "rows", "source").get(
        job_id=job_id, number=number
    )
    results, errors, scored = chunk_table_score(job, chunk)
    with transaction.atomic():
        # The row lock orders two workers finishing the same chunk (one thought dead): the
        # second finds it done and leaves the counters alone.
        status = (
            BatchChunk.objects.select_for_update()
            .filter(job_id=job_id, number=number)
            .values_list("status", flat=True)
            .get()
        )
        if status == BatchChunk.Status.DONE:
            return False
        finished = timezone.now()
        BatchChunk.objects.filter(job_id=job_id, number=number).update(
            status=BatchChunk.Status.DONE,
            results=results,
            errors=errors,
            scored=scored,
            rejected=len(errors),
            finished_at=finished,
        )
        BatchJob.objects.filter(id=job_id).update(
            done=F("done") + scored,
            failed=F("failed") + len(errors),
            chunks_finished=F("chunks_finished") + 1,
        )
        batch_job_finish_if_done(job_id=job_id)
    return True
