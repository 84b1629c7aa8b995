"""Scoring without a case: the CLI's single recommendation and batch files."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from advisor.engine import (
    InvalidInput,
    Model,
    prepare,
    recommend,
    recommend_many,
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
    """The recommendation for each profile on the current data (or `model`), scored together:
    each result is what profile_recommend returns for that profile alone with the same `samples`.
    A profile the engine refuses gets its InvalidInput."""
    return recommend_many(model or current_model(), profiles, samples=samples)
