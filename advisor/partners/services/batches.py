"""Batch jobs: up to BATCH_MAX_ROWS profiles (CSV with the columns of `recommend --batch`, or
JSON Lines), scored by the workers chunk by chunk into compact result rows.

The upload is read from the request stream a block at a time and stored as chunks of
BATCH_CHUNK_ROWS rows (rows of BatchChunk in PostgreSQL, which every web and worker machine
already shares), so neither the web process nor a worker ever holds the whole file. Each chunk is
one Celery task on CELERY_BATCH_QUEUE. Scoring a chunk is idempotent: its output replaces the
chunk's own, and the job's counters move only in the transaction that first marks the chunk done
(under a row lock), so a chunk redone after its worker was killed counts its rows once.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from typing import IO, Any
from uuid import UUID

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from advisor.engine.vocabulary import MARKETS
from advisor.errors import DomainError
from advisor.partners.models import BatchChunk, BatchJob, Partner
from advisor.partners.services.submissions import Accepted, partner_case_submit
from advisor.platform.publishing import publish
from advisor.services.scoring import model_current_kept, table_score_at_version

logger = logging.getLogger(__name__)

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


# --- upload ---------------------------------------------------------------------------------


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
        _done_if_finished(job.id)
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


def _done_if_finished(job_id: UUID | str) -> None:
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


# --- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChunkFrame:
    frame: pd.DataFrame  # the rows that reached the engine
    lines: list[int]  # the line number of each of them
    problems: dict[int, str]  # line -> why it was refused before the engine


def chunk_frame(job: BatchJob, chunk: BatchChunk) -> ChunkFrame:
    """A chunk's rows as the table the engine checks and scores (as `recommend --batch` reads
    its file), with each row's line number."""
    if job.format == BatchJob.Format.CSV:
        frame = pd.read_csv(
            io.StringIO(job.header + "\n" + chunk.source),
            dtype=str,
            keep_default_na=False,
            skipinitialspace=True,
            skip_blank_lines=False,
            on_bad_lines="skip",
        )
        frame.columns = [str(name).strip() for name in frame.columns]
        if len(frame) == chunk.rows:
            lines = list(range(chunk.first_line, chunk.first_line + chunk.rows))
            return ChunkFrame(frame=frame, lines=lines, problems={})
        return _csv_rows_one_by_one(job, chunk)
    return _jsonl_frame(chunk)


def _csv_rows_one_by_one(job: BatchJob, chunk: BatchChunk) -> ChunkFrame:
    """The slow path, for a chunk with a row pandas skipped (more cells than the header):
    each line on its own, so every refusal keeps its line number."""
    columns = [name.strip() for name in next(csv.reader([job.header]))]
    rows, lines, problems = [], [], {}
    for offset, text in enumerate(chunk.source.split("\n")):
        line = chunk.first_line + offset
        cells = next(csv.reader([text]), [])
        if len(cells) > len(columns):
            problems[line] = f"{len(cells)} cells where the header has {len(columns)}"
            continue
        rows.append([cell.strip() for cell in cells] + [""] * (len(columns) - len(cells)))
        lines.append(line)
    return ChunkFrame(frame=pd.DataFrame(rows, columns=columns), lines=lines, problems=problems)


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def _jsonl_frame(chunk: BatchChunk) -> ChunkFrame:
    rows, lines, problems = [], [], {}
    for offset, text in enumerate(chunk.source.split("\n")):
        line = chunk.first_line + offset
        try:
            item = json.loads(text)
        except ValueError:
            problems[line] = "not a JSON object" if text.strip() else "an empty line"
            continue
        if not isinstance(item, dict):
            problems[line] = "not a JSON object"
            continue
        unknown = sorted(set(item) - JSONL_FIELDS)
        if unknown:
            problems[line] = f"unknown field {unknown[0]!r}"
            continue
        markets = item.get("markets")
        if not isinstance(markets, dict):
            problems[line] = 'markets: give the customer shares as an object, e.g. {"CN": 80}'
            continue
        strange = [code for code in markets if code not in MARKETS]
        if strange:
            problems[line] = (
                f"markets: unknown market {strange[0]!r}; expected one of: {', '.join(MARKETS)}"
            )
            continue
        row = {name: _cell(item.get(name)) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)}
        row.update({code: _cell(markets.get(code)) for code in MARKETS})
        rows.append(row)
        lines.append(line)
    columns = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *MARKETS]
    return ChunkFrame(frame=pd.DataFrame(rows, columns=columns), lines=lines, problems=problems)


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
    return _csv_lines(output), [[line, problems[line]] for line in sorted(problems)], len(output)


def _csv_lines(frame: pd.DataFrame) -> str:
    """The frame's rows as CSV lines, without the header: what DataFrame.to_csv writes (floats
    by their shortest repr, NaN as empty), at twice its speed (to_csv was a quarter of a
    chunk's time)."""
    columns = [
        ["" if value != value else value for value in frame[name].tolist()]  # NaN -> ""
        if frame[name].dtype.kind == "f" and frame[name].isna().any()
        else frame[name].tolist()
        for name in frame.columns
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(zip(*columns, strict=True))
    return out.getvalue()


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
        _done_if_finished(job_id)
    return True


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


# --- results --------------------------------------------------------------------------------


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


# --- a row as a full case ---------------------------------------------------------------------


def batch_row_profile(*, job: BatchJob, line: int) -> dict[str, Any]:
    """The profile on line `line` of the upload, as a case submission (POST /api/v1/cases/)."""
    chunk = (
        BatchChunk.objects.filter(job=job, first_line__lte=line)
        .order_by("-first_line")
        .only("first_line", "rows", "source")
        .first()
    )
    if chunk is None or line >= chunk.first_line + chunk.rows:
        raise DomainError.of("line", f"the job has no row on line {line}")
    text = chunk.source.split("\n")[line - chunk.first_line]
    if job.format == BatchJob.Format.CSV:
        columns = [name.strip() for name in next(csv.reader([job.header]))]
        cells = [cell.strip() for cell in next(csv.reader([text]), [])]
        row: dict[str, Any] = dict(zip(columns, cells, strict=False))
        markets = {code: row[code] for code in MARKETS if row.get(code, "") not in ("", "0")}
    else:
        try:
            row = json.loads(text)
        except ValueError:
            raise DomainError.of("line", f"line {line} is not a JSON object") from None
        if not isinstance(row, dict) or not isinstance(row.get("markets"), dict):
            raise DomainError.of("line", f"line {line} is not a profile")
        markets = row["markets"]
    profile: dict[str, Any] = {
        "startup_name": str(row.get("id") or f"Line {line}"),
        "sector": row.get("sector"),
        "stage": row.get("stage"),
        "customer_type": row.get("customer_type"),
        "markets": {code: _number(share) for code, share in markets.items()},
    }
    for name in OPTIONAL_COLUMNS:
        if row.get(name) not in (None, ""):
            profile[name] = _number(row[name]) if name == "funding_need_usd" else row[name]
    return profile


def _number(value: Any) -> Any:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value  # the case checker names what is wrong with it
    return int(number) if number.is_integer() else number


def batch_row_case_submit(*, partner: Partner, job: BatchJob, line: int) -> Accepted:
    """Turn one row of a partner's job into a full case (queued, scored with the full
    robustness analysis, with its explanation), as POST /api/v1/cases/ would."""
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        raise DomainError.of("line", "give the row's line number (a whole number from 1)")
    return partner_case_submit(partner=partner, data=batch_row_profile(job=job, line=line))


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
