"""Batch jobs: up to BATCH_MAX_ROWS profiles (CSV with the columns of `recommend --batch`, or
JSON Lines), scored by the workers chunk by chunk into compact result rows.

The upload is read from the request stream a block at a time and stored as chunks of
BATCH_CHUNK_ROWS rows (rows of BatchChunk in PostgreSQL, which every web and worker machine
already shares), so neither the web process nor a worker ever holds the whole file. Each chunk is
one Celery task on CELERY_BATCH_QUEUE. Scoring a chunk is idempotent: its output replaces the
chunk's own, and the job's counters move only in the transaction that first marks the chunk done
(under a row lock), so a chunk redone after its worker was killed counts its rows once.

One module per step; every public name is importable from here.
"""

from __future__ import annotations

from advisor.partners.services.batches.formats import (
    ACTIVE,
    FORMATS,
    JSONL_FIELDS,
    OPTIONAL_COLUMNS,
    READ_BLOCK,
    REQUIRED_COLUMNS,
    batch_format,
    result_columns,
)
from advisor.partners.services.batches.frames import ChunkFrame, chunk_frame
from advisor.partners.services.batches.jobs import (
    batch_chunks_enqueue,
    batch_chunks_requeue_stale,
    batch_job_cancel,
    batch_job_fail,
    batch_job_finish_if_done,
    batch_job_get,
    batch_job_progress,
    batch_job_wait,
)
from advisor.partners.services.batches.results import (
    batch_errors,
    batch_errors_all,
    batch_results_csv,
    batch_results_jsonl,
)
from advisor.partners.services.batches.rows import batch_row_case_submit, batch_row_profile
from advisor.partners.services.batches.scoring import batch_chunk_score, chunk_table_score
from advisor.partners.services.batches.upload import batch_job_create

__all__ = [
    "ACTIVE",
    "FORMATS",
    "JSONL_FIELDS",
    "OPTIONAL_COLUMNS",
    "READ_BLOCK",
    "REQUIRED_COLUMNS",
    "ChunkFrame",
    "batch_chunk_score",
    "batch_chunks_enqueue",
    "batch_chunks_requeue_stale",
    "batch_errors",
    "batch_errors_all",
    "batch_format",
    "batch_job_cancel",
    "batch_job_create",
    "batch_job_fail",
    "batch_job_finish_if_done",
    "batch_job_get",
    "batch_job_progress",
    "batch_job_wait",
    "batch_results_csv",
    "batch_results_jsonl",
    "batch_row_case_submit",
    "batch_row_profile",
    "chunk_frame",
    "chunk_table_score",
    "result_columns",
]
