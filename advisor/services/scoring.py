"""Scoring without a case: the CLI's single recommendation and batch files."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from advisor.engine import InvalidInput, Model, prepare, recommend, score_table
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


def profiles_score_table(
    *, frame: pd.DataFrame, samples: int | None = None
) -> tuple[pd.DataFrame, dict[int, str]]:
    """Score a table of profiles; bad rows come back as {position: message}, good rows are scored."""
    if "id" not in frame.columns:
        raise InvalidInput("id", "the file has no id column")
    return score_table(current_model(), frame, samples=samples)
