"""A job's results and refused rows, read one chunk at a time."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from itertools import islice
from typing import Any

from advisor.partners.models import BatchChunk, BatchJob
from advisor.partners.services.batches.formats import (
    result_columns,
)


def _finished_chunks(job: BatchJob, field: str) -> Iterator[Any]:
    """A field of each done chunk in order, read one chunk at a time."""
    numbers = list(
        BatchChunk.objects.filter(job=job, status=BatchChunk.Status.DONE)
        .order_by("number")
        .values_list("number", flat=True)
    )
    for number in numbers:
        yield BatchChunk.objects.filter(job=job, number=number).values_list(field, flat=True).get()


def batch_results_csv(*, job: BatchJob) -> Iterator[str]:
    """The result rows of every scored chunk, in upload order, as `recommend --batch` writes
    them: a header, then one line a scored row."""
    yield ",".join(result_columns(job)) + "\n"
    yield from (text for text in _finished_chunks(job, "results") if text)


def batch_results_jsonl(*, job: BatchJob) -> Iterator[str]:
    """The same rows as JSON Lines: {"id", "recommendation", "confidence", "scores"}."""
    for text in _finished_chunks(job, "results"):
        lines = []
        for cells in csv.reader(io.StringIO(text)):
            scores = dict(zip(job.regions, map(float, cells[3:]), strict=True))
            lines.append(
                json.dumps(
                    {
                        "id": cells[0],
                        "recommendation": cells[1],
                        "confidence": float(cells[2]) if cells[2] else None,
                        "scores": scores,
                    },
                    ensure_ascii=False,
                )
            )
        if lines:
            yield "\n".join(lines) + "\n"


def batch_errors_all(*, job: BatchJob) -> Iterator[dict[str, Any]]:
    """The refused rows, by line number ({"line", "detail"}), read one chunk at a time."""
    for errors in _finished_chunks(job, "errors"):
        for line, detail in errors:
            yield {"line": line, "detail": detail}


def batch_errors(*, job: BatchJob, limit: int) -> list[dict[str, Any]]:
    """The first `limit` refused rows."""
    return list(islice(batch_errors_all(job=job), limit))
