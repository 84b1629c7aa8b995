"""Policy risk: the rules that bind this startup where it sits, where it sells, and who founded it.

Each rule (an export control, an investment screen, a data-transfer rule, a licence, a
procurement ban or a domestic-supplier rule, a tariff) names its issuer, the countries it targets,
whom it binds and how hard it bites each sector (severity 0-1, read from the rule's own scope). A
rule binds a profile in a region with a strength in 0..1 (`applies` gives the regions it reaches
and the strength there; elsewhere it is 0):

- `based_in`: the company is based in a target country (1 or 0);
- `sells_into`: the company is based outside the targets and sells into them (the share of its
  customers in target markets);
- `sells_from`: the company is based in a target country and sells into the issuer's market (the
  share of its customers there);
- `exports_from`: the company is based in a target country and sells outside the targets (the
  share of its customers in markets outside them): a country's export control on what its own
  companies make binds their sales abroad, not at home;
- `nationals_in`: the founders (or the company, by incorporation) are persons of the issuer and
  the company is based in a target (with the nationality unknown, `policy.unknown_nationality`);
- `foreigners_in`: the founders are not nationals of the target country the company is based in
  (foreign-ownership rules; with the nationality unknown, `policy.unknown_foreigner`).

Rules may be limited to some customer types (procurement rules bind government buyers). How hard a
rule bites a startup depends on its instrument (`policy.bite.<instrument>`: an export control on
what it makes stops sales, a data-protection duty is a compliance cost) times its severity for the
sector (1 when the sector's products are named in the rule). Any rule can hurt, so the safety is
the product over the rules in force at the dataset's reference year:

    policy score = 100 x prod over rules of (1 - bite[instrument] x severity[sector] x applies)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from advisor.engine.countries import COUNTRIES, EU27, parse_countries
from advisor.engine.errors import InvalidDataset
from advisor.engine.proximity import Reach
from advisor.engine.reference import as_of
from advisor.engine.vocabulary import (
    CUSTOMER_TYPES,
    MARKETS,
    POLICY_INSTRUMENTS,
    POLICY_SCOPES,
    SECTORS,
)

ISSUER_GROUPS = {"EU": EU27}


@dataclass(frozen=True)
class Rules:
    slugs: tuple[str, ...]
    scope: tuple[str, ...]
    issuer: tuple[frozenset[str], ...]
    severity: np.ndarray  # (rules, sectors)
    customer_types: np.ndarray  # (rules, customer types) bool
    based_in_target: np.ndarray  # (rules, regions) bool
    target_share: np.ndarray  # (rules, markets) share of each market's economy in the targets
    issuer_share: np.ndarray  # (rules, markets) share of each market's economy in the issuer
    in_force: np.ndarray  # (rules,) bool
    target_countries: tuple[frozenset[str], ...] = ()


def _sector_severities(text: str, slug: str) -> np.ndarray:
    severity = np.zeros(len(SECTORS))
    for part in (piece.strip() for piece in text.split(";")):
        if not part:
            continue
        name, _, value = part.partition(":")
        if name.strip() not in SECTORS:
            raise InvalidDataset(f"policy rule {slug}: unknown sector {name.strip()!r}")
        try:
            number = float(value)
        except ValueError:
            raise InvalidDataset(
                f"policy rule {slug}: severity of {name} is not a number"
            ) from None
        if not 0 <= number <= 1:
            raise InvalidDataset(f"policy rule {slug}: severity of {name} must be within 0-1")
        severity[SECTORS.index(name.strip())] = number
    return severity


def issuer_countries(issuer: str) -> frozenset[str]:
    code = issuer.strip().upper()
    if code in ISSUER_GROUPS:
        return ISSUER_GROUPS[code]
    if code in COUNTRIES:
        return frozenset((code,))
    raise ValueError(f"unknown issuer {issuer!r}")


def build(
    rules: pd.DataFrame,
    regions: pd.DataFrame,
    centres: pd.DataFrame,
    reach: Reach,
    params: dict[str, float],
) -> Rules:
    today = as_of(params)
    count = len(rules)
    severity = np.zeros((count, len(SECTORS)))
    types = np.ones((count, len(CUSTOMER_TYPES)), dtype=bool)
    based = np.zeros((count, len(regions)), dtype=bool)
    target_share = np.zeros((count, len(MARKETS)))
    issuer_share = np.zeros((count, len(MARKETS)))
    in_force = np.zeros(count, dtype=bool)
    issuers = []
    centre_countries = [parse_countries(text) for text in centres["countries"]]
    target_sets = []
    for number, rule in enumerate(rules.itertuples(index=False)):
        if rule.instrument not in POLICY_INSTRUMENTS:
            raise InvalidDataset(f"policy rule {rule.slug}: unknown instrument {rule.instrument!r}")
        if rule.scope not in POLICY_SCOPES:
            raise InvalidDataset(
                f"policy rule {rule.slug}: unknown scope {rule.scope!r}; "
                f"expected one of: {', '.join(POLICY_SCOPES)}"
            )
        try:
            issuer = issuer_countries(rule.issuer)
            targets = parse_countries(rule.targets) - (
                issuer if rule.targets.strip() == "*" else frozenset()
            )
        except ValueError as error:
            raise InvalidDataset(f"policy rule {rule.slug}: {error}") from None
        issuers.append(issuer)
        target_sets.append(targets)
        bite = params.get(f"policy.bite.{rule.instrument}")
        if bite is None:
            raise InvalidDataset(f"parameter policy.bite.{rule.instrument} is missing")
        severity[number] = bite * _sector_severities(rule.sectors, rule.slug)
        if rule.customer_types.strip():
            named = [part.strip() for part in rule.customer_types.split(";") if part.strip()]
            unknown = sorted(set(named) - set(CUSTOMER_TYPES))
            if unknown:
                raise InvalidDataset(f"policy rule {rule.slug}: unknown customer types {unknown}")
            types[number] = [kind in named for kind in CUSTOMER_TYPES]
        based[number] = regions["country"].isin(targets).to_numpy()
        in_target = np.array([bool(allowed & targets) for allowed in centre_countries], dtype=float)
        in_issuer = np.array([bool(allowed & issuer) for allowed in centre_countries], dtype=float)
        target_share[number] = reach.weight @ in_target
        issuer_share[number] = reach.weight @ in_issuer
        in_force[number] = rule.effective <= today and (not rule.ends or rule.ends >= today)
    return Rules(
        slugs=tuple(rules["slug"]),
        scope=tuple(rules["scope"]),
        issuer=tuple(issuers),
        severity=severity,
        customer_types=types,
        based_in_target=based,
        target_share=target_share,
        issuer_share=issuer_share,
        in_force=in_force,
        target_countries=tuple(target_sets),
    )


def applies(
    rules: Rules,
    number: int,
    at: np.ndarray,
    shares: np.ndarray,
    persons: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Where rule `number` binds and how strongly: the region columns (positions in `at`) it
    reaches, and (profiles,) its strength there; elsewhere it does not bind at all. `persons` is
    (profiles, rules) the chance the founders are persons of the rule's issuer."""
    based = rules.based_in_target[number, at]
    scope = rules.scope[number]
    if scope == "based_in":
        return np.ones(len(shares)), np.flatnonzero(based)
    if scope == "sells_into":
        return shares @ rules.target_share[number], np.flatnonzero(~based)
    if scope == "sells_from":
        return shares @ rules.issuer_share[number], np.flatnonzero(based)
    if scope == "exports_from":
        return 1 - shares @ rules.target_share[number], np.flatnonzero(based)
    return persons[:, number], np.flatnonzero(based)  # nationals_in, foreigners_in


