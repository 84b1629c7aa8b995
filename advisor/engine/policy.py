"""Policy risk: regulatory and geopolitical exposure of the sector in the region (higher = safer).

Each dimension (export controls, investment screening, data rules, licensing) bites in proportion
to how sensitive the sector is to it and how exposed the region is; any one can hurt, so the
'safety' is the product over dimensions of (1 - sensitivity x exposure). Selling sensitive
technology across a tense border (a mainland Chinese base selling chips into the US) costs more:
the customer shares, weighted by the region-market tension and the sector's export-control
sensitivity, scale the score down further.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.engine.indicators import Indicators
from advisor.engine.vocabulary import POLICY_DIMENSIONS, SECTORS


def build(
    indicators: Indicators, sectors: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return safety (sectors, regions), export sensitivity (sectors,), tension (regions, markets)."""
    table = sectors.set_index("slug").reindex(list(SECTORS))
    sensitivity = table[list(POLICY_DIMENSIONS)].to_numpy(dtype=float)  # (sectors, dimensions)
    exposure = indicators.exposure("policy_exposure")  # (dimensions, regions)
    safety = np.prod(1 - sensitivity[:, :, None] * exposure[None, :, :], axis=1)
    tension = indicators.exposure("market_tension").T  # (regions, markets)
    return safety, table["export_controls"].to_numpy(dtype=float), tension


def score(
    safety: np.ndarray,
    export_sensitivity: np.ndarray,
    tension: np.ndarray,
    sector: np.ndarray,
    shares: np.ndarray,
) -> np.ndarray:
    """(profiles, regions) policy score in 0..100 (100 = no notable exposure)."""
    cross_border = export_sensitivity[sector][:, None] * (shares @ tension.T)
    return 100 * safety[sector] * (1 - cross_border)
