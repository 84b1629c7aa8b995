"""Scoring: profiles x regions x criteria, the weighted total, the ranking and its robustness.

One code path for one profile or a hundred thousand: every criterion is an array look-up or a
matrix product over the whole batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from advisor.engine import capital, grants, plan, policy, proximity, robustness
from advisor.engine.errors import InvalidInput
from advisor.engine.model import Model
from advisor.engine.profiles import Profile, ProfileArrays, parse_profile, parse_table
from advisor.engine.results import one_row, result_of
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
    return result_of(scores, profile)


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
            results[position] = result_of(one_row(scores, row), profile)
    return results  # type: ignore[return-value]


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
    # Rows of one sector and stage (one weighting) are scored side by side: the robustness
    # analysis draws its weight samples once per weighting in a block, and a block of few
    # weightings is a few large matrix products instead of many small ones (100,000 random
    # profiles: 65 weightings in every block before). The output is put back in the file's order.
    order = np.lexsort((profiles.stage, profiles.sector))
    grouped = profiles.take(order)
    parts = [
        _table_block(model, grouped.rows(slice(start, start + TABLE_BLOCK_ROWS)), samples)
        for start in range(0, len(grouped), TABLE_BLOCK_ROWS)
    ]
    output = pd.concat(parts, ignore_index=True)
    output = output.iloc[np.argsort(order)].reset_index(drop=True)
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
