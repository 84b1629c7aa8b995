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

from advisor.engine.countries import COUNTRIES
from advisor.engine.errors import InvalidInput
from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS, SECTORS, STAGES
from advisor.engine.weights import parse_overrides

SHARE_ROUNDING = 0.05  # percentage points a share typed to one decimal (the form's step) may be off


def share_tolerance(count: int | np.ndarray) -> float | np.ndarray:
    """How far from 100 the shares of `count` markets may add up to: the rounding of each share
    to one decimal, so 33.3 + 33.3 + 33.3 (99.9) is a third each; 33 + 33 + 33 (99) is not."""
    return np.maximum(0.01, SHARE_ROUNDING * np.asarray(count, dtype=float)) + 1e-9


@dataclass(frozen=True)
class Profile:
    sector: str
    stage: str
    customer_type: str
    markets: dict[str, float]
    weights: dict[str, float] = field(default_factory=dict)
    regions: tuple[str, ...] = ()
    founder_nationality: str | None = None  # ISO 3166-1 alpha-2; None: not given
    incorporated_in: str | None = None  # where the company is incorporated now, if anywhere
    funding_need_usd: float | None = None  # the money it is raising now, if given
    current_location: str | None = None  # where it is now: a region or a country (baseline.py)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sector": self.sector,
            "stage": self.stage,
            "customer_type": self.customer_type,
            "markets": dict(self.markets),
            "weights": dict(self.weights),
            "regions": list(self.regions),
            "founder_nationality": self.founder_nationality,
            "incorporated_in": self.incorporated_in,
            "funding_need_usd": self.funding_need_usd,
            "current_location": self.current_location,
        }


@dataclass(frozen=True)
class ProfileArrays:
    """Profiles as integer codes and a share matrix, the form the criteria are computed on."""

    sector: np.ndarray  # (profiles,) index into SECTORS
    stage: np.ndarray  # (profiles,) index into STAGES
    customer_type: np.ndarray  # (profiles,) index into CUSTOMER_TYPES
    shares: np.ndarray  # (profiles, markets) fractions summing to 1
    overrides: tuple[dict[str, float], ...] = ()  # per profile, or empty when none has any
    nationality: tuple[str | None, ...] = ()  # per profile, or empty when none is known
    incorporated_in: tuple[str | None, ...] = ()  # likewise
    funding_need_usd: np.ndarray | None = None  # (profiles,) NaN where not given; None: none given

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
            nationality=_column([p.founder_nationality for p in profiles]),
            incorporated_in=_column([p.incorporated_in for p in profiles]),
            funding_need_usd=_needs([p.funding_need_usd for p in profiles]),
        )

    def nationalities(self) -> tuple[str | None, ...]:
        return self.nationality or (None,) * len(self)

    def incorporations(self) -> tuple[str | None, ...]:
        return self.incorporated_in or (None,) * len(self)

    def needs(self) -> np.ndarray:
        """(profiles,) funding need in USD, NaN where not given."""
        if self.funding_need_usd is None:
            return np.full(len(self), np.nan)
        return self.funding_need_usd

    def rows(self, at: slice) -> ProfileArrays:
        """The profiles in `at` (a slice) as arrays of their own."""
        return ProfileArrays(
            sector=self.sector[at],
            stage=self.stage[at],
            customer_type=self.customer_type[at],
            shares=self.shares[at],
            overrides=self.overrides[at],
            nationality=self.nationality[at],
            incorporated_in=self.incorporated_in[at],
            funding_need_usd=None if self.funding_need_usd is None else self.funding_need_usd[at],
        )

    def take(self, order: np.ndarray) -> ProfileArrays:
        """The profiles at the positions `order` (an array of positions), in that order."""

        def pick(values: tuple) -> tuple:
            return tuple(values[i] for i in order) if values else values

        return ProfileArrays(
            sector=self.sector[order],
            stage=self.stage[order],
            customer_type=self.customer_type[order],
            shares=self.shares[order],
            overrides=pick(self.overrides),
            nationality=pick(self.nationality),
            incorporated_in=pick(self.incorporated_in),
            funding_need_usd=(
                None if self.funding_need_usd is None else self.funding_need_usd[order]
            ),
        )


def _column(values: list[str | None]) -> tuple[str | None, ...]:
    return tuple(values) if any(values) else ()


def _needs(values: list[float | None]) -> np.ndarray | None:
    if all(value is None for value in values):
        return None
    return np.array([np.nan if value is None else value for value in values], dtype=float)


def _fractions(percentages: np.ndarray) -> np.ndarray:
    """Percentages that add up to 100 (within the tolerance) as fractions that add up to 1."""
    return percentages / percentages.sum(axis=1, keepdims=True)


