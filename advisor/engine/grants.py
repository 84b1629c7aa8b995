"""Grants: public money this startup can bank, by expected cash value and by breadth.

Each programme's typical amount (in USD) counts at its expected cash to this profile:

    cash = amount x kind factor x stage factor x P(eligible | founders) x validity

- kind: a grant or subsidy is cash (1); a voucher pays for named services only
  (`grants.voucher_value`); a loan must be repaid (`grants.loan_value`); an equity co-investment
  is capital bought with shares (`grants.equity_value`); a relief for the company's own taxes is
  cash when refundable, and worth only `profitable_share` of the stage when it needs profits
  (eligibility `profitable`); a relief for the company's *investors* (UK SEIS/EIS) is no cash to the
  company at all: it helps fundraising and counts in venture capital instead.
- success: a competitive call (few applicants win) counts at `grants.competitive_success`, since
  its typical amount is what a winner receives, not what an applicant can expect;
- eligibility: conditions on who may apply (`majority_owned_by:US`, `citizen_or_pr:SG`,
  `foreign_founders:KR`, `returnee:CN:3`...). With the founders' nationality known a programme is
  open or closed to them; unknown, it counts at `grants.unknown_eligibility` and the result names
  it. Conditions the profile does not capture (a certification, years of operation) count at
  `grants.restricted_probability`; a programme only for spin-offs of the region's own universities
  counts at `grants.spinoff_probability`, since a startup that moves in was founded elsewhere.
- validity: a programme that ended before the dataset's reference date (`data.as_of_date`) counts
  nothing; one not confirmed running for more than `data.stale_after_years` counts at
  `grants.stale_discount`.

The expected cash is judged against the money the startup is raising (its funding need, else its
stage's typical round), so 100,000 USD matters to a pre-seed company and hardly to a growth one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from threading import Lock

import numpy as np
import pandas as pd

from advisor.engine.errors import InvalidDataset
from advisor.engine.reference import as_of
from advisor.engine.vocabulary import PROGRAMME_KINDS, SECTORS, STAGES

ALL = "*"
# Conditions on who the founders are, decided by their nationality when it is given.
NATIONALITY_CONDITIONS = (
    "majority_owned_by",  # >50% owned by citizens or permanent residents of the country
    "citizen_or_pr",  # a founder is a citizen or permanent resident
    "foreign_founders",  # the founders are not nationals of the country
    "returnee",  # nationals back after some years abroad
    "local_shareholding",  # some local shareholders (Startup SG Tech: 30%)
)
# Conditions the profile does not capture: counted at grants.restricted_probability.
OTHER_CONDITIONS = (
    "university_spinoff",  # counted at grants.spinoff_probability instead
    "certified",  # a certification (high-tech enterprise, DPIIT, BOI...)
    "operating_years",
    "target_group",  # graduates, the unemployed and similar groups
    "recent_graduate",
    "hk_macao_youth",
    "prior_award",  # only after an earlier award of another programme
)
# Conditions that every relocating startup at the programme's stages meets, or that the typical
# amount already reflects: they change nothing in the value.
FLAGS = (
    "open",
    "profitable",  # handled by the stage's profitable share
    "competitive",  # a call with few winners: counted at grants.competitive_success
    "investor_match",  # paid beside a private investor's money
    "max_age",  # the company is young (the programme's stages say which)
    "founder_resident",  # founders who move there become residents
    "resident_controlled",  # likewise (Canada's CCPC)
)


def parse_slugs(text: str, vocabulary: tuple[str, ...], what: str) -> list[str]:
    """'*' means all; otherwise ';'-separated slugs, each of which must be known."""
    if text.strip() == ALL:
        return list(vocabulary)
    slugs = [part.strip() for part in text.split(";") if part.strip()]
    unknown = [slug for slug in slugs if slug not in vocabulary]
    if unknown or not slugs:
        raise InvalidDataset(f"unknown {what} {', '.join(unknown) or '(none)'} in {text!r}")
    return slugs


@dataclass(frozen=True)
class Condition:
    kind: str  # one of NATIONALITY_CONDITIONS, OTHER_CONDITIONS or FLAGS
    country: str = ""

    def probability(
        self,
        nationality: str | None,
        unknown: float,
        restricted: float,
        competitive: float,
        spinoff: float,
    ) -> float:
        """Chance that a startup whose founders hold `nationality` (None: unknown) may apply."""
        if self.kind == "competitive":
            return competitive
        if self.kind in FLAGS:
            return 1.0
        if self.kind == "university_spinoff":
            return spinoff
        if self.kind in OTHER_CONDITIONS:
            return restricted
        if nationality is None:
            return unknown
        if self.kind == "foreign_founders":
            return float(nationality != self.country)
        if self.kind == "returnee":  # a national; whether back after enough years is not asked
            return unknown if nationality == self.country else 0.0
        if self.kind == "local_shareholding":  # foreign founders may still bring in local owners
            return 1.0 if nationality == self.country else restricted
        return float(nationality == self.country)


def parse_eligibility(text: str) -> tuple[Condition, ...]:
    """'open', or ';'-separated conditions such as 'majority_owned_by:US;competitive'."""
    conditions = []
    for part in (piece.strip() for piece in (text or "open").split(";")):
        if not part:
            continue
        name, _, rest = part.partition(":")
        if name in NATIONALITY_CONDITIONS:
            country = rest.split(":")[0].strip().upper()
            if len(country) != 2:
                raise InvalidDataset(f"eligibility {part!r} needs a country code")
            conditions.append(Condition(name, country))
        elif name in OTHER_CONDITIONS or name in FLAGS:
            conditions.append(Condition(name))
        else:
            raise InvalidDataset(f"unknown eligibility condition {part!r}")
    return tuple(conditions) or (Condition("open"),)


def usd_amounts(grants: pd.DataFrame, fx_rates: pd.DataFrame) -> pd.Series:
    rates = fx_rates.set_index("currency")["usd_per_unit"]
    unknown = sorted(set(grants["currency"]) - set(rates.index))
    if unknown:
        raise InvalidDataset(f"grant programmes in currencies without a rate: {', '.join(unknown)}")
    return grants["typical_amount"] * grants["currency"].map(rates)


def is_lapsed(ends: str, today: str) -> bool:
    return bool(ends) and ends < today


@dataclass(frozen=True)
class Programmes:
    """The programme table as arrays, with each programme's value before eligibility."""

    region: np.ndarray  # (programmes,) region position
    sectors: np.ndarray  # (programmes, sectors) bool
    stages: np.ndarray  # (programmes, stages) bool
    cash: np.ndarray  # (programmes, stages) USD of expected cash before nationality conditions
    conditions: tuple[tuple[Condition, ...], ...]
    names: tuple[str, ...]
    lapsed: np.ndarray  # (programmes,) bool
    stale: np.ndarray  # (programmes,) bool
    investor_relief: np.ndarray  # (programmes,) bool: a relief for investors, not the company
    params: dict[str, float]
    region_count: int
    _tables: dict[str | None, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _lock: Lock = field(default_factory=Lock, repr=False, compare=False)

    def _chances(self, nationality: str | None, competitive: float) -> np.ndarray:
        unknown = self.params["grants.unknown_eligibility"]
        restricted = self.params["grants.restricted_probability"]
        spinoff = self.params["grants.spinoff_probability"]
        return np.array(
            [
                math.prod(
                    c.probability(nationality, unknown, restricted, competitive, spinoff)
                    for c in conditions
                )
                for conditions in self.conditions
            ]
        )

    def nationality_factor(self, nationality: str | None) -> np.ndarray:
        return self._chances(nationality, self.params["grants.competitive_success"])

    def eligible(self, nationality: str | None) -> np.ndarray:
        """(programmes,) chance the startup may apply at all (for the breadth count: a
        competitive call is open to it even if it may not win)."""
        return self._chances(nationality, 1.0)

    def depends_on_nationality(self) -> np.ndarray:
        return np.array(
            [
                any(c.kind in NATIONALITY_CONDITIONS for c in conditions)
                for conditions in self.conditions
            ]
        )

    def tables(self, nationality: str | None) -> tuple[np.ndarray, np.ndarray]:
        """(sectors, stages, regions) expected cash in USD and effective programme count."""
        with self._lock:
            if nationality in self._tables:
                return self._tables[nationality]
        factor = self.nationality_factor(nationality)  # (programmes,)
        per_stage = self.cash * factor[:, None]  # (programmes, stages)
        counted = (per_stage > 0) * self.eligible(nationality)[:, None] * self._validity()[:, None]
        value = np.zeros((len(SECTORS), len(STAGES), self.region_count))
        count = np.zeros_like(value)
        for number in range(len(self.names)):
            if not per_stage[number].any() and not counted[number].any():
                continue
            mask = self.sectors[number][:, None] & self.stages[number][None, :]
            value[:, :, self.region[number]] += mask * per_stage[number][None, :]
            count[:, :, self.region[number]] += mask * counted[number][None, :]
        result = (value, count)
        with self._lock:
            if len(self._tables) > 64:
                self._tables.clear()
            self._tables[nationality] = result
        return result

    def _validity(self) -> np.ndarray:
        return np.where(
            self.lapsed, 0.0, np.where(self.stale, self.params["grants.stale_discount"], 1.0)
        )


def build(
    grants: pd.DataFrame,
    fx_rates: pd.DataFrame,
    regions: tuple[str, ...],
    stages: pd.DataFrame,
    params: dict[str, float],
) -> Programmes:
    region_index = {slug: number for number, slug in enumerate(regions)}
    usd = usd_amounts(grants, fx_rates).to_numpy()
    today = as_of(params)
    stale_before = int(today[:4]) - params["data.stale_after_years"]
    profitable = stages.set_index("slug").reindex(list(STAGES))["profitable_share"].to_numpy()
    kind_value = {
        "grant": 1.0,
        "subsidy": 1.0,
        "voucher": params["grants.voucher_value"],
        "loan": params["grants.loan_value"],
        "equity": params["grants.equity_value"],
        "company_tax_relief": 1.0,
        "investor_tax_relief": 0.0,
    }
    count = len(grants)
    sector_mask = np.zeros((count, len(SECTORS)), dtype=bool)
    stage_mask = np.zeros((count, len(STAGES)), dtype=bool)
    cash = np.zeros((count, len(STAGES)))
    region = np.zeros(count, dtype=np.intp)
    conditions = []
    lapsed = np.zeros(count, dtype=bool)
    stale = np.zeros(count, dtype=bool)
    for number, row in enumerate(grants.itertuples(index=False)):
        if row.region not in region_index:
            raise InvalidDataset(f"grant programme {row.name!r} is for unknown region {row.region}")
        if not np.isfinite(usd[number]) or usd[number] < 0:
            raise InvalidDataset(f"grant programme {row.name!r} has no typical amount")
        if row.kind not in kind_value:
            raise InvalidDataset(
                f"grant programme {row.name!r} has unknown kind {row.kind!r}; "
                f"expected one of: {', '.join(PROGRAMME_KINDS)}"
            )
        region[number] = region_index[row.region]
        sector_mask[
            number, [SECTORS.index(s) for s in parse_slugs(row.sectors, SECTORS, "sector")]
        ] = True
        stage_mask[number, [STAGES.index(s) for s in parse_slugs(row.stages, STAGES, "stage")]] = (
            True
        )
        parsed = parse_eligibility(row.eligibility)
        conditions.append(parsed)
        lapsed[number] = is_lapsed(row.ends, today)
        confirmed = row.confirmed if pd.notna(row.confirmed) else row.year
        stale[number] = pd.isna(confirmed) or confirmed < stale_before
        stage_factor = np.where(
            any(c.kind == "profitable" for c in parsed), profitable, np.ones(len(STAGES))
        )
        cash[number] = usd[number] * kind_value[row.kind] * stage_factor * stage_mask[number]
    programmes = Programmes(
        region=region,
        sectors=sector_mask,
        stages=stage_mask,
        cash=cash,
        conditions=tuple(conditions),
        names=tuple(grants["name"]),
        lapsed=lapsed,
        stale=stale,
        investor_relief=(grants["kind"] == "investor_tax_relief").to_numpy(),
        params=params,
        region_count=len(regions),
    )
    validity = programmes._validity()
    programmes.cash[:] = programmes.cash * validity[:, None]
    return programmes


@dataclass(frozen=True)
class GrantScores:
    score: np.ndarray  # (profiles, regions) 0..100
    value_usd: np.ndarray  # (profiles, regions) expected cash of eligible programmes
    count: np.ndarray  # (profiles, regions) effective number of eligible programmes


def score(
    programmes: Programmes,
    sector: np.ndarray,
    stage: np.ndarray,
    nationality: tuple[str | None, ...],
    raising_usd: np.ndarray,
    at: np.ndarray,
) -> GrantScores:
    """Grants of the regions at `at` for each profile; `raising_usd` is (profiles,) the money the
    startup raises (its funding need, or its stage's typical round)."""
    value = np.empty((len(sector), len(at)))
    count = np.empty_like(value)
    groups = pd.Series(list(nationality), dtype=object).fillna("").to_numpy()
    for group in np.unique(groups):
        rows = groups == group
        table_value, table_count = programmes.tables(group or None)
        value[rows] = table_value[sector[rows], stage[rows]][:, at]
        count[rows] = table_count[sector[rows], stage[rows]][:, at]
    params = programmes.params
    relative = value / raising_usd[:, None]
    amount_score = 1 - np.exp(-relative / params["grants.value_scale"])
    breadth = np.minimum(count / params["grants.breadth_saturation"], 1.0)
    share = params["grants.amount_share"]
    return GrantScores(
        score=100 * (share * amount_score + (1 - share) * breadth), value_usd=value, count=count
    )


def uncertainty(
    grants: pd.DataFrame, regions: tuple[str, ...], params: dict[str, float]
) -> np.ndarray:
    """(regions,) relative uncertainty of the grants score: estimated amounts are less certain."""
    result = np.full(len(regions), params["uncertainty.measured"])
    for number, slug in enumerate(regions):
        rows = grants[grants["region"] == slug]
        if len(rows):
            result[number] = np.where(
                rows["is_estimate"].astype(bool),
                params["uncertainty.estimate"],
                params["uncertainty.measured"],
            ).mean()
    return result
