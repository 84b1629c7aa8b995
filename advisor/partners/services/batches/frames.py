"""A chunk's rows as the table the engine checks and scores, each with its line number."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd

from advisor.engine.vocabulary import MARKETS
from advisor.partners.models import BatchChunk, BatchJob
from advisor.partners.services.batches.formats import (
    JSONL_FIELDS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
)


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
