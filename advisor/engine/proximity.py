"""Customer proximity: the founder's customers, market by market, against each region's reach.

A customer market has several economic centres (the Pearl River Delta, the Yangtze River Delta and
Beijing-Tianjin-Hebei for mainland China; both coasts and the middle for the United States...),
each weighted by its sourced share of the market's economy, or, for a customer type that has its
own sourced weights for that market (`market_centre_weights`: manufacturing value added for
manufacturers, so Japan's factories weigh Chukyo as much as Tokyo), by those. A region reaches a
centre by
great-circle distance decay and working-hours overlap (`reach`), never less than
`proximity.domestic_reach` inside the centre's own jurisdiction. How much of reach is distance
(the rest is overlap) is `proximity.distance_share`, or a customer type's own
`proximity.distance_share.<type>` where the data gives one: line trials and supplier audits
happen on the factory floor, so for manufacturers shared working hours make up for little of the
distance. Being inside the centre's
jurisdiction (a company in Berlin is inside the Paris centre's, the EU single market; a company in
London is not) keeps that reach whole and adds the region's own base of the founder's kind of
customer (factories, large-company headquarters, consumers, the seat of government); a region
outside keeps only `outside_access` of the reach for that customer type (government buyers hardly
buy from abroad) and none of its own base, which serves another market:

    access(region, centre) = reach x (1 - local + local x base(region))     inside
                           = reach x (1 - local) x outside_access             outside

where `local` (the customer type's `local_share`) is how much customers of that kind right next
door matter beside the rest of the market: much for factories (line trials, audits) and
government buyers (the capital), little for consumers reached online

so being inside a market always beats being outside it at the same distance. The 'rest of world'
market has no centre: every region reaches it alike (`proximity.other_market_access`). The score
is the region's access to the founder's customers as a share of the best access any region of the
dataset offers them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from advisor.engine.countries import parse_countries
from advisor.engine.geography import great_circle_km, utc_offsets_hours, working_overlap
from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS


@dataclass(frozen=True)
class Reach:
    """What proximity needs, per region and centre; built once per dataset."""

    reach: np.ndarray  # (regions, centres) 0..1
    type_reach: (
        np.ndarray
    )  # (customer types, regions, centres): reach by each type's distance share
    inside: np.ndarray  # (regions, centres) bool: the region is in the centre's jurisdiction
    weight: np.ndarray  # (markets, centres) each market's centre weights, rows summing to 1 or 0
    # (customer types, markets, centres): `weight`, with a type's own weights where it has them
    type_weight: np.ndarray
    distance_km: np.ndarray  # (regions, centres)
    centre_names: tuple[str, ...]
    centre_markets: tuple[str, ...]


def _normalised(weight: np.ndarray) -> np.ndarray:
    totals = weight.sum(axis=-1, keepdims=True)
    return np.divide(weight, totals, out=np.zeros_like(weight), where=totals > 0)


def _type_weights(
    weight: np.ndarray, centres: pd.DataFrame, type_weights: pd.DataFrame | None
) -> np.ndarray:
    """(customer types, markets, centres): each type's centre weights, normalised per market.

    A (market, customer type) with rows in `type_weights` uses them for all of that market's
    centres (the data checks require a row for every centre); every other pair keeps `weight`."""
    result = np.repeat(weight[None, :, :], len(CUSTOMER_TYPES), axis=0)
    if type_weights is None or type_weights.empty:
        return result
    column_of = {
        (market, centre): column
        for column, (market, centre) in enumerate(
            zip(centres["market"], centres["centre"], strict=True)
        )
    }
    for (market, kind), rows in type_weights.groupby(["market", "customer_type"], sort=True):
        own = np.zeros(len(centres))
        for row in rows.itertuples(index=False):
            own[column_of[(market, row.centre)]] = row.weight
        result[CUSTOMER_TYPES.index(kind), MARKETS.index(market)] = own
    return _normalised(result)


def reach_table(
    regions: pd.DataFrame,
    centres: pd.DataFrame,
    params: dict[str, float],
    type_weights: pd.DataFrame | None = None,
) -> Reach:
    distance = great_circle_km(
        regions["latitude"].to_numpy(),
        regions["longitude"].to_numpy(),
        centres["latitude"].to_numpy(),
        centres["longitude"].to_numpy(),
    )
    year = int(params["proximity.reference_year"])
    overlap = working_overlap(
        utc_offsets_hours(list(regions["time_zone"]), year),
        utc_offsets_hours(list(centres["time_zone"]), year),
        params["proximity.workday_hours"],
    )
    decay = np.exp(-distance / params["proximity.distance_decay_km"])
    jurisdictions = [parse_countries(text) for text in centres["countries"]]
    inside = np.array(
        [[country in allowed for allowed in jurisdictions] for country in regions["country"]],
        dtype=bool,
    ).reshape(len(regions), len(centres))

    def blended(share: float) -> np.ndarray:
        # Inside one jurisdiction (one law, language and currency, domestic flights) distance
        # costs less: a San Francisco company sells to New York buyers as a matter of course.
        reach = share * decay + (1 - share) * overlap
        return np.where(inside, np.maximum(reach, params["proximity.domestic_reach"]), reach)

    default_share = params["proximity.distance_share"]
    reach = blended(default_share)
    type_reach = np.stack(
        [
            blended(params.get(f"proximity.distance_share.{kind}", default_share))
            for kind in CUSTOMER_TYPES
        ]
    )
    weight = np.zeros((len(MARKETS), len(centres)))
    for column, (market, value) in enumerate(
        zip(centres["market"], centres["weight"], strict=True)
    ):
        weight[MARKETS.index(market), column] = value
    weight = _normalised(weight)
    return Reach(
        reach=reach,
        type_reach=type_reach,
        inside=inside,
        weight=weight,
        type_weight=_type_weights(weight, centres, type_weights),
        distance_km=distance,
        centre_names=tuple(centres["name"]),
        centre_markets=tuple(centres["market"]),
    )


def access_matrix(
    table: Reach,
    base: np.ndarray,
    customer_types: pd.DataFrame,
    params: dict[str, float],
) -> np.ndarray:
    """(customer types, regions, markets) access in 0..1; `base` is (customer types, regions)
    goodness of each region's own customer base."""
    kinds = customer_types.set_index("slug").reindex(list(CUSTOMER_TYPES))
    local = kinds["local_share"].to_numpy()[:, None, None]  # (types, 1, 1)
    cap = kinds["outside_access"].to_numpy()[:, None, None]
    presence = np.where(
        table.inside[None, :, :],
        1 - local + local * base[:, :, None],
        (1 - local) * cap,
    )  # (types, regions, centres)
    access = np.einsum("trc,trc,tmc->trm", presence, table.type_reach, table.type_weight)
    centreless = table.weight.sum(axis=1) == 0
    access[:, :, centreless] = params["proximity.other_market_access"]
    return access


def inside_markets(table: Reach) -> np.ndarray:
    """(regions, markets) share of each market's economy whose jurisdiction the region is in."""
    return table.inside.astype(float) @ table.weight.T


def score(
    access: np.ndarray, shares: np.ndarray, customer_type: np.ndarray, at: np.ndarray
) -> np.ndarray:
    """(profiles, regions at `at`) proximity in 0..100; shares are (profiles, markets) summing
    to 1. 100 is the best access to these customers that any region of the dataset offers (so a
    market split into many jurisdictions, such as South-East Asia, is not scored down for every
    region alike); `access` covers every region of the dataset, so the scale does not depend on
    which regions are compared."""
    result = np.empty((len(shares), access.shape[1]))
    for kind in np.unique(customer_type):
        rows = customer_type == kind
        result[rows] = shares[rows] @ access[kind].T
    best = result.max(axis=1, keepdims=True)
    return 100 * result[:, at] / np.where(best > 0, best, 1.0)
