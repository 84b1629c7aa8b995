"""The upload: read from the request stream a block at a time and stored as chunks, each queued
for the workers as soon as it is stored.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.db import transaction

from advisor.errors import DomainError
from advisor.partners.models import BatchChunk, BatchJob, Partner
from advisor.partners.services.batches.formats import (
    READ_BLOCK,
    REQUIRED_COLUMNS,
)
from advisor.partners.services.batches.jobs import batch_chunks_enqueue, batch_job_finish_if_done
from advisor.services.scoring import model_current_kept


def _lines(stream: IO[bytes], *, max_line: int) -> Iterator[bytes]:
    """The stream's lines (without their newline), read a block at a time."""
    rest = b""
    number = 0
    while True:
        block = stream.read(READ_BLOCK)
        if not block:
            break
        pieces = (rest + block).split(b"\n")
        rest = pieces.pop()
        for piece in pieces:
            number += 1
            if len(piece) > max_line:
                raise _too_long(number, max_line)
            yield piece
        if len(rest) > max_line:
            raise _too_long(number + 1, max_line)
    if rest.strip():
        yield rest


def _too_long(line: int, max_line: int) -> DomainError:
    return DomainError.of("", f"line {line} is longer than {max_line} bytes")


def _text(lines: list[bytes], first_line: int) -> str:
    """A chunk's lines as text, or a refusal naming the first line that is not UTF-8 text."""
    raw = b"\n".join(lines)
    if b"\x00" not in raw:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
    for offset, line in enumerate(lines):
        try:
            if b"\x00" in line:
                raise UnicodeDecodeError("utf-8", line, 0, 1, "NUL byte")
            line.decode("utf-8")
        except UnicodeDecodeError:
            raise DomainError.of("", f"line {first_line + offset} is not UTF-8 text") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _header(line: bytes) -> str:
    header = line.decode("utf-8", errors="replace").lstrip("\ufeff").strip()
    columns = [name.strip() for name in next(csv.reader([header]), [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise DomainError.of("", f"line 1 (the header) lacks the column(s) {', '.join(missing)}")
    return header


def batch_job_create(
    *,
    partner: Partner | None,
    stream: IO[bytes],
    format: str,
    samples: int | None = None,
) -> BatchJob:
    """Store an upload as a job of chunks, read from `stream` a block at a time, each chunk
    queued for the workers as soon as it is stored: they score the first chunks while the rest
    is still arriving. The job can be done only once the whole upload is in (`uploaded`). Raises
    DomainError (no rows, too many, a line too long or not UTF-8, a CSV header without the
    profile columns, no region data), and then nothing of the upload is kept."""
    model = model_current_kept()
    if samples is None:
        samples = int(model.params["robustness.batch_samples"])
    job = BatchJob.objects.create(
        partner=partner,
        format=format,
        dataset_version=model.version,
        regions=list(model.regions),
        samples=samples,
    )
    try:
        total, count = _upload(job, _lines(stream, max_line=settings.BATCH_MAX_LINE_BYTES))
    except BaseException:
        # Chunks a worker already took find their job gone and stop (batch_chunk_score).
        BatchJob.objects.filter(id=job.id).delete()
        raise
    with transaction.atomic():
        BatchJob.objects.filter(id=job.id).update(total=total, chunk_count=count, uploaded=True)
        # Every chunk may have been scored while the last one was arriving.
        batch_job_finish_if_done(job_id=job.id)
    job.refresh_from_db()
    return job


def _upload(job: BatchJob, lines: Iterator[bytes]) -> tuple[int, int]:
    """Store the upload's rows as chunks (each queued once it commits): (rows, chunks)."""
    line_number = 1
    if job.format == BatchJob.Format.CSV:
        first = next(lines, None)
        if first is None:
            raise DomainError.of("", "the body is empty: send a header line and rows")
        job.header = _header(first)
        job.save(update_fields=["header"])  # before any chunk: workers read each with it
        line_number = 2
    total = 0
    count = 0
    pending: list[bytes] = []
    for line in lines:
        pending.append(line)
        if total + len(pending) > settings.BATCH_MAX_ROWS:
            raise DomainError.of(
                "", f"a job has at most {settings.BATCH_MAX_ROWS:,} rows; send several jobs"
            )
        if len(pending) == settings.BATCH_CHUNK_ROWS:
            _chunk_store(job, count, line_number, pending)
            line_number += len(pending)
            total += len(pending)
            count += 1
            pending = []
    if pending:
        _chunk_store(job, count, line_number, pending)
        total += len(pending)
        count += 1
    if total == 0:
        raise DomainError.of("", "the body has no rows to score")
    return total, count


def _chunk_store(job: BatchJob, number: int, first_line: int, lines: list[bytes]) -> None:
    source = _text(lines, first_line)
    with transaction.atomic():
        BatchChunk.objects.create(
            job=job, number=number, first_line=first_line, rows=len(lines), source=source
        )
        transaction.on_commit(lambda: batch_chunks_enqueue(job_id=job.id, numbers=[number]))
