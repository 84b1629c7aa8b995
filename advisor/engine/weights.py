"""Criterion weights: defaults by stage and sector, and what callers may change.

Weights are relative importances on a scale where the defaults average 1: `venture_capital=2`
means "twice as important as an average criterion", 0 means "ignore". Criteria the caller does
not name keep their default. Before aggregation the weights are normalised to sum to 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from advisor.engine.errors import InvalidDataset, InvalidInput
from advisor.engine.vocabulary import CRITERIA, SECTORS, STAGES

MAX_WEIGHT = 100.0


def default_table(stage_weights: pd.DataFrame, sector_weights: pd.DataFrame) -> np.ndarray:
    """(sectors, stages, criteria): stage base weight x sector multiplier, rescaled to mean 1."""
    base = stage_weights.pivot(index="stage", columns="criterion", values="weight")
    base = base.reindex(index=list(STAGES), columns=list(CRITERIA))
    if base.isna().to_numpy().any():
        raise InvalidDataset("default weights need a weight for every stage and criterion")
    multiplier = sector_weights.pivot(index="sector", columns="criterion", values="multiplier")
    unknown = (set(multiplier.index) - set(SECTORS)) | (set(multiplier.columns) - set(CRITERIA))
    if unknown:
        raise InvalidDataset(f"sector weight multipliers name unknown slugs: {sorted(unknown)}")
    multiplier = multiplier.reindex(index=list(SECTORS), columns=list(CRITERIA)).fillna(1.0)
    table = multiplier.to_numpy()[:, None, :] * base.to_numpy()[None, :, :]
    if (table < 0).any() or (table.sum(axis=-1) <= 0).any():
        raise InvalidDataset("default weights must be non-negative and not all zero")
    return table / table.mean(axis=-1, keepdims=True)


def parse_overrides(overrides: Mapping[str, Any] | None) -> dict[str, float]:
    """Check the caller's weights: known criteria, finite numbers between 0 and MAX_WEIGHT."""
    checked: dict[str, float] = {}
    for criterion, raw in (overrides or {}).items():
        if criterion not in CRITERIA:
            raise InvalidInput(
                "weights",
                f"unknown criterion {criterion!r}; expected one of: {', '.join(CRITERIA)}",
            )
        if isinstance(raw, bool):
            raise InvalidInput("weights", f"weight for {criterion} must be a number")
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise InvalidInput("weights", f"weight for {criterion} must be a number") from None
        if not math.isfinite(value) or value < 0 or value > MAX_WEIGHT:
            raise InvalidInput(
                "weights", f"weight for {criterion} must be between 0 and {MAX_WEIGHT:g}"
            )
        checked[criterion] = value
    if len(checked) == len(CRITERIA) and not any(checked.values()):
        # Caught here, not only in resolve(), so every channel refuses it before saving a case.
        raise InvalidInput(
            "weights", "at least one criterion needs a weight above zero", code="no_weight"
        )
    return checked


def resolve(defaults: np.ndarray, overrides: Mapping[str, float]) -> np.ndarray:
    """Relative weights (criteria,): the defaults with the caller's values put in."""
    relative = defaults.astype(float).copy()
    for criterion, value in overrides.items():
        relative[CRITERIA.index(criterion)] = value
    if relative.sum() <= 0:
        raise InvalidInput(
            "weights", "at least one criterion needs a weight above zero", code="no_weight"
        )
    return relative


def normalised(relative: np.ndarray) -> np.ndarray:
    return relative / relative.sum(axis=-1, keepdims=True)
