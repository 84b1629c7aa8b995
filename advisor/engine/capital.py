"""Venture capital: depth at the profile's stage and in its sector, access for its founders, and
the tax reliefs that make local investors keener.

Depth blends the early-stage ecosystem (Startup Genome's rank) with later-stage capital (the
venture capital invested in the region in a year, and its unicorns) by the stage's early share: a
pre-seed company cares about angels and seed funds, a growth company about large funds and exits.
With a funding need given, the early share is read off the stage whose typical round is nearest
(interpolated on a log scale), so a seed company raising 20 million USD is judged on later-stage
capital. Capital invested is scored on a square-root scale (see its indicator's description): a
region with a quarter of the Bay Area's capital scores half as much, which is a ratio a founder can
check against the raw figure shown beside the score.

The sector part is the region's strength in the founder's industry cluster: measured where a
measure exists (the inventors of its science and technology cluster for hardware), rated by the
written method of regions/data/METHODS.md for the others.

Rules on foreign owners (who may own what, and with how much capital) bind foreign founders in the
policy criterion, not here. A region whose investors get a tax relief for backing this startup's
stage (the UK's SEIS/EIS) scores `venture_capital.investor_relief` more: that relief helps the
startup raise, it is not money the company banks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from advisor.engine.grants import Programmes
from advisor.engine.indicators import Indicators
from advisor.engine.vocabulary import CLUSTERS, MEASURED_CLUSTERS, RATED_CLUSTERS, STAGES


@dataclass(frozen=True)
class CapitalTables:
    early_ecosystem: np.ndarray  # (regions,) 0..1
    later_capital: np.ndarray  # (regions,) 0..1
    sector: np.ndarray  # (sectors, regions) 0..1
    investor_relief: np.ndarray  # (stages, regions) 0/1
    stage_early_share: np.ndarray  # (stages,)
    stage_round_usd: np.ndarray  # (stages,)
    parts: np.ndarray  # (3,) depth, sector, investor relief; summing to 1


def build(
    indicators: Indicators,
    cluster_of_sector: np.ndarray,
    stages: pd.DataFrame,
    programmes: Programmes,
    params: dict[str, float],
) -> CapitalTables:
    table = stages.set_index("slug").reindex(list(STAGES))
    late_share = params["venture_capital.late_invested_share"]
    later = (
        late_share * indicators.goodness("vc_invested_usd_bn")[0]
        + (1 - late_share) * indicators.goodness("unicorns")[0]
    )
    relief = np.zeros((len(STAGES), programmes.region_count))
    for number in np.flatnonzero(programmes.investor_relief & ~programmes.lapsed):
        relief[programmes.stages[number], programmes.region[number]] = 1.0
    parts = np.array(
        [
            params["venture_capital.depth"],
            params["venture_capital.sector"],
            params["venture_capital.investor_relief"],
        ]
    )
    return CapitalTables(
        early_ecosystem=indicators.goodness("gser_rank")[0],
        later_capital=later,
        sector=cluster_strength(indicators)[cluster_of_sector],
        investor_relief=relief,
        stage_early_share=table["early_share"].to_numpy(dtype=float),
        stage_round_usd=table["typical_round_usd"].to_numpy(dtype=float),
        parts=parts / parts.sum(),
    )


def cluster_strength(indicators: Indicators) -> np.ndarray:
    """(clusters, regions) 0..1: measured for the clusters a measure exists for (the region's
    inventors for hardware manufacturing), rated by the written method (`sector_strength`) for
    the others."""
    rated = indicators.goodness("sector_strength")
    return np.stack(
        [
            indicators.goodness(MEASURED_CLUSTERS[cluster])[0]
            if cluster in MEASURED_CLUSTERS
            else rated[RATED_CLUSTERS.index(cluster)]
            for cluster in CLUSTERS
        ]
    )


def early_share(tables: CapitalTables, stage: np.ndarray, raising_usd: np.ndarray) -> np.ndarray:
    """(profiles,) the share of depth judged on the early-stage ecosystem: the stage's, or where a
    funding need is given (`raising_usd` not NaN), interpolated from the typical rounds."""
    by_stage = tables.stage_early_share[stage]
    order = np.argsort(tables.stage_round_usd)
    interpolated = np.interp(
        np.log(np.where(np.isfinite(raising_usd), raising_usd, 1.0)),
        np.log(tables.stage_round_usd[order]),
        tables.stage_early_share[order],
    )
    return np.where(np.isfinite(raising_usd), interpolated, by_stage)


def score(
    tables: CapitalTables,
    at: np.ndarray,
    sector: np.ndarray,
    stage: np.ndarray,
    funding_need_usd: np.ndarray,
) -> np.ndarray:
    """(profiles, regions) venture capital in 0..100."""
    early = early_share(tables, stage, funding_need_usd)[:, None]
    depth = early * tables.early_ecosystem[at] + (1 - early) * tables.later_capital[at]
    w_depth, w_sector, w_relief = tables.parts
    return 100 * (
        w_depth * depth
        + w_sector * tables.sector[sector][:, at]
        + w_relief * tables.investor_relief[stage][:, at]
    )
