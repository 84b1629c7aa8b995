"""Two sites: a headquarters and an operations site, scored as one plan beside the single sites.

When the customers are in one place and the capital in another, a company may keep its
headquarters (the parent company, its investors and its core team) in one region and run
operations (sales, delivery, manufacturing, most of the payroll) in another. For a headquarters h
and operations o (h != o) each criterion of the pair is

- customer proximity, venture capital, talent, cost: s x score[h] + (1 - s) x score[o], where s is
  the criterion's `pairs.hq_share.<criterion>` (venture capital 1, customer proximity 0, talent
  0.7 for the core team, cost 0.3);
- grants: the better of the two sites (the company may apply where it is eligible in either);
- policy risk: the worse of the headquarters' own score and the operations site's score for a
  company owned by a parent incorporated in the headquarters' country (a US parent of a Chinese
  subsidiary is under the US outbound investment rule wherever its founders come from).

The pair's total is the weighted sum less the coordination cost

    coordination = pairs.coordination_points x (share x (1 - overlap) + (1 - share) x min(1, km / scale))

with the working-hours overlap of the two sites (as in customer proximity), their great-circle
distance, `share` = `pairs.coordination_overlap_share` and `scale` = `pairs.distance_scale_km`;
it keeps the headquarters' feasibility factor (the founders live there). A pair is listed only
when it beats the best single site's total by `pairs.margin` points; its robustness is the share
of the robustness weight samples in which it still beats every single site.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.engine import policy, robustness
from advisor.engine.geography import great_circle_km, utc_offsets_hours, working_overlap
from advisor.engine.vocabulary import CRITERIA

if TYPE_CHECKING:
    import pandas as pd

    from advisor.engine.scoring import Scores

LINEAR = ("customer_proximity", "venture_capital", "talent", "cost")
HQ_ROLES = ("venture_capital", "talent", "policy_risk")
OPERATIONS_ROLES = ("customer_proximity", "cost", "grants")


@dataclass(frozen=True)
class PairTables:
    km: np.ndarray  # (regions, regions) great-circle distance
    overlap: np.ndarray  # (regions, regions) share of the working day in common
    coordination: np.ndarray  # (regions, regions) points lost by a pair
    hq_share: np.ndarray  # (criteria,) share served by the headquarters (grants, policy: nan)


def build(regions: pd.DataFrame, params: dict[str, float]) -> PairTables:
    lat = regions["latitude"].to_numpy(dtype=float)
    lon = regions["longitude"].to_numpy(dtype=float)
    km = great_circle_km(lat, lon, lat, lon)
    offsets = utc_offsets_hours(list(regions["time_zone"]), int(params["proximity.reference_year"]))
    overlap = working_overlap(offsets, offsets, params["proximity.workday_hours"])
    share = params["pairs.coordination_overlap_share"]
    coordination = params["pairs.coordination_points"] * (
        share * (1 - overlap)
        + (1 - share) * np.minimum(1.0, km / params["pairs.distance_scale_km"])
    )
    hq_share = np.full(len(CRITERIA), np.nan)
    for criterion in LINEAR:
        hq_share[CRITERIA.index(criterion)] = params[f"pairs.hq_share.{criterion}"]
    return PairTables(km=km, overlap=overlap, coordination=coordination, hq_share=hq_share)


def pair_criteria(
    criteria: np.ndarray, parent_policy: np.ndarray, hq_share: np.ndarray
) -> np.ndarray:
    """(regions, regions, criteria) the pair scores, headquarters by row, operations by column.
    `criteria` is (regions, criteria) of one profile; `parent_policy` (regions, regions) the
    operations site's policy score under a parent in the row's country."""
    pairs = np.empty((len(criteria), len(criteria), len(CRITERIA)))
    for number, criterion in enumerate(CRITERIA):
        hq, ops = criteria[:, None, number], criteria[None, :, number]
        if criterion == "grants":
            pairs[..., number] = np.maximum(hq, ops)
        elif criterion == "policy_risk":
            pairs[..., number] = np.minimum(hq, parent_policy)
        else:
            share = hq_share[number]
            pairs[..., number] = share * hq + (1 - share) * ops
    return pairs


def _parent_policy(scores: Scores, row: int) -> np.ndarray:
    """(regions, regions) policy score of each operations site (column) for a company whose
    parent is incorporated in the headquarters' (row's) country."""
    model = scores.model
    countries = model.countries[scores.positions]
    distinct = list(dict.fromkeys(countries))
    nationality = scores.profiles.nationalities()[row]
    persons = policy.persons_of_issuers(
        model.rules, (nationality,) * len(distinct), tuple(distinct), model.params
    )
    repeat = np.zeros(len(distinct), dtype=np.intp)
    by_country = policy.score(
        model.rules,
        scores.positions,
        scores.profiles.sector[row] + repeat,
        scores.profiles.customer_type[row] + repeat,
        np.repeat(scores.profiles.shares[row : row + 1], len(distinct), axis=0),
        persons,
    )
    index = {country: number for number, country in enumerate(distinct)}
    return by_country[[index[country] for country in countries]]


def best_pairs(scores: Scores, row: int, factor: np.ndarray) -> list[dict[str, Any]]:
    """The two-site plans that beat the best single site by `pairs.margin`, best first, for
    profile `row`; `factor` (regions,) is each region's feasibility factor."""
    model = scores.model
    params = model.params
    regions = len(scores.regions)
    if regions < 2:
        return []
    at = scores.positions
    tables = model.pair_tables
    criteria = scores.criteria[row]
    weights = scores.weights[row]
    pairs = pair_criteria(criteria, _parent_policy(scores, row), tables.hq_share)
    coordination = tables.coordination[np.ix_(at, at)]
    totals = (pairs @ weights - coordination) * factor[:, None]
    np.fill_diagonal(totals, -np.inf)
    best_single = float(scores.totals[row].max())
    margin = params["pairs.margin"]
    flat = np.argsort(-totals, axis=None, kind="stable")[: int(params["pairs.shown"])]
    chosen = [
        (int(number // regions), int(number % regions))
        for number in flat
        if totals.flat[number] >= best_single + margin
    ]
    if not chosen:
        return []
    single_best = int(np.argmax(scores.totals[row]))
    beats = _beats_single(scores, row, pairs, coordination, factor, chosen)
    result = []
    for (hq, ops), share in zip(chosen, beats, strict=True):
        result.append(
            {
                "headquarters": scores.regions[hq],
                "operations": scores.regions[ops],
                "score": round(float(totals[hq, ops]), 2),
                "criteria": {
                    criterion: round(float(pairs[hq, ops, number]), 2)
                    for number, criterion in enumerate(CRITERIA)
                },
                "coordination_points": round(float(coordination[hq, ops]), 2),
                "overlap_hours": round(
                    float(tables.overlap[at[hq], at[ops]] * params["proximity.workday_hours"]), 1
                ),
                "distance_km": round(float(tables.km[at[hq], at[ops]]), -1),
                "robustness": share,
                "reasons": {
                    "headquarters": scores.regions[hq],
                    "operations": scores.regions[ops],
                    "single": scores.regions[single_best],
                    "single_score": round(best_single, 2),
                    "pair_score": round(float(totals[hq, ops]), 2),
                    "margin": margin,
                    "headquarters_serves": list(HQ_ROLES),
                    "operations_serves": list(OPERATIONS_ROLES),
                    "coordination_points": round(float(coordination[hq, ops]), 2),
                    "overlap_hours": round(
                        float(tables.overlap[at[hq], at[ops]] * params["proximity.workday_hours"]),
                        1,
                    ),
                    "distance_km": round(float(tables.km[at[hq], at[ops]]), -1),
                    "policy_points": round(
                        float(
                            (
                                min(
                                    criteria[hq, CRITERIA.index("policy_risk")],
                                    criteria[ops, CRITERIA.index("policy_risk")],
                                )
                                - pairs[hq, ops, CRITERIA.index("policy_risk")]
                            )
                            * weights[CRITERIA.index("policy_risk")]
                        ),
                        2,
                    ),
                    "beats_single_probability": share["beats_single"],
                    "samples": share["samples"],
                },
            }
        )
    return result


def _beats_single(
    scores: Scores,
    row: int,
    pairs: np.ndarray,
    coordination: np.ndarray,
    factor: np.ndarray,
    chosen: list[tuple[int, int]],
) -> list[dict[str, Any]]:
    """For each chosen pair, the share of the robustness weight samples in which it beats every
    single site (weights drawn as robustness draws them; the data are taken as they are)."""
    samples = scores.samples
    if not samples:
        return [{"beats_single": None, "samples": 0} for _ in chosen]
    params = scores.model.params
    drawn = robustness._dirichlet_around(  # the same draws as the ranking
        scores.weights[row],
        samples,
        params["robustness.concentration"],
        int(params["robustness.seed"]),
    )
    # (criteria, samples), contiguous: a transposed view would make matmul skip BLAS (40 ms)
    drawn = np.ascontiguousarray(drawn.T, dtype=np.float32)
    weighted = (scores.criteria[row] * factor[:, None]).astype(np.float32)
    # a vector-matrix product per region, as robustness does: one (regions x criteria) by
    # (criteria x samples) product hands BLAS a shape it threads badly (3 ms against 0.7)
    single = np.empty((len(weighted), drawn.shape[1]), dtype=np.float32)
    for region in range(len(weighted)):
        np.matmul(weighted[region], drawn, out=single[region])
    best = np.maximum.reduce(single, axis=0)  # (samples,)
    terms = np.stack([pairs[hq, ops] * factor[hq] for hq, ops in chosen]).astype(np.float32)
    offsets = np.array([coordination[hq, ops] * factor[hq] for hq, ops in chosen])
    pair_totals = terms @ drawn - offsets[:, None].astype(np.float32)  # (chosen, samples)
    shares = (pair_totals > best[None, :]).mean(axis=1)
    return [{"beats_single": round(float(share), 4), "samples": samples} for share in shares]
