"""Talent: the best university, the pool in the sector's engineering discipline, openness to
foreigners.

Each discipline's pool is its own measured indicator, `talent_<discipline>` (inventors named on
patent applications for hardware engineering, developers for software engineering, authors of
scientific papers for the life sciences), so every figure compares like with like.
"""

from __future__ import annotations

import numpy as np

from advisor.engine.indicators import Indicators
from advisor.engine.vocabulary import DISCIPLINES


def build(
    indicators: Indicators, discipline_of_sector: np.ndarray, params: dict[str, float]
) -> np.ndarray:
    """(sectors, regions) talent score in 0..100."""
    parts = np.array(
        [params["talent.university"], params["talent.pool"], params["talent.openness"]]
    )
    w_university, w_pool, w_openness = parts / parts.sum()
    pools = np.stack([indicators.goodness(f"talent_{name}")[0] for name in DISCIPLINES])
    score = (
        w_university * indicators.goodness("top_university_rank")[0][None, :]
        + w_pool * pools[discipline_of_sector]
        + w_openness * indicators.goodness("foreign_born_share")[0][None, :]
    )
    return 100 * score
