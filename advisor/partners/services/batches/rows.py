"""One row of a job as a full case, as POST /api/v1/cases/ would submit it."""

from __future__ import annotations

import csv
import json
from typing import Any

from advisor.engine.vocabulary import MARKETS
from advisor.errors import DomainError
from advisor.partners.models import BatchChunk, BatchJob, Partner
from advisor.partners.services.batches.formats import (
    OPTIONAL_COLUMNS,
)
from advisor.partners.services.submissions import Accepted, partner_case_submit


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