# The rules' wording, shared by the one-profile check and the table check so they say the same.
def _unknown(name: str, value: Any, vocabulary: tuple[str, ...]) -> InvalidInput:
    return InvalidInput(
        name,
        f"unknown {name.replace('_', ' ')} {value!r}; expected one of: {', '.join(vocabulary)}",
        code="unknown",
        params={
            "name": name.replace("_", " "),
            "value": repr(value),
            "expected": ", ".join(vocabulary),
        },
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
        raise InvalidInput(
            name,
            f"{name.replace('_', ' ')} is required",
            code="required",
            params={"name": name.replace("_", " ")},
        )
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
    if abs(total - 100) > share_tolerance(sum(1 for share in shares.values() if share > 0)):
        raise _shares_total(total)
    return {code: shares[code] for code in MARKETS if shares.get(code)}


def parse_regions(raw: Any) -> tuple[str, ...]:
    if not raw:
        return ()
    if isinstance(raw, str) or not all(isinstance(slug, str) for slug in raw):
        raise InvalidInput("regions", "regions must be a list of region slugs")
    return tuple(dict.fromkeys(slug.strip() for slug in raw))


def parse_country(data: Mapping[str, Any], name: str) -> str | None:
    """An optional ISO 3166-1 alpha-2 country code ('us' is 'US'); empty means not given."""
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or value.strip().upper() not in COUNTRIES:
        raise InvalidInput(
            name, f"{name.replace('_', ' ')} must be an ISO 3166-1 alpha-2 code such as US or CN"
        )
    return value.strip().upper()


MAX_FUNDING_NEED_USD = 10_000_000_000


def parse_funding_need(data: Mapping[str, Any]) -> float | None:
    """An optional amount in US dollars, above zero and at most MAX_FUNDING_NEED_USD."""
    value = data.get("funding_need_usd")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidInput("funding_need_usd", "funding need must be a number of US dollars")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            "funding_need_usd", "funding need must be a number of US dollars"
        ) from None
    if not math.isfinite(number) or not 0 < number <= MAX_FUNDING_NEED_USD:
        raise InvalidInput(
            "funding_need_usd",
            f"funding need must be above 0 and at most {MAX_FUNDING_NEED_USD:,} USD",
        )
    return number


MAX_LOCATION_LENGTH = 100


def parse_location(data: Mapping[str, Any]) -> str | None:
    """Where the company is now, as typed: a region of the dataset, a country code, or text that
    names neither (then there is no baseline); empty means not given."""
    value = data.get("current_location")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or len(value.strip()) > MAX_LOCATION_LENGTH:
        raise InvalidInput(
            "current_location",
            f"current location must be text of at most {MAX_LOCATION_LENGTH} characters",
        )
    return value.strip()


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
        "founder_nationality": lambda: parse_country(data, "founder_nationality"),
        "incorporated_in": lambda: parse_country(data, "incorporated_in"),
        "funding_need_usd": lambda: parse_funding_need(data),
        "current_location": lambda: parse_location(data),
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
    tolerance = share_tolerance((shares > 0).sum(axis=1))
    complain(np.abs(totals - 100) > tolerance, lambda i: _shares_total(totals[i]).message)

    countries: dict[str, list[str | None]] = {}
    for name in ("founder_nationality", "incorporated_in"):
        cells = (
            frame[name].astype("string").str.strip().str.upper().fillna("")
            if name in frame.columns
            else pd.Series([""] * count, dtype="string")
        )
        known = cells.isin(COUNTRIES) | (cells == "")
        complain(
            ~known.to_numpy(),
            lambda i, name=name, cells=cells: (
                f"{name.replace('_', ' ')} {cells.iloc[i]!r} is not an ISO 3166-1 alpha-2 code"
            ),
        )
        countries[name] = [cell or None for cell in cells.tolist()]
    need = np.full(count, np.nan)
    if "funding_need_usd" in frame.columns:
        raw = frame["funding_need_usd"]
        numbers = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        given = ~(raw.isna() | (raw.astype("string").str.strip() == "")).to_numpy()
        bad = given & ~(np.isfinite(numbers) & (numbers > 0) & (numbers <= MAX_FUNDING_NEED_USD))
        complain(
            bad,
            lambda i: f"funding need must be above 0 and at most {MAX_FUNDING_NEED_USD:,} USD",
        )
        need = np.where(given & ~bad, numbers, np.nan)

    valid = np.ones(count, dtype=bool)
    valid[list(problems)] = False
    kept = np.flatnonzero(valid)
    arrays = ProfileArrays(
        sector=codes["sector"][valid],
        stage=codes["stage"][valid],
        customer_type=codes["customer_type"][valid],
        shares=_fractions(shares[valid]),
        nationality=_column([countries["founder_nationality"][i] for i in kept]),
        incorporated_in=_column([countries["incorporated_in"][i] for i in kept]),
        funding_need_usd=None if np.isnan(need).all() else need[valid],
    )
    return arrays, kept, problems
