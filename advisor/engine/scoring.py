"""Scoring: profiles x regions x criteria, the weighted total, the ranking and its robustness.

One code path for one profile or a hundred thousand: every criterion is an array look-up or a
matrix product over the whole batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from advisor.engine import (
    baseline,
    capital,
    explain,
    grants,
    pairs,
    plan,
    policy,
    promotions,
    proximity,
    robustness,
    sensitivity,
)
from advisor.engine.errors import InvalidInput
from advisor.engine.model import Model
from advisor.engine.profiles import Profile, ProfileArrays, parse_profile, parse_table
from advisor.engine.version import ENGINE_VERSION
from advisor.engine.vocabulary import CRITERIA
from advisor.engine.weights import normalised, resolve

MAX_SAMPLES = 50_000  # the bound of robustness.samples: about 40 MB of samples for 27 regions
# score_table scores a long table this many profiles at a time. Row results do not depend on the
# block (the robustness noise is drawn once per process), but the time does: on the shared 2-core
# machine 100,000 profiles took 67 s in one block, 42 s in blocks of 25,000 and 7.5 s in blocks
# of 5,000 (bench/engine.py): the arrays of a large block no longer fit the caches.
TABLE_BLOCK_ROWS = 5_000


@dataclass(frozen=True)
class Scores:
    model: Model
    regions: tuple[str, ...]
    positions: np.ndarray  # (regions,) positions of `regions` in model.regions
    profiles: ProfileArrays
    criteria: np.ndarray  # (profiles, regions, criteria) 0..100
    weights: np.ndarray  # (profiles, criteria) summing to 1
    totals: np.ndarray  # (profiles, regions) 0..100
    first_place: np.ndarray | None  # (profiles, regions) shares summing to 1, or None
    samples: int
    # (profiles, regions) index of plan.STATUSES: can the founders move there (None: not judged)
    feasibility: np.ndarray | None = None

    def ranking(self) -> np.ndarray:
        """(profiles, regions) region columns best first.

        Regions are ordered by their total, ties going to the region that ranks first more often
        and then to the slug that sorts first (never to the order regions were stored in). The
        recommendation, first, is the region that ranks first in most robustness samples: when
        that is not the region with the highest total (a close call), it is moved ahead of it, so
        the answer never disagrees with its own robustness (SMAA's first-rank acceptability
        decides; ties on it go to the higher total).
        """
        order = self.by_total()
        if self.first_place is None:
            return order
        first = self.first_place
        position = np.empty_like(order)
        rows = np.arange(len(order))[:, None]
        position[rows, order] = np.arange(order.shape[1])[None, :]
        modal = np.lexsort((position, -np.round(first, 9)), axis=-1)[:, 0]
        position[np.arange(len(order)), modal] = -1
        return np.argsort(position, axis=-1, kind="stable")

    def by_total(self) -> np.ndarray:
        """(profiles, regions) region columns by total at the stated weights, best first."""
        slug_order = np.argsort(np.argsort(np.array(self.regions)))
        first = self.first_place if self.first_place is not None else np.zeros_like(self.totals)
        keys = (
            np.broadcast_to(slug_order, self.totals.shape),
            -first,
            -np.round(self.totals, 9),
        )
        return np.lexsort(keys, axis=-1)

    def central_winner(self) -> np.ndarray:
        """(profiles,) the column with the highest total at the stated weights."""
        return self.by_total()[:, 0]


def region_selection(model: Model, slugs: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if not slugs:
        return model.regions
    unknown = [slug for slug in slugs if slug not in model.regions]
    if unknown:
        raise InvalidInput(
            "regions",
            f"unknown region {unknown[0]!r}; expected one of: {', '.join(model.regions)}",
        )
    if len(slugs) < 2:
        raise InvalidInput("regions", "choose at least two regions to compare")
    return tuple(slug for slug in model.regions if slug in slugs)


def score(
    model: Model,
    profiles: ProfileArrays,
    *,
    regions: tuple[str, ...] | list[str] = (),
    samples: int | None = None,
    max_bytes: int | None = None,
) -> Scores:
    """Score every profile against every region. samples=None uses the dataset's default count;
    0 skips the robustness analysis. `max_bytes` caps the robustness analysis's memory: past it
    the profiles are refused (InvalidInput) before anything is allocated."""
    selected = region_selection(model, regions)
    at = model.region_positions(selected)
    sector, stage, customer_type = profiles.sector, profiles.stage, profiles.customer_type
    needs = profiles.needs()
    raising = np.where(np.isfinite(needs), needs, model.typical_round_usd[stage])
    nationality = profiles.nationalities()
    criteria = np.empty((len(profiles), len(at), len(CRITERIA)))
    criteria[..., CRITERIA.index("customer_proximity")] = proximity.score(
        model.access, profiles.shares, customer_type, at
    )
    criteria[..., CRITERIA.index("grants")] = grants.score(
        model.programmes, sector, stage, nationality, raising, at
    ).score
    criteria[..., CRITERIA.index("venture_capital")] = capital.score(
        model.capital, at, sector, stage, needs
    )
    criteria[..., CRITERIA.index("talent")] = model.talent[sector][:, at]
    criteria[..., CRITERIA.index("cost")] = model.cost[at][None, :]
    persons = policy.persons_of_issuers(
        model.rules,
        nationality,
        profiles.incorporations(),
        model.params,
    )
    criteria[..., CRITERIA.index("policy_risk")] = policy.score(
        model.rules, at, sector, customer_type, profiles.shares, persons
    )

    relative = model.default_weights[sector, stage]
    for row, overrides in enumerate(profiles.overrides):
        if overrides:
            relative[row] = resolve(relative[row], overrides)
    weights = normalised(relative)
    totals = np.einsum("prc,pc->pr", criteria, weights)
    feasibility = plan.statuses(model.routes, nationality, needs, at)
    kept = plan.factors(model.routes, feasibility)
    penalised = bool((kept != 1).any())
    if penalised:  # a region the founders cannot move to keeps only part of its total
        totals = totals * kept

    if samples is None:
        samples = int(model.params["robustness.samples"])
    if samples > MAX_SAMPLES:
        raise ValueError(f"at most {MAX_SAMPLES:,} robustness samples")
    if samples > 0 and max_bytes is not None:
        memory_check(
            model, profiles=len(profiles), regions=len(at), samples=samples, max_bytes=max_bytes
        )
    first_place = None
    if samples > 0:
        spread = robustness.total_uncertainty(criteria, weights, model.uncertainty[:, at])
        # every sample's total is linear in the criteria and the spread: scaling both by the
        # feasibility factor scales each sampled total as the stated total is scaled
        first_place = robustness.first_place_shares(
            criteria * kept[..., None] if penalised else criteria,
            weights,
            spread * kept if penalised else spread,
            at,
            len(model.regions),
            samples=samples,
            concentration=model.params["robustness.concentration"],
            seed=int(model.params["robustness.seed"]),
        )
    return Scores(
        model, selected, at, profiles, criteria, weights, totals, first_place, samples, feasibility
    )


def recommend(
    model: Model, data: Mapping[str, Any], *, samples: int | None = None
) -> dict[str, Any]:
    """The recommendation for one profile, as the JSON object the CLI, the API and the pages share."""
    profile = parse_profile(data)
    scores = score(
        model, ProfileArrays.from_profiles([profile]), regions=profile.regions, samples=samples
    )
    return _result(scores, profile)


def memory_check(
    model: Model, *, profiles: int, regions: int, samples: int, max_bytes: int
) -> None:
    """Raise InvalidInput when scoring `profiles` on `regions` regions with `samples` robustness
    samples would hold more than `max_bytes` of memory at once."""
    needed = robustness.bytes_needed(
        profiles=profiles,
        regions=regions,
        region_count=len(model.regions),
        criteria=len(CRITERIA),
        samples=samples,
    )
    if needed > max_bytes:
        raise InvalidInput(
            "samples",
            f"scoring {profiles:,} profiles with {samples:,} robustness samples needs about "
            f"{needed / 1e6:,.0f} MB of memory, more than the {max_bytes / 1e6:,.0f} MB allowed "
            "(SCORING_MAX_BYTES)",
            code="too_much_memory",
            params={"needed_mb": round(needed / 1e6), "max_mb": round(max_bytes / 1e6)},
        )


def recommend_many(
    model: Model,
    profiles: Sequence[Mapping[str, Any]],
    *,
    samples: int | None = None,
    max_bytes: int | None = None,
) -> list[dict[str, Any] | InvalidInput]:
    """The recommendation for each profile, scored in one vectorised call per distinct region
    selection: each result is the object `recommend` returns for that profile alone with the same
    `samples`. A profile the engine refuses gets its InvalidInput in its place."""
    results: list[dict[str, Any] | InvalidInput | None] = [None] * len(profiles)
    groups: dict[tuple[str, ...], list[tuple[int, Profile]]] = {}
    for position, data in enumerate(profiles):
        try:
            profile = parse_profile(data)
        except InvalidInput as error:
            results[position] = error
            continue
        groups.setdefault(profile.regions, []).append((position, profile))
    for regions, members in groups.items():
        arrays = ProfileArrays.from_profiles([profile for _, profile in members])
        try:
            scores = score(model, arrays, regions=regions, samples=samples, max_bytes=max_bytes)
        except InvalidInput as error:  # a region the data no longer has; too much memory
            for position, _ in members:
                results[position] = error
            continue
        for row, (position, profile) in enumerate(members):
            results[position] = _result(_one_row(scores, row), profile)
    return results  # type: ignore[return-value]


def _one_row(scores: Scores, row: int) -> Scores:
    """One profile's scores as a batch of one, so ranking and explanation cost O(1) per profile
    (explain.reasons ranks every row of the batch it is given)."""
    at = slice(row, row + 1)
    return replace(
        scores,
        profiles=scores.profiles.rows(at),
        criteria=scores.criteria[at],
        weights=scores.weights[at],
        totals=scores.totals[at],
        first_place=None if scores.first_place is None else scores.first_place[at],
        feasibility=None if scores.feasibility is None else scores.feasibility[at],
    )


def _result(scores: Scores, profile: Profile) -> dict[str, Any]:
    """The JSON-ready result for a batch of one. Its explanation is data (`reasons`); the
    services write it as sentences."""
    model = scores.model
    order = scores.ranking()[0]
    ranking = [
        {
            "region": scores.regions[column],
            "rank": rank,
            "score": round(float(scores.totals[0, column]), 2),
            "criteria": {
                criterion: round(float(scores.criteria[0, column, number]), 2)
                for number, criterion in enumerate(CRITERIA)
            },
        }
        for rank, column in enumerate(order, start=1)
    ]
    first_place = scores.first_place[0] if scores.first_place is not None else None
    reasons = explain.reasons(scores, 0, profile)
    relocation = _plans(scores, profile, order)
    reasons["feasibility"] = relocation["feasibility"]
    decisions = _decisions(scores, profile, order)
    decisions["baseline"] = _baseline(scores, profile, int(order[0]))
    return {
        "recommendation": ranking[0]["region"],
        "ranking": ranking,
        "robustness": (
            {scores.regions[c]: round(float(first_place[c]), 6) for c in order}
            if first_place is not None
            else {}
        ),
        "reasons": reasons,
        "weights": {
            criterion: round(float(scores.weights[0, number]), 9)
            for number, criterion in enumerate(CRITERIA)
        },
        **decisions,
        "profile": profile.to_dict(),
        "plan": relocation["plan"],
        "feasibility": relocation["by_region"],
        "pairs": relocation["pairs"],
        "samples": scores.samples,
        "dataset_version": model.version,
        "engine_version": ENGINE_VERSION,
    }


def _plans(scores: Scores, profile: Profile, order: np.ndarray) -> dict[str, Any]:
    """The relocation plan of the recommended region, each region's feasibility, the
    feasibility reasons for the explanation, and the two-site plans (pairs.best_pairs)."""
    model = scores.model
    need = profile.funding_need_usd
    nationality = profile.founder_nationality
    status = (
        scores.feasibility[0]
        if scores.feasibility is not None
        else np.zeros(len(scores.regions), dtype=np.int8)
    )
    by_region = {scores.regions[column]: plan.STATUSES[status[column]] for column in order}
    winner = scores.regions[order[0]]
    recommended = plan.region_plan(
        model.routes, winner, model.catalogue.region_country[winner], nationality, need
    )
    flagged = [
        {"region": region, "status": value}
        for region, value in by_region.items()
        if value in ("capital", "closed")
    ]
    feasibility = {
        "nationality": nationality,
        "funding_need_usd": need,
        "flagged": flagged,
        "capital_penalty": model.params["feasibility.capital_penalty"],
        "closed_penalty": model.params["feasibility.closed_penalty"],
        "winner_status": by_region[winner],
    }
    kept = plan.factors(model.routes, status)
    return {
        "plan": recommended,
        "by_region": by_region,
        "feasibility": feasibility,
        "pairs": pairs.best_pairs(scores, 0, kept),
    }


def _baseline(scores: Scores, profile: Profile, winner: int) -> dict[str, Any] | None:
    """Stay or move (advisor.engine.baseline): None without a current location it recognises."""
    model = scores.model
    where = baseline.locate(model, profile.current_location)
    if where is None:
        return None
    if scores.regions == model.regions:
        everywhere = scores.criteria[0]
    else:  # the baseline may lie outside the regions compared: score this profile everywhere
        everywhere = score(model, scores.profiles, samples=0).criteria[0]
    return baseline.compare(
        model,
        where,
        stage=profile.stage,
        recommended=scores.regions[winner],
        recommended_criteria=scores.criteria[0, winner],
        weights=scores.weights[0],
        all_criteria=everywhere,
    )


def _decisions(scores: Scores, profile: Profile, order: np.ndarray) -> dict[str, Any]:
    """What would have to change (advisor.engine.sensitivity) for a batch of one: `stability`,
    `promotions` (their sentences are written by the presentation layer), `rank_acceptability`
    and the winner's `central_weights`."""
    model = scores.model
    # A region the founders cannot (fully) move to keeps only part of its total: its criteria
    # scaled by that share give the penalised total, so every interval, promotion and sample
    # below is of the ranking the result states.
    kept = (
        np.ones(len(scores.positions))
        if scores.feasibility is None
        else plan.factors(model.routes, scores.feasibility[:1])[0]
    )
    criteria, weights = scores.criteria[0] * kept[:, None], scores.weights[0]
    winner = int(order[0])
    levers = promotions.promotion_levers(model, profile.sector)
    promoted = [
        promotions.region_promotion(
            criteria,
            weights,
            scores.regions,
            int(column),
            model=model,
            levers=levers,
            factor=float(kept[column]),
        )
        for column in order[1 : 1 + sensitivity.PROMOTED]
    ]
    decisions: dict[str, Any] = {
        "stability": sensitivity.stability(criteria, weights, winner),
        "promotions": promoted,
    }
    if scores.samples > 0:
        spread = (
            robustness.total_uncertainty(
                scores.criteria[:1], scores.weights[:1], model.uncertainty[:, scores.positions]
            )[0]
            * kept
        )
        shares, central = sensitivity.rank_acceptability(
            criteria,
            weights,
            spread,
            scores.positions,
            len(model.regions),
            samples=scores.samples,
            concentration=model.params["robustness.concentration"],
            seed=int(model.params["robustness.seed"]),
            winner=winner,
        )
        rounded = np.round(shares, 6).tolist()
        decisions["rank_acceptability"] = {
            scores.regions[column]: rounded[column] for column in order
        }
        decisions["central_weights"] = {
            criterion: round(float(central[number]), 6) for number, criterion in enumerate(CRITERIA)
        }
    return decisions


