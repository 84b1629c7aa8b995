"""CSV export of cases with their scores, for advisors who analyse them in a spreadsheet."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from advisor.engine.vocabulary import CRITERIA, MARKETS
from advisor.models import Case
from advisor.selectors import cases_with_recommendation
from advisor.services.text import spreadsheet_cell
from regions.models import Region

CASE_COLUMNS = (
    "id",
    "startup_name",
    "sector",
    "stage",
    "customer_type",
    "markets",
    "channel",
    "status",
    "created_at",
    "scored_at",
    "recommendation",
    "confidence",
    "robustness",
    "review_state",
    "reviewed_region",
    "review_reason",
    "reviewed_by",
    "assigned_to",
    "dataset_version",
    "engine_version",
)


def cases_csv(*, cases: QuerySet[Case]) -> Iterator[str]:
    """The cases as CSV text, a line at a time (so thousands of cases stream without piling up).

    One row per case. After the case columns: each region's total score (column `<region>`) and
    its per-criterion scores (`<region>.<criterion>`), all 0-100; empty where the case has no
    result or did not compare that region.
    """
    regions = list(Region.objects.order_by("slug").values_list("slug", flat=True))
    header = [
        *CASE_COLUMNS,
        *(
            column
            for region in regions
            for column in (region, *(f"{region}.{criterion}" for criterion in CRITERIA))
        ),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: list[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_safe(cell) for cell in cells])
        return buffer.getvalue()

    yield line(header)
    rows = (
        cases_with_recommendation(cases)
        .select_related("reviewed_by", "assigned_to")
        .order_by("-created_at", "id")
    )
    for case in rows.iterator(chunk_size=500):
        yield line([*_case_cells(case), *_score_cells(case, regions)])


def _case_cells(case: Case) -> list[Any]:
    markets = ";".join(
        f"{code}={case.markets[code]:g}" for code in MARKETS if case.markets.get(code)
    )
    return [
        case.id,
        case.startup_name,
        case.sector,
        case.stage,
        case.customer_type,
        markets,
        case.channel,
        case.status,
        case.created_at.isoformat(),
        case.scored_at.isoformat() if case.scored_at else "",
        case.recommended_region or "",
        "" if case.confidence is None else round(case.confidence, 4),
        case.robustness or "",
        case.review_state,
        case.reviewed_region,
        case.review_reason,
        case.reviewed_by.get_username() if case.reviewed_by else "",
        case.assigned_to.get_username() if case.assigned_to else "",
        case.dataset_version,
        case.engine_version,
    ]


def _score_cells(case: Case, regions: list[str]) -> list[Any]:
    ranking = {entry["region"]: entry for entry in (case.result or {}).get("ranking", [])}
    cells: list[Any] = []
    for region in regions:
        entry = ranking.get(region)
        if entry is None:
            cells.extend([""] * (1 + len(CRITERIA)))
        else:
            cells.append(entry["score"])
            cells.extend(entry["criteria"].get(criterion, "") for criterion in CRITERIA)
    return cells


def _safe(cell: Any) -> Any:
    return spreadsheet_cell(cell)
