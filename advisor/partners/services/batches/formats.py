"""What a batch job reads and writes: formats, columns, and the states of a job still going."""

from __future__ import annotations

from advisor.partners.models import BatchJob

FORMATS = {
    "text/csv": BatchJob.Format.CSV,
    "application/x-ndjson": BatchJob.Format.JSONL,
    "application/jsonl": BatchJob.Format.JSONL,
}
REQUIRED_COLUMNS = ("id", "sector", "stage", "customer_type")
OPTIONAL_COLUMNS = ("founder_nationality", "incorporated_in", "funding_need_usd")
JSONL_FIELDS = frozenset((*REQUIRED_COLUMNS, "markets", *OPTIONAL_COLUMNS))
READ_BLOCK = 1 << 18  # bytes read from the request at a time
ACTIVE = (BatchJob.Status.QUEUED, BatchJob.Status.RUNNING)


def batch_format(content_type: str) -> str | None:
    """The job format a Content-Type names (parameters such as charset ignored), or None."""
    return FORMATS.get(content_type.split(";")[0].strip().lower())


def result_columns(job: BatchJob) -> list[str]:
    """The result's columns: those of `recommend --batch` output."""
    return ["id", "recommendation", "confidence", *job.regions]