def score_table(
    model: Model, frame: pd.DataFrame, *, samples: int | None = None
) -> tuple[pd.DataFrame, dict[int, str]]:
    """Score a table of profiles (the batch file): one output row per valid input row.

    Returns the output (id, recommendation, confidence, one score column per region) and the
    problems of the rejected rows by position in `frame`.
    """
    if samples is None:
        samples = int(model.params["robustness.batch_samples"])
    profiles, valid, problems = parse_table(frame)
    ids = frame["id"].to_numpy()[valid] if "id" in frame.columns else valid + 1
    if len(profiles) == 0:
        columns = ["id", "recommendation", "confidence", *model.regions]
        return pd.DataFrame(columns=columns), problems
    parts = [
        _table_block(model, profiles.rows(slice(start, start + TABLE_BLOCK_ROWS)), samples)
        for start in range(0, len(profiles), TABLE_BLOCK_ROWS)
    ]
    output = pd.concat(parts, ignore_index=True)
    output.insert(0, "id", ids)
    return output, problems


def _table_block(model: Model, profiles: ProfileArrays, samples: int) -> pd.DataFrame:
    scores = score(model, profiles, samples=samples)
    best = scores.ranking()[:, 0]
    rows = np.arange(len(profiles))
    output = pd.DataFrame(
        {
            "recommendation": np.array(scores.regions, dtype=object)[best],
            "confidence": (
                np.round(scores.first_place[rows, best], 4)
                if scores.first_place is not None
                else np.full(len(profiles), np.nan)
            ),
        }
    )
    totals = pd.DataFrame(np.round(scores.totals, 2), columns=list(scores.regions))
    return pd.concat([output, totals], axis=1)
