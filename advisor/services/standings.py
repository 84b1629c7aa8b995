"""Where one region stands in stored results: its rank, score and gap to the recommendation, and
the smallest change that would put it first (advisor.engine.promotions), from what each case
stored (its result and the dataset version it was scored on), with nothing scored again."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from advisor.engine import Model
from advisor.engine.promotions import Standing, stored_standing
from advisor.models import Case
from advisor.services.scoring import model_at_version
from regions.models import DatasetSnapshot


def cases_region_standing(*, cases: Iterable[Case], region: str) -> dict[UUID, Standing | None]:
    """Each case's standing of `region` by case id (None when its result did not compare the
    region, or it has no result). A promotion the result does not list is computed from the
    result's stored scores and weights, and its figure part from the figures of the dataset
    version the case was scored on (none when that version is no longer held)."""
    models: dict[str, Model | None] = {}
    found: dict[UUID, Standing | None] = {}
    for case in cases:
        if not case.result:
            found[case.id] = None
            continue
        version = case.result.get("dataset_version") or case.dataset_version
        if version not in models:
            models[version] = _model(version)
        found[case.id] = stored_standing(case.result, region, models[version])
    return found


def _model(version: str) -> Model | None:
    try:
        return model_at_version(version)
    except DatasetSnapshot.DoesNotExist:
        return None
