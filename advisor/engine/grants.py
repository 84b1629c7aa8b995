"""Grants: the programmes a profile is eligible for, by expected value and by breadth.

The expected value (typical amounts, in USD) is judged against the stage's typical round, so a
100,000 USD grant matters to a pre-seed company and hardly to a growth one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from advisor.engine.errors import InvalidDataset
from advisor.engine.vocabulary import SECTORS, STAGES

ALL = "*"


@dataclass(frozen=True)
class GrantTables:
    score: np.ndarray  # (sectors, stages, regions) 0..100
    value_usd: np.ndarray  # (sectors, stages, regions) expected value of eligible programmes
    count: np.ndarray  # (sectors, stages, regions) number of eligible programmes
    uncertainty: np.ndarray  # (regions,) relative


def parse_slugs(text: str, vocabulary: tuple[str, ...], what: str) -> list[str]:
    """'*' means all; otherwise ';'-separated slugs, each of which must be known."""
    if text.strip() == ALL:
        return list(vocabulary)
    slugs = [part.strip() for part in text.split(";") if part.strip()]
    unknown = [slug for slug in slugs if slug not in vocabulary]
    if unknown or not slugs:
        raise InvalidDataset(f"unknown {what} {', '.join(unknown) or '(none)'} in {text!r}")
    return slugs


def usd_amounts(grants: pd.DataFrame, fx_rates: pd.DataFrame) -> pd.Series:
    rates = fx_rates.set_index("currency")["usd_per_unit"]
    unknown = sorted(set(grants["currency"]) - set(rates.index))
    if unknown:
        raise InvalidDataset(f"grant programmes in currencies without a rate: {', '.join(unknown)}")
    return grants["typical_amount"] * grants["currency"].map(rates)


def build(
    grants: pd.DataFrame,
    fx_rates: pd.DataFrame,
    regions: tuple[str, ...],
    stages: pd.DataFrame,
    params: dict[str, float],
) -> GrantTables:
    shape = (len(SECTORS), len(STAGES), len(regions))
    value = np.zeros(shape)
    count = np.zeros(shape)
    region_index = {slug: number for number, slug in enumerate(regions)}
    sector_index = {slug: number for number, slug in enumerate(SECTORS)}
    stage_index = {slug: number for number, slug in enumerate(STAGES)}
    usd = usd_amounts(grants, fx_rates)
    uncertain = np.zeros(len(regions))
    listed = np.zeros(len(regions))
    for row, amount in zip(grants.itertuples(index=False), usd, strict=True):
        if row.region not in region_index:
            raise InvalidDataset(f"grant programme {row.name!r} is for unknown region {row.region}")
        if not np.isfinite(amount) or amount < 0:
            raise InvalidDataset(f"grant programme {row.name!r} has no typical amount")
        r = region_index[row.region]
        sectors = [sector_index[s] for s in parse_slugs(row.sectors, SECTORS, "sector")]
        stages_ = [stage_index[s] for s in parse_slugs(row.stages, STAGES, "stage")]
        value[np.ix_(sectors, stages_, [r])] += amount
        count[np.ix_(sectors, stages_, [r])] += 1
        uncertain[r] += params[
            "uncertainty.estimate" if row.is_estimate else "uncertainty.measured"
        ]
        listed[r] += 1

    typical_round = stages.set_index("slug").reindex(list(STAGES))["typical_round_usd"].to_numpy()
    relative = value / typical_round[None, :, None]
    amount_score = 1 - np.exp(-relative / params["grants.value_scale"])
    breadth = np.minimum(count / params["grants.breadth_saturation"], 1.0)
    share = params["grants.amount_share"]
    uncertainty = np.where(
        listed > 0, uncertain / np.maximum(listed, 1), params["uncertainty.measured"]
    )
    return GrantTables(
        score=100 * (share * amount_score + (1 - share) * breadth),
        value_usd=value,
        count=count,
        uncertainty=uncertainty,
    )


def eligible(
    grants: pd.DataFrame, fx_rates: pd.DataFrame, region: str, sector: str, stage: str
) -> pd.DataFrame:
    """The programmes of `region` a (sector, stage) company can use, largest expected value first."""
    rows = grants[grants["region"] == region].copy()
    rows["typical_usd"] = usd_amounts(rows, fx_rates)
    keep = [
        sector in parse_slugs(row.sectors, SECTORS, "sector")
        and stage in parse_slugs(row.stages, STAGES, "stage")
        for row in rows.itertuples(index=False)
    ]
    return rows[keep].sort_values("typical_usd", ascending=False)
