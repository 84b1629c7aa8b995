"""Venture capital: depth at the profile's stage and in its sector, plus foreign-founder access.

Depth blends the early-stage ecosystem rank (Startup Genome) with later-stage capital (PitchBook
VC rank and unicorn count) by the stage's early share: a pre-seed company cares about angels and
seed funds, a growth company about large funds and exits.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.engine.indicators import Indicators
from advisor.engine.vocabulary import CLUSTERS, STAGES


def build(
    indicators: Indicators,
    cluster_of_sector: np.ndarray,
    stages: pd.DataFrame,
    params: dict[str, float],
) -> np.ndarray:
    """(sectors, stages, regions) venture capital score in 0..100."""
    early = stages.set_index("slug").reindex(list(STAGES))["early_share"].to_numpy()
    pitchbook_share = params["venture_capital.late_pitchbook_share"]
    late = (
        pitchbook_share * indicators.goodness("pitchbook_vc_rank")[0]
        + (1 - pitchbook_share) * indicators.goodness("unicorns")[0]
    )
    depth = early[:, None] * indicators.goodness("gser_rank")[0] + (1 - early)[:, None] * late
    strength = indicators.goodness("sector_strength")  # (clusters, regions)
    assert strength.shape[0] == len(CLUSTERS)  # nosec B101: an invariant of the tables
    foreign = indicators.goodness("foreign_founder_access")[0]
    parts = np.array(
        [
            params["venture_capital.depth"],
            params["venture_capital.sector"],
            params["venture_capital.foreign_access"],
        ]
    )
    w_depth, w_sector, w_foreign = parts / parts.sum()
    score = (
        w_depth * depth[None, :, :]
        + w_sector * strength[cluster_of_sector][:, None, :]
        + w_foreign * foreign[None, None, :]
    )
    return 100 * score
