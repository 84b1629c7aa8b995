"""python manage.py recommend: the engine from the command line (a contract for scripts)."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from time import perf_counter
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError

from advisor.engine.vocabulary import CRITERIA
from advisor.platform.refusals import refusals_as_command_errors
from advisor.services.scoring import profile_recommend, profiles_score_table
from advisor.services.tables import table_csv_write


def _pairs(values: list[str], option: str, meaning: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, number = value.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"{option} expects {meaning}, got {value!r}")
        pairs[key.strip()] = number.strip()
    return pairs


class Command(BaseCommand):
    help = (
        "Recommend where a startup should be based. One profile: --sector --stage --customer-type "
        "--market CODE=PERCENT ... [--weight CRITERION=N ...] [--region SLUG ...] [--json]. "
        "A file of profiles: --batch in.csv --out out.csv."
    )

    def add_arguments(self, parser) -> None:
        # Options are checked here rather than by argparse, so every mistake is one clear line.
        parser.add_argument("--sector")
        parser.add_argument("--stage")
        parser.add_argument("--customer-type", dest="customer_type")
        parser.add_argument("--market", action="append", default=[], metavar="CODE=PERCENT")
        parser.add_argument("--weight", action="append", default=[], metavar="CRITERION=N")
        parser.add_argument("--region", action="append", default=[], metavar="SLUG")
        parser.add_argument(
            "--founder-nationality",
            dest="founder_nationality",
            metavar="CC",
            help="the founders' nationality (ISO 3166-1 alpha-2, e.g. US)",
        )
        parser.add_argument(
            "--incorporated-in",
            dest="incorporated_in",
            metavar="CC",
            help="where the company is incorporated now (ISO code)",
        )
        parser.add_argument(
            "--funding-need",
            dest="funding_need_usd",
            metavar="USD",
            help="the money the startup is raising, in US dollars",
        )
        parser.add_argument(
            "--current-location",
            dest="current_location",
            metavar="WHERE",
            help="where the company is now: a region slug or name, or a country code (e.g. US)",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--samples", help="robustness samples (0 turns the analysis off)")
        parser.add_argument("--batch", type=Path, metavar="IN.CSV")
        parser.add_argument("--out", type=Path, metavar="OUT.CSV")
        parser.add_argument(
            "--workers",
            metavar="N",
            help="send the batch through the queue as a batch job, with N worker processes "
            "started here for it (workers already running elsewhere help too)",
        )

    @refusals_as_command_errors
    def handle(self, *args: Any, **options: Any) -> None:
        samples = self._samples(options["samples"])
        workers = self._workers(options["workers"])
        if workers and not options["batch"]:
            raise CommandError("--workers goes with --batch")
        if options["batch"] and workers:
            self._batch_queued(options["batch"], options["out"], samples, workers)
        elif options["batch"]:
            self._batch(options["batch"], options["out"], samples)
        else:
            self._single(options, samples)

    def _samples(self, raw: str | None) -> int | None:
        if raw is None:
            return None
        try:
            samples = int(raw)
        except ValueError:
            raise CommandError(f"--samples must be a whole number, got {raw!r}") from None
        if not 0 <= samples <= 100_000:
            raise CommandError("--samples must be between 0 and 100000")
        return samples

    def _workers(self, raw: str | None) -> int:
        if raw is None:
            return 0
        if not raw.isdigit() or not 1 <= int(raw) <= 64:
            raise CommandError(f"--workers must be a whole number from 1 to 64, got {raw!r}")
        return int(raw)

    def _single(self, options: dict[str, Any], samples: int | None) -> None:
        for option in ("sector", "stage", "customer_type"):
            if not options[option]:
                raise CommandError(f"--{option.replace('_', '-')} is required")
        if not options["market"]:
            raise CommandError(
                "give at least one --market CODE=PERCENT (for example --market CN=80)"
            )
        profile = {
            "sector": options["sector"],
            "stage": options["stage"],
            "customer_type": options["customer_type"],
            "markets": _pairs(options["market"], "--market", "CODE=PERCENT"),
            "weights": _pairs(options["weight"], "--weight", "CRITERION=NUMBER"),
            "regions": options["region"],
            "founder_nationality": options["founder_nationality"],
            "incorporated_in": options["incorporated_in"],
            "funding_need_usd": _whole_dollars(options["funding_need_usd"]),
            "current_location": options["current_location"],
        }
        result = profile_recommend(profile=profile, samples=samples)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(self._table(result))

    def _table(self, result: dict[str, Any]) -> str:
        headers = ["#", "region", "score", *CRITERIA, "first"]
        rows = [
            [
                str(entry["rank"]),
                entry["region"],
                f"{entry['score']:.1f}",
                *(f"{entry['criteria'][c]:.0f}" for c in CRITERIA),
                f"{result['robustness'].get(entry['region'], 0):.0%}"
                if result["robustness"]
                else "-",
            ]
            for entry in result["ranking"]
        ]
        widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=False)]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in [headers, *rows]
        ]
        weights = ", ".join(f"{c}={w:.2f}" for c, w in result["weights"].items())
        return "\n".join(
            [
                f"Recommendation: {result['recommendation']}",
                "",
                *lines,
                "",
                result["explanation"],
                "",
                f"Weights: {weights}",
                f"Dataset {result['dataset_version']}, engine {result['engine_version']}",
            ]
        )

    def _batch(self, source: Path, target: Path | None, samples: int | None) -> None:
        if target is None:
            raise CommandError("--batch needs --out OUT.CSV")
        started = perf_counter()
        frame, lines, unreadable = _read_batch(source)
        output, problems = profiles_score_table(frame=frame, samples=samples)
        try:
            with target.open("w", newline="", encoding="utf-8") as handle:
                table_csv_write(output, handle)
        except OSError as error:
            raise CommandError(f"cannot write {target}: {error}") from None
        rejected = {
            **unreadable,
            **{lines[position]: message for position, message in problems.items()},
        }
        for line, message in sorted(rejected.items()):
            sys.stderr.write(f"line {line}: {message}\n")
        self.stderr.write(
            f"Scored {len(output):,} profiles into {target}; {len(rejected):,} rows rejected "
            f"({perf_counter() - started:.2f} s)."
        )

    def _batch_queued(
        self, source: Path, target: Path | None, samples: int | None, workers: int
    ) -> None:
        """The same batch as a batch job: uploaded in chunks, scored by the queue's workers
        (`workers` of them started here), its results written as the in-process path writes
        them."""
        # Imported here: the one-profile path must not pay for them at start-up.
        from django.conf import settings

        from advisor.partners.services.batches import (
            batch_errors_all,
            batch_job_create,
            batch_job_wait,
            batch_results_csv,
        )
        from advisor.platform.workers import local_workers

        if target is None:
            raise CommandError("--batch needs --out OUT.CSV")
        started = perf_counter()
        with local_workers(queue=settings.CELERY_BATCH_QUEUE, processes=workers) as check:
            try:
                with source.open("rb") as handle:
                    job = batch_job_create(
                        partner=None, stream=handle, format="csv", samples=samples
                    )
            except FileNotFoundError:
                raise CommandError(f"input file {source} does not exist") from None
            try:
                job = batch_job_wait(job_id=job.id, check=check)
            except RuntimeError as error:
                raise CommandError(str(error)) from None
        if job.status != "done":
            raise CommandError(f"batch job {job.id} {job.status}: {job.error}".strip(": "))
        try:
            with target.open("w", encoding="utf-8", newline="") as out:
                for text in batch_results_csv(job=job):
                    out.write(text)
        except OSError as error:
            raise CommandError(f"cannot write {target}: {error}") from None
        for error in batch_errors_all(job=job):
            sys.stderr.write(f"line {error['line']}: {error['detail']}\n")
        self.stderr.write(
            f"Scored {job.done:,} profiles into {target}; {job.failed:,} rows rejected "
            f"({perf_counter() - started:.2f} s, batch job {job.id}, {workers} worker "
            f"process{'es' if workers > 1 else ''})."
        )


def _whole_dollars(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise CommandError("--funding-need must be a whole number of US dollars") from None


def _read_batch(source: Path) -> tuple[pd.DataFrame, list[int], dict[int, str]]:
    """The batch file's rows as text, the line each row starts on (the header is line 1; a
    quoted field may span lines), and the rows that cannot be read, by line: one with more
    fields than the header is reported, not the end of the whole file. Missing trailing fields
    are empty, as pandas reads them."""
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"input file {source} does not exist") from None
    except OSError as error:
        raise CommandError(f"cannot read {source}: {error}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"cannot read {source} as CSV: {error}".splitlines()[0]) from None
    simple = _read_simple(text)
    return simple if simple is not None else _read_rows(source, text)


def _read_simple(text: str) -> tuple[pd.DataFrame, list[int], dict[int, str]] | None:
    """The common file read by pandas' C parser (a 100,000-row file in a tenth of the time):
    one without quotes, carriage returns or a byte-order mark, whose every line after the
    header has text and at most the header's fields, so each line is one row. None otherwise."""
    if not text or any(mark in text for mark in ('"', "\r", "\ufeff")):
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    header = [name.lstrip(" ") for name in lines[0].split(",")]
    body = lines[1:]
    if any(not line.strip() or line.count(",") >= len(header) for line in body):
        return None
    frame = pd.read_csv(
        io.StringIO(text),
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        skipinitialspace=True,
        engine="c",
    )
    if len(frame) != len(body) or list(frame.columns) != header:  # e.g. a repeated column name
        return None
    return frame.fillna(""), list(range(2, len(body) + 2)), {}


def _read_rows(source: Path, text: str) -> tuple[pd.DataFrame, list[int], dict[int, str]]:
    """Any other file, row by row with the csv module."""
    rows: list[list[str]] = []
    lines: list[int] = []
    unreadable: dict[int, str] = {}
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    try:
        header = next(reader, None)
        if not header:
            raise CommandError(f"cannot read {source} as CSV: the file has no header")
        width = len(header)
        start = reader.line_num + 1
        for row in reader:
            if not row:  # a blank line
                pass
            elif len(row) > width:
                unreadable[start] = f"expected {width} fields, saw {len(row)}"
            else:
                rows.append(row + [""] * (width - len(row)))
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise CommandError(f"cannot read {source} as CSV: {error}".splitlines()[0]) from None
    return pd.DataFrame(rows, columns=header, dtype=str), lines, unreadable
