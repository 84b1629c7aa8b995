"""Founder profiles: checking one (form, API, CLI; every problem at once) or a whole table
(batch, vectorised) against the vocabulary, with the same rules and words.

Customer shares are percentages by market that must add up to 100.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advisor.engine.errors import InvalidInput
from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS, SECTORS, STAGES
from advisor.engine.weights import parse_overrides

SHARE_TOLERANCE = 0.01  # percentage points: 33.33 + 33.33 + 33.34 is fine, 33 + 33 + 33 is not


@dataclass(frozen=True)
class Profile:
    sector: str
    stage: str
    customer_type: str
    markets: dict[str, float]
    weights: dict[str, float] = field(default_factory=dict)
    regions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "sector": self.sector,
            "stage": self.stage,
            "customer_type": self.customer_type,
            "markets": dict(self.markets),
            "weights": dict(self.weights),
            "regions": list(self.regions),
        }


@dataclass(frozen=True)
class ProfileArrays:
    """Profiles as integer codes and a share matrix, the form the criteria are computed on."""

    sector: np.ndarray  # (profiles,) index into SECTORS
    stage: np.ndarray  # (profiles,) index into STAGES
    customer_type: np.ndarray  # (profiles,) index into CUSTOMER_TYPES
    shares: np.ndarray  # (profiles, markets) fractions summing to 1
    overrides: tuple[dict[str, float], ...] = ()  # per profile, or empty when none has any

    def __len__(self) -> int:
        return len(self.sector)

    @classmethod
    def from_profiles(cls, profiles: list[Profile]) -> ProfileArrays:
        shares = np.array([[p.markets.get(code, 0.0) for code in MARKETS] for p in profiles])
        return cls(
            sector=np.array([SECTORS.index(p.sector) for p in profiles], dtype=np.intp),
            stage=np.array([STAGES.index(p.stage) for p in profiles], dtype=np.intp),
            customer_type=np.array(
                [CUSTOMER_TYPES.index(p.customer_type) for p in profiles], dtype=np.intp
            ),
            shares=_fractions(shares.reshape(len(profiles), len(MARKETS))),
            overrides=tuple(p.weights for p in profiles)
            if any(p.weights for p in profiles)
            else (),
        )


def _fractions(percentages: np.ndarray) -> np.ndarray:
    """Percentages that add up to 100 (within the tolerance) as fractions that add up to 1."""
    return percentages / percentages.sum(axis=1, keepdims=True)


# The rules' wording, shared by the one-profile check and the table check so they say the same.
def _unknown(name: str, value: Any, vocabulary: tuple[str, ...]) -> InvalidInput:
    return InvalidInput(
        name,
        f"unknown {name.replace('_', ' ')} {value!r}; expected one of: {', '.join(vocabulary)}",
        code="unknown",
    )


def _not_a_number(code: str, value: Any) -> InvalidInput:
    return InvalidInput("markets", f"share for {code} must be a number, not {value!r}")


def _out_of_range(code: str) -> InvalidInput:
    return InvalidInput("markets", f"share for {code} must be between 0 and 100")


def _no_share() -> InvalidInput:
    return InvalidInput(
        "markets", "give the share of customers in at least one market", code="no_share"
    )


def _shares_total(total: float) -> InvalidInput:
    return InvalidInput(
        "markets",
        f"customer shares must add up to 100 (they add up to {total:g})",
        code="shares_total",
        params={"total": f"{total:g}"},
    )


def _choice(data: Mapping[str, Any], name: str, vocabulary: tuple[str, ...]) -> str:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InvalidInput(name, f"{name.replace('_', ' ')} is required", code="required")
    if not isinstance(value, str) or value.strip() not in vocabulary:
        raise _unknown(name, value, vocabulary)
    return value.strip()


def parse_markets(raw: Any) -> dict[str, float]:
    if not raw:
        raise _no_share()
    if not isinstance(raw, Mapping):
        raise InvalidInput("markets", "markets must map market codes to percentages")
    shares: dict[str, float] = {}
    for code, value in raw.items():
        key = str(code).strip().upper()
        if key not in MARKETS:
            raise InvalidInput(
                "markets", f"unknown market {code!r}; expected one of: {', '.join(MARKETS)}"
            )
        if key in shares:
            raise InvalidInput("markets", f"market {key} is given twice")
        if isinstance(value, bool):
            raise _not_a_number(key, value)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise _not_a_number(key, value) from None
        if not math.isfinite(number) or not 0 <= number <= 100:
            raise _out_of_range(key)
        shares[key] = number
    total = sum(shares.values())
    if total <= 0:
        raise _no_share()
    if abs(total - 100) > SHARE_TOLERANCE:
        raise _shares_total(total)
    return {code: shares[code] for code in MARKETS if shares.get(code)}


def parse_regions(raw: Any) -> tuple[str, ...]:
    if not raw:
        return ()
    if isinstance(raw, str) or not all(isinstance(slug, str) for slug in raw):
        raise InvalidInput("regions", "regions must be a list of region slugs")
    return tuple(dict.fromkeys(slug.strip() for slug in raw))


NOT_A_PROFILE = "a profile must be an object with sector, stage, customer_type, markets"


def profile_problems(data: Any) -> tuple[Profile | None, list[InvalidInput]]:
    """Check one profile, every field on its own: the profile and no problem, or no profile and
    every problem found, in field order."""
    if not isinstance(data, Mapping):
        return None, [InvalidInput("", NOT_A_PROFILE)]
    checks = {
        "sector": lambda: _choice(data, "sector", SECTORS),
        "stage": lambda: _choice(data, "stage", STAGES),
        "customer_type": lambda: _choice(data, "customer_type", CUSTOMER_TYPES),
        "markets": lambda: parse_markets(data.get("markets")),
        "weights": lambda: parse_overrides(data.get("weights")),
        "regions": lambda: parse_regions(data.get("regions")),
    }
    values: dict[str, Any] = {}
    problems: list[InvalidInput] = []
    for name, check in checks.items():
        try:
            values[name] = check()
        except InvalidInput as problem:
            problems.append(problem)
    if problems:
        return None, problems
    return Profile(**values), []


def parse_profile(data: Mapping[str, Any]) -> Profile:
    """Check one profile; raise InvalidInput naming the first problem found."""
    profile, problems = profile_problems(data)
    if problems:
        raise problems[0]
    return profile


def parse_table(frame: pd.DataFrame) -> tuple[ProfileArrays, np.ndarray, dict[int, str]]:
    """Check a table of profiles at once (columns sector, stage, customer_type, one per market).

    Returns the valid profiles, the positions of the valid rows, and a message for each bad row
    position. Missing market columns and empty cells count as 0.
    """
    count = len(frame)
    problems: dict[int, str] = {}

    def complain(mask: np.ndarray, message_for_row) -> None:
        for position in np.flatnonzero(mask):
            problems.setdefault(int(position), message_for_row(int(position)))

    codes = {}
    for name, vocabulary in (
        ("sector", SECTORS),
        ("stage", STAGES),
        ("customer_type", CUSTOMER_TYPES),
    ):
        if name not in frame.columns:
            raise InvalidInput(name, f"the file has no {name} column")
        values = frame[name].astype("string")
        lookup = {slug: number for number, slug in enumerate(vocabulary)}
        code = values.map(lookup)
        if code.isna().any():  # only cells that did not match need their spaces trimmed
            values = values.str.strip()
            code = values.map(lookup)
        bad = code.isna().to_numpy()
        complain(
            bad,
            lambda i, name=name, values=values, vocabulary=vocabulary: (
                _unknown(name, values.iloc[i], vocabulary).message
            ),
        )
        codes[name] = code.fillna(0).to_numpy(dtype=np.intp)

    shares = np.zeros((count, len(MARKETS)))
    for column, code in enumerate(MARKETS):
        if code not in frame.columns:
            continue
        raw = frame[code]
        numbers = pd.to_numeric(raw, errors="coerce")
        blank = raw.isna()
        unparsed = numbers.isna() & ~blank  # only these can be blanks made of spaces
        if unparsed.any():
            blank[unparsed] = raw[unparsed].astype("string").str.strip() == ""
        not_numeric = (numbers.isna() & ~blank).to_numpy()
        complain(
            not_numeric,
            lambda i, code=code, raw=raw: _not_a_number(code, raw.iloc[i]).message,
        )
        values = numbers.fillna(0.0).to_numpy(dtype=float)
        out_of_range = ~np.isfinite(values) | (values < 0) | (values > 100)
        complain(out_of_range, lambda i, code=code: _out_of_range(code).message)
        shares[:, column] = np.where(np.isfinite(values), values, 0.0)
    totals = shares.sum(axis=1)
    complain(totals <= 0, lambda i: _no_share().message)
    complain(np.abs(totals - 100) > SHARE_TOLERANCE, lambda i: _shares_total(totals[i]).message)

    valid = np.ones(count, dtype=bool)
    valid[list(problems)] = False
    arrays = ProfileArrays(
        sector=codes["sector"][valid],
        stage=codes["stage"][valid],
        customer_type=codes["customer_type"][valid],
        shares=_fractions(shares[valid]),
    )
    return arrays, np.flatnonzero(valid), problems
