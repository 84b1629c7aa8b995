"""Matching for agencies: a partner that promotes a region (PartnerRegion) sees its own cases
ranked by how well that region fits each, with the smallest change that would put the region
first. Read by GET /api/v1/regions/{slug}/matches/ and the admin's matches page.

The order is the region's rank in the case (1: it is the recommendation), then the gap to the
recommendation's score (smallest first), then the region's score (highest first), then the
newest case. Only cases whose stored result ranks the region are listed: a case not yet scored,
or one that did not compare the region, has no place to report. A case being scored again keeps
its last result, so it is listed (with its status) until the new one replaces it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import F, QuerySet
from django.utils import translation

from advisor.engine.promotions import Standing
from advisor.models import Case
from advisor.partners.documents import case_url
from advisor.partners.models import Partner, PartnerCase, PartnerRegion
from advisor.presentation.explanations import promotion_text
from advisor.ranking_sql import RankingEntry
from advisor.services.standings import cases_region_standing
from advisor.services.text import spreadsheet_cell
from regions.models import Region

MATCH_COLUMNS = (
    "case_id",
    "startup_name",
    "sector",
    "stage",
    "status",
    "created_at",
    "rank",
    "regions_compared",
    "score",
    "recommendation",
    "recommendation_score",
    "gap",
    "weight_criterion",
    "weight_from",
    "weight_to",
    "figure_indicator",
    "figure_from",
    "figure_to",
    "promotion",
)
CSV_CHUNK = 500  # cases read (with their results) at a time while the CSV streams


@dataclass(frozen=True)
class Match:
    link: PartnerCase
    standing: Standing

    @property
    def regions_compared(self) -> int:
        return len(self.link.case.result.get("ranking") or [])


def partner_region_link(*, partner: Partner, slug: str) -> PartnerRegion | None:
    """The partner's link to the region `slug`, or None when it does not promote it."""
    return (
        PartnerRegion.objects.select_related("region")
        .filter(partner=partner, region__slug=slug)
        .first()
    )


def region_exists(*, slug: str) -> bool:
    return Region.objects.filter(slug=slug).exists()


def partner_region_matches(
    *,
    partner: Partner,
    region: str,
    sector: str | None = None,
    stage: str | None = None,
    status: str | None = None,
) -> QuerySet[PartnerCase]:
    """The partner's cases whose result ranks `region`, best fit first (see the module), filtered
    as asked; each annotated with `match_rank`, `match_score`, `winner_score` and `match_gap`."""
    # The results (about 12 KB each) are left out of the sort: matches_with_standing reads
    # those of one page (or CSV chunk) only.
    links = PartnerCase.objects.filter(partner=partner).select_related("case").defer("case__result")
    if sector:
        links = links.filter(case__sector=sector)
    if stage:
        links = links.filter(case__stage=stage)
    if status:
        links = links.filter(case__status=status)
    return (
        links.annotate(
            match_rank=RankingEntry("case__result", key="rank", region=region),
            match_score=RankingEntry("case__result", key="score", region=region),
            winner_score=RankingEntry("case__result", key="score", region=None),
        )
        .annotate(match_gap=F("winner_score") - F("match_score"))
        .filter(match_rank__isnull=False)
        .order_by("match_rank", "match_gap", "-match_score", "-created_at", "-case_id")
    )


def matches_with_standing(*, links: Iterable[PartnerCase], region: str) -> list[Match]:
    """The links (a page of partner_region_matches) with the region's standing in each,
    promotions included (advisor.services.standings)."""
    links = list(links)
    results = dict(
        Case.objects.filter(id__in=[link.case_id for link in links]).values_list("id", "result")
    )
    for link in links:
        link.case.result = results.get(link.case_id)
    standings = cases_region_standing(cases=[link.case for link in links], region=region)
    return [
        Match(link=link, standing=standing)
        for link in links
        if (standing := standings[link.case_id]) is not None
    ]


def _when(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def region_names() -> dict[str, str]:
    return dict(Region.objects.values_list("slug", "name"))


def match_promotion(*, match: Match, names: dict[str, str]) -> dict[str, Any] | None:
    """The promotion as the API gives it: its weight and figure parts, and both as a sentence in
    the active language; None for a case whose recommendation the region already is."""
    promotion = match.standing.promotion
    if promotion is None:
        return None
    return {
        "weight": promotion["weight"],
        "figure": promotion["figure"],
        "text": promotion_text(promotion, names),
    }


def match_document(*, match: Match, names: dict[str, str], base_url: str) -> dict[str, Any]:
    """A match as the API lists it (the promotion's sentence in the active language)."""
    case, standing = match.link.case, match.standing
    return {
        "id": str(case.id),
        "url": case_url(case_id=case.id, base_url=base_url),
        "startup_name": case.startup_name,
        "sector": case.sector,
        "stage": case.stage,
        "status": case.status,
        "created_at": _when(case.created_at),
        "scored_at": _when(case.scored_at),
        "rank": standing.rank,
        "regions_compared": match.regions_compared,
        "score": standing.score,
        "recommendation": standing.winner,
        "recommendation_score": standing.winner_score,
        "gap": standing.gap,
        "promotion": match_promotion(match=match, names=names),
    }


def matches_csv(*, links: QuerySet[PartnerCase], region: str) -> Iterator[str]:
    """Every match of `links` (partner_region_matches) as CSV, a line at a time, in the list's
    order: MATCH_COLUMNS, the promotion's sentence in English."""
    names = region_names()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def line(cells: Iterable[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([spreadsheet_cell(cell) for cell in cells])
        return buffer.getvalue()

    yield line(MATCH_COLUMNS)
    chunk: list[PartnerCase] = []
    for link in links.iterator(chunk_size=CSV_CHUNK):
        chunk.append(link)
        if len(chunk) == CSV_CHUNK:
            yield from _lines(chunk, region, names, line)
            chunk = []
    yield from _lines(chunk, region, names, line)


def _lines(chunk, region, names, line) -> Iterator[str]:
    with translation.override("en"):
        for match in matches_with_standing(links=chunk, region=region):
            yield line(_cells(match, names))


def _cells(match: Match, names: dict[str, str]) -> list[Any]:
    case, standing = match.link.case, match.standing
    promotion = match_promotion(match=match, names=names) or {}
    weight = promotion.get("weight") or {}
    figure = promotion.get("figure") or {}
    return [
        case.id,
        case.startup_name,
        case.sector,
        case.stage,
        case.status,
        case.created_at.isoformat(),
        standing.rank,
        match.regions_compared,
        standing.score,
        standing.winner,
        standing.winner_score,
        standing.gap,
        weight.get("criterion", ""),
        weight.get("from", ""),
        weight.get("to", ""),
        figure.get("indicator", ""),
        figure.get("from", ""),
        figure.get("to", ""),
        promotion.get("text", ""),
    ]
