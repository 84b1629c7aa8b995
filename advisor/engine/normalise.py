"""Turning an indicator's raw values into 0-1 'goodness' on the bounds its definition gives."""

from __future__ import annotations

import numpy as np

SCALES = ("linear", "log", "log1p", "sqrt")


def normalise(
    values: np.ndarray,
    *,
    higher_is_better: bool,
    scale: str,
    lower: float,
    upper: float,
) -> np.ndarray:
    """Map raw values onto 0..1, 1 being best, clipped at the bounds.

    `log` suits ranks and money (the step from rank 1 to 5 matters more than from 40 to 44);
    `log1p` suits counts that may be zero. `sqrt` keeps ratios readable: a quarter of the upper
    bound scores a half, a sixteenth a quarter (used for money whose ratios founders compare).
    """
    raw = np.asarray(values, dtype=float)
    if scale == "linear":
        position = (raw - lower) / (upper - lower)
    elif scale == "log":
        floor = max(lower, 1e-12)
        position = (np.log(np.maximum(raw, floor)) - np.log(floor)) / (
            np.log(upper) - np.log(floor)
        )
    elif scale == "log1p":
        position = (np.log1p(np.maximum(raw, lower)) - np.log1p(lower)) / (
            np.log1p(upper) - np.log1p(lower)
        )
    elif scale == "sqrt":
        position = np.sqrt(np.clip((raw - lower) / (upper - lower), 0.0, None))
    else:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
    position = np.clip(position, 0.0, 1.0)
    return position if higher_is_better else 1.0 - position


def denormalise(
    goodness: float | np.ndarray,
    *,
    higher_is_better: bool,
    scale: str,
    lower: float,
    upper: float,
) -> np.ndarray:
    """The raw value whose goodness is `goodness` (0..1): normalise's inverse inside the bounds."""
    good = np.clip(np.asarray(goodness, dtype=float), 0.0, 1.0)
    position = good if higher_is_better else 1.0 - good
    if scale == "linear":
        return lower + position * (upper - lower)
    if scale == "log":
        floor = max(lower, 1e-12)
        return np.exp(np.log(floor) + position * (np.log(upper) - np.log(floor)))
    if scale == "log1p":
        return np.expm1(np.log1p(lower) + position * (np.log1p(upper) - np.log1p(lower)))
    if scale == "sqrt":
        return lower + position**2 * (upper - lower)
    raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}")
