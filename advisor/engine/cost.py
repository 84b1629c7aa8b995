"""Cost of running the team: engineer pay and office rent (lower cost scores higher)."""

from __future__ import annotations

import numpy as np

from advisor.engine.indicators import Indicators


def build(indicators: Indicators, params: dict[str, float]) -> np.ndarray:
    """(regions,) cost score in 0..100."""
    parts = np.array([params["cost.salary"], params["cost.rent"]])
    w_salary, w_rent = parts / parts.sum()
    return 100 * (
        w_salary * indicators.goodness("engineer_cost_usd")[0]
        + w_rent * indicators.goodness("office_rent_usd_m2")[0]
    )