def persons_of_issuers(
    rules: Rules,
    nationality: tuple[str | None, ...],
    incorporated_in: tuple[str | None, ...],
    params: dict[str, float],
) -> np.ndarray:
    """(profiles, rules) chance that the founders are the persons a rule binds: for
    `nationals_in`, persons of the issuer (the founders' nationality or the company's
    incorporation); for `foreigners_in`, not nationals of the target country. Unknown
    nationalities count at `policy.unknown_nationality` and `policy.unknown_foreigner`."""
    pairs = list(zip(nationality, incorporated_in, strict=True))
    distinct = list(dict.fromkeys(pairs))
    table = np.zeros((len(distinct), len(rules.slugs)))
    for row, (person, company) in enumerate(distinct):
        for number, issuer in enumerate(rules.issuer):
            if rules.scope[number] == "foreigners_in":
                if person is None:
                    table[row, number] = params["policy.unknown_foreigner"]
                else:
                    table[row, number] = float(person not in rules.target_countries[number])
            elif (person and person in issuer) or (company and company in issuer):
                table[row, number] = 1.0
            elif person is None:
                table[row, number] = params["policy.unknown_nationality"]
    index = {pair: row for row, pair in enumerate(distinct)}
    return table[[index[pair] for pair in pairs]]


def score(
    rules: Rules,
    at: np.ndarray,
    sector: np.ndarray,
    customer_type: np.ndarray,
    shares: np.ndarray,
    persons: np.ndarray,
) -> np.ndarray:
    """(profiles, regions) policy score in 0..100 (100 = no rule binds)."""
    safety = np.ones((len(sector), len(at)))
    for number in np.flatnonzero(rules.in_force):
        bite = rules.severity[number, sector] * rules.customer_types[number, customer_type]
        if not bite.any():
            continue
        strength, columns = applies(rules, number, at, shares, persons)
        if columns.size:  # only the columns a rule reaches are touched: most rules reach few
            safety[:, columns] *= (1 - bite * strength)[:, None]
    return 100 * safety


def binding(
    rules: Rules,
    at: np.ndarray,
    sector: int,
    customer_type: int,
    shares: np.ndarray,
    persons: np.ndarray,
    column: int,
) -> list[tuple[str, float]]:
    """The rules that bind one profile in one region, most biting first: (slug, bite)."""
    found = []
    for number in np.flatnonzero(rules.in_force):
        bite = rules.severity[number, sector] * rules.customer_types[number, customer_type]
        if not bite:
            continue
        strengths, columns = applies(rules, number, at, shares[None, :], persons[None, :])
        strength = float(strengths[0]) if column in columns else 0.0
        if strength * bite > 0.005:
            found.append((rules.slugs[number], float(bite * strength)))
    return sorted(found, key=lambda item: -item[1])
