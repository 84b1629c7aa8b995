"""What would have to change: weight stability intervals, promotions and rank acceptability.

All three read one profile's criterion scores (regions, criteria) and its normalised weights.

**Stability.** Changing one criterion's weight share to t while the other weights keep their
proportions (each scaled by (1 - t) / (1 - w_c)) makes every region's total a straight line in t:

    total_r(t) = t * a_r + (1 - t) * b_r,   a_r = s_rc,   b_r = sum_{j != c} w_j s_rj / (1 - w_c)

so the region ahead of region r stays ahead on an interval bounded by the root of one linear
equation, and the set of t in [0, 1] where a region ranks first (at least as high as every other
total) is the intersection of those half-lines: an interval, computed exactly.

**Promotions.** For a runner-up, the weight promotion is the nearest t at which it ranks first
(moved a hair inside its interval so it is strictly first, then written on the scale of the
result's weights: put `to` in place of the criterion's weight and normalise again). The figure
promotion is the smallest change of one of the region's own raw figures whose criterion is a
fixed mix of indicator goodness (engineer pay and office rent in cost; the best university, the
discipline's pool and the foreign-born share in talent), through the indicator's normalisation,
that lifts its total above every other. Both are checked by re-scoring with the change applied.

**Rank acceptability** (SMAA-2): the share of the robustness samples (the same weight and data
draws as `robustness.first_place_shares`) in which each region takes rank 1, 2, 3...; and the
central weights of the winner, the mean weight vector of the samples in which it ranks first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from advisor.engine import robustness
from advisor.engine.normalise import denormalise, normalise
from advisor.engine.vocabulary import CRITERIA

WEIGHT_MARGIN = 1e-3  # share of the weighting a promotion moves inside the winning interval
POINTS_MARGIN = 0.05  # points a figure promotion puts the region ahead by (a hair, not a tie)
PROMOTED = 3  # how many regions after the winner get a promotion


def first_interval(criteria: np.ndarray, weights: np.ndarray, region: int, criterion: int):
    """(low, high) of the share of `criterion` within which `region`'s total is at least every
    other region's (the other weights rescaled in proportion), or None when there is no such
    share. criteria (regions, criteria) scores, weights (criteria,) summing to 1."""
    a = criteria[:, criterion]
    rest = 1.0 - weights[criterion]
    others = weights.copy()
    others[criterion] = 0.0
    if rest <= 1e-12:  # the criterion is the whole weighting: the others count equally
        others = np.where(np.arange(len(weights)) == criterion, 0.0, 1.0)
        rest = others.sum()
    b = criteria @ others / rest
    rivals = np.arange(len(a)) != region
    # lead(t) = lead_b + t * (lead_a - lead_b) must stay >= 0 against every rival
    lead_a, lead_b = (a[region] - a)[rivals], (b[region] - b)[rivals]
    slope = lead_a - lead_b
    flat = np.abs(slope) < 1e-12
    if (flat & (lead_b < -1e-9)).any():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        roots = -lead_b / slope
    low = float(max(0.0, roots[~flat & (slope > 0)].max(initial=0.0)))
    high = float(min(1.0, roots[~flat & (slope < 0)].min(initial=1.0)))
    if low > high:
        return None
    return low, high


def stability(criteria: np.ndarray, weights: np.ndarray, region: int) -> dict[str, dict]:
    """Per criterion, the interval of its weight share within which `region` stays first:
    {criterion: {"weight", "low", "high"}} (low and high None when it is never first that way)."""
    intervals = {}
    for number, criterion in enumerate(CRITERIA):
        found = first_interval(criteria, weights, region, number)
        intervals[criterion] = {
            "weight": round(float(weights[number]), 6),
            "low": None if found is None else round(float(found[0]), 6),
            "high": None if found is None else round(float(found[1]), 6),
        }
    return intervals


def reweighted(weights: np.ndarray, criterion: int, share: float) -> np.ndarray:
    """The weights with `criterion` at `share` and the others rescaled in proportion."""
    rest = 1.0 - weights[criterion]
    if rest <= 1e-12:
        others = np.where(np.arange(len(weights)) == criterion, 0.0, 1.0 / (len(weights) - 1))
    else:
        others = weights / rest
    changed = others * (1.0 - share)
    changed[criterion] = share
    return changed


def weight_promotion(criteria: np.ndarray, weights: np.ndarray, region: int) -> dict | None:
    """The smallest change of one criterion's weight share that makes `region` strictly first:
    {"criterion", "from", "to", "share"}, `from`/`to` on the scale of the weights given (put `to`
    in place of the weight and normalise again: `share` is what it then becomes). None when no
    single weight can do it."""
    best = None
    for number, criterion in enumerate(CRITERIA):
        found = first_interval(criteria, weights, region, number)
        if found is None or found[1] - found[0] < 2 * WEIGHT_MARGIN:
            continue
        low, high = found[0] + WEIGHT_MARGIN, found[1] - WEIGHT_MARGIN
        current = float(weights[number])
        share = min(max(current, low), high)
        if share >= 1.0 - 1e-9:
            continue  # only this criterion counting at all: not a weighting anyone would use
        totals = criteria @ reweighted(weights, number, share)
        others = np.delete(totals, region)
        if others.size and totals[region] <= others.max():
            continue
        change = abs(share - current)
        if best is None or change < best[0]:
            rest = 1.0 - current
            # the value that, put in place of the weight and normalised again, gives `share`
            to = share * rest / (1.0 - share) if rest > 1e-12 else share
            best = (change, {"criterion": criterion, "from": current, "to": to, "share": share})
    return None if best is None else best[1]


@dataclass(frozen=True)
class Lever:
    """One raw figure whose criterion score is `part` x its goodness (plus other terms)."""

    indicator: str
    criterion: str
    part: float  # the figure's share of its criterion's 0-100 score


def levers(params: dict[str, float], discipline: str) -> list[Lever]:
    """The figures a promotion may change for a profile of `discipline` (see cost.py and
    talent.py: each criterion is a fixed mix of these figures' goodness)."""
    cost_parts = np.array([params["cost.salary"], params["cost.rent"]])
    cost_parts = cost_parts / cost_parts.sum()
    talent_parts = np.array(
        [params["talent.university"], params["talent.pool"], params["talent.openness"]]
    )
    talent_parts = talent_parts / talent_parts.sum()
    return [
        Lever("engineer_cost_usd", "cost", float(cost_parts[0])),
        Lever("office_rent_usd_m2", "cost", float(cost_parts[1])),
        Lever("top_university_rank", "talent", float(talent_parts[0])),
        Lever(f"talent_{discipline}", "talent", float(talent_parts[1])),
        Lever("foreign_born_share", "talent", float(talent_parts[2])),
    ]


def figure_promotion(
    criteria: np.ndarray,
    weights: np.ndarray,
    region: int,
    figures: dict[str, tuple[float, dict]],
    candidates: list[Lever],
    *,
    factor: float = 1.0,
) -> dict | None:
    """The smallest relative change of one of `region`'s figures that makes it strictly first at
    the stated weights: {"indicator", "from", "to"}, or None when no single figure can.

    figures maps an indicator to (the region's raw value, the indicator's definition: scale,
    higher_is_better, lower_bound, upper_bound). The new value is rounded to two significant
    figures in the direction that keeps it sufficient, then checked through the normalisation.
    `factor` is the share of its total the region keeps (the feasibility rule): `criteria` are
    already scaled by it, and so is what a better figure adds.
    """
    totals = criteria @ weights
    others = np.delete(totals, region)
    if not others.size:
        return None
    needed = others.max() - totals[region] + POINTS_MARGIN
    best = None
    for lever in candidates:
        if lever.indicator not in figures:
            continue
        raw, definition = figures[lever.indicator]
        per_goodness = factor * weights[CRITERIA.index(lever.criterion)] * 100.0 * lever.part
        if per_goodness <= 0 or raw is None or not np.isfinite(raw):
            continue
        goodness = float(_goodness(raw, definition))
        if needed > (1.0 - goodness + 1e-12) * per_goodness:
            continue  # even the best value on the indicator's scale is not enough
        target = goodness + needed / per_goodness  # finite: needed <= (1 - goodness) x per_goodness
        value = _sufficient(float(denormalise(min(target, 1.0), **_bounds(definition))), definition)
        gain = (float(_goodness(value, definition)) - goodness) * per_goodness
        if gain < needed - 1e-9 or value == raw:
            continue
        change = abs(np.log(value / raw)) if value > 0 and raw > 0 else abs(value - raw)
        if best is None or change < best[0]:
            best = (change, {"indicator": lever.indicator, "from": float(raw), "to": value})
    return None if best is None else best[1]


def _bounds(definition: dict) -> dict:
    return {
        "higher_is_better": bool(definition["higher_is_better"]),
        "scale": definition["scale"],
        "lower": float(definition["lower_bound"]),
        "upper": float(definition["upper_bound"]),
    }


def _goodness(value: float, definition: dict) -> float:
    return float(normalise(np.array([value]), **_bounds(definition))[0])


def _sufficient(value: float, definition: dict) -> float:
    """`value` at two significant figures, rounded towards better so the change still suffices."""
    if value == 0:
        return 0.0
    step = 10.0 ** (np.floor(np.log10(abs(value))) - 1)
    better_up = bool(definition["higher_is_better"])
    rounded = (np.ceil if better_up else np.floor)(value / step) * step
    return float(round(rounded, 10))


def rank_acceptability(
    criteria: np.ndarray,
    weights: np.ndarray,
    spread: np.ndarray,
    region_positions: np.ndarray,
    region_count: int,
    *,
    samples: int,
    concentration: float,
    seed: int,
    winner: int,
) -> tuple[np.ndarray, np.ndarray]:
    """((regions, ranks) shares of samples in which each region takes each rank, rows summing to
    1; (criteria,) central weights of `winner`: the mean of the sampled weights where it ranks
    first, or the stated weights if it never does).

    The samples are robustness.first_place_shares' own (same seed, weights and noise, in float32),
    so rank 1 here is its first-place share (bar exact ties, which it splits and this gives to the
    region listed first)."""
    regions = criteria.shape[0]
    noise = robustness._region_noise(seed, samples, region_count)[:, region_positions]
    sampled = robustness.dirichlet_samples(weights, samples, concentration, seed)
    sampled32 = sampled.astype(np.float32)
    # einsum, not a BLAS product: on a busy machine BLAS threads spinning after a small product
    # made the next step several times slower (13 ms instead of 3 ms at 10,000 samples).
    totals = np.einsum("sc,rc->sr", sampled32, criteria.astype(np.float32))
    totals += noise * spread.astype(np.float32)
    order = np.argsort(-totals, axis=1)  # (samples, regions) best first
    # order[s, k] is the region at rank k in sample s: count (region, rank) pairs in one pass
    cells = (order * regions + np.arange(regions)[None, :]).ravel()
    counts = np.bincount(cells, minlength=regions * regions).reshape(regions, regions)
    first = order[:, 0] == winner
    central = sampled[first].mean(axis=0) if first.any() else weights
    return counts / samples, np.asarray(central, dtype=float)
