"""Talent: universities, the engineering pool in the sector's discipline, openness to foreigners."""

from __future__ import annotations

import numpy as np

from advisor.engine.indicators import Indicators


def build(
    indicators: Indicators, discipline_of_sector: np.ndarray, params: dict[str, float]
) -> np.ndarray:
    """(sectors, regions) talent score in 0..100."""
    parts = np.array(
        [params["talent.university"], params["talent.pool"], params["talent.openness"]]
    )
    w_university, w_pool, w_openness = parts / parts.sum()
    score = (
        w_university * indicators.goodness("top_university_rank")[0][None, :]
        + w_pool * indicators.goodness("talent_pool")[discipline_of_sector]
        + w_openness * indicators.goodness("foreign_born_share")[0][None, :]
    )
    return 100 * score
