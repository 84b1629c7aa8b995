"""Scoring without a case: the CLI's single recommendation and batch files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from advisor.engine import (
    ENGINE_VERSION,
    InvalidInput,
    Model,
    Profile,
    ProfileArrays,
    Scores,
    explain,
    parse_profile,
    prepare,
    recommend,
    score,
    score_table,
)
from advisor.engine.vocabulary import CRITERIA, SECTORS, STAGES
from regions.dataset import dataset_current


class NoRegionData(Exception):
    """The database holds no region data yet."""


def current_model() -> Model:
    dataset = dataset_current()
    if not dataset.records["regions"]:
        raise NoRegionData("no region data in the database; run `python manage.py load_regions`")
    return prepare(dataset)


def profile_recommend(*, profile: Mapping[str, Any], samples: int | None = None) -> dict[str, Any]:
    """The recommendation for one profile on the current data. Raises InvalidInput."""
    return recommend(current_model(), profile, samples=samples)


def weights_default_table() -> dict[str, dict[str, dict[str, float]]]:
    """The default relative weights (mean 1) on the current data: {sector: {stage: {criterion:
    weight}}}, as the engine applies them when a profile names no weight. Raises NoRegionData."""
    table = current_model().default_weights
    return {
        sector: {
            stage: {
                criterion: round(float(table[s, t, c]), 2) for c, criterion in enumerate(CRITERIA)
            }
            for t, stage in enumerate(STAGES)
        }
        for s, sector in enumerate(SECTORS)
    }


def profiles_score_table(
    *, frame: pd.DataFrame, samples: int | None = None
) -> tuple[pd.DataFrame, dict[int, str]]:
    """Score a table of profiles; bad rows come back as {position: message}, good rows are scored."""
    if "id" not in frame.columns:
        raise InvalidInput("id", "the file has no id column")
    return score_table(current_model(), frame, samples=samples)


def profiles_recommend(
    *,
    profiles: Sequence[Mapping[str, Any]],
    model: Model | None = None,
    samples: int | None = None,
) -> list[dict[str, Any] | InvalidInput]:
    """The recommendation for each profile, scored in one vectorised engine call (one per distinct
    region selection): each result is the object profile_recommend returns for that profile
    alone with the same `samples`. A profile the engine refuses gets its InvalidInput."""
    model = model or current_model()
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
            scores = score(model, arrays, regions=regions, samples=samples)
        except InvalidInput as error:  # the selection names a region the data no longer has
            for position, _ in members:
                results[position] = error
            continue
        for row, (position, profile) in enumerate(members):
            results[position] = _recommendation(_one_row(scores, row), profile)
    return results  # type: ignore[return-value]


def _one_row(scores: Scores, row: int) -> Scores:
    """One profile's scores as a batch of one, so ranking and explanation cost O(1) per profile
    (explain.reasons ranks every row of the batch it is given)."""
    at = slice(row, row + 1)
    arrays = scores.profiles
    return replace(
        scores,
        profiles=ProfileArrays(
            sector=arrays.sector[at],
            stage=arrays.stage[at],
            customer_type=arrays.customer_type[at],
            shares=arrays.shares[at],
            overrides=arrays.overrides[at],
        ),
        criteria=scores.criteria[at],
        weights=scores.weights[at],
        totals=scores.totals[at],
        first_place=None if scores.first_place is None else scores.first_place[at],
    )


def _recommendation(scores: Scores, profile: Profile) -> dict[str, Any]:
    """The result object of advisor.engine.recommend for a batch of one, field for field (a test
    holds the two together)."""
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
    return {
        "recommendation": ranking[0]["region"],
        "ranking": ranking,
        "robustness": (
            {scores.regions[c]: round(float(first_place[c]), 6) for c in order}
            if first_place is not None
            else {}
        ),
        "explanation": explain.text(reasons, model),
        "reasons": reasons,
        "weights": {
            criterion: round(float(scores.weights[0, number]), 6)
            for number, criterion in enumerate(CRITERIA)
        },
        "profile": profile.to_dict(),
        "samples": scores.samples,
        "dataset_version": model.version,
        "engine_version": ENGINE_VERSION,
    }
