"""Customer proximity: the founder's customers, market by market, against each region's reach.

access[customer type, region, market] is 1 inside the market; outside it, a blend of great-circle
distance decay and working-hours overlap, capped by how well that kind of customer can be served
from abroad (government buyers hardly can). The 'rest of world' market has no centre, so every
region reaches it alike. The result is scaled by how well the region's own economy offers that
kind of customer (its customer-base rating), never below the fit floor.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from advisor.engine.geography import great_circle_km, utc_offsets_hours, working_overlap
from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS


def access_matrix(
    regions: pd.DataFrame,
    markets: pd.DataFrame,
    customer_types: pd.DataFrame,
    params: dict[str, float],
) -> np.ndarray:
    """(customer types, regions, markets) access in 0..1."""
    markets = markets.set_index("code").reindex(list(MARKETS))
    located = (
        markets["latitude"].notna() & markets["longitude"].notna() & (markets["time_zone"] != "")
    ).to_numpy()
    placed = markets[located]
    distance = great_circle_km(
        regions["latitude"].to_numpy(),
        regions["longitude"].to_numpy(),
        placed["latitude"].to_numpy(),
        placed["longitude"].to_numpy(),
    )
    year = int(params["proximity.reference_year"])
    overlap = working_overlap(
        utc_offsets_hours(list(regions["time_zone"]), year),
        utc_offsets_hours(list(placed["time_zone"]), year),
        params["proximity.workday_hours"],
    )
    share = params["proximity.distance_share"]
    reach = (
        share * np.exp(-distance / params["proximity.distance_decay_km"]) + (1 - share) * overlap
    )

    cap = customer_types.set_index("slug").reindex(list(CUSTOMER_TYPES))["outside_access"]
    access = np.full(
        (len(CUSTOMER_TYPES), len(regions), len(MARKETS)), params["proximity.other_market_access"]
    )
    access[:, :, located] = reach[None, :, :] * cap.to_numpy()[:, None, None]
    inside = (regions["home_market"].to_numpy()[:, None] == np.array(MARKETS)[None, :]) & located
    access[:, inside] = 1.0
    return access


def score(
    access: np.ndarray,
    customer_fit: np.ndarray,
    fit_floor: float,
    shares: np.ndarray,
    customer_type: np.ndarray,
) -> np.ndarray:
    """(profiles, regions) proximity in 0..100; shares are (profiles, markets) summing to 1."""
    market_access = np.empty((len(shares), access.shape[1]))
    for kind in np.unique(customer_type):
        rows = customer_type == kind
        market_access[rows] = shares[rows] @ access[kind].T
    fit = fit_floor + (1 - fit_floor) * customer_fit[customer_type]
    return 100 * market_access * fit
