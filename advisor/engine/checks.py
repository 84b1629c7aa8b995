"""What makes region data honest enough to score, checked wherever data is loaded or edited.

- Every figure's year is no later than its source's own edition (a June 2020 article cannot be a
  2024 figure); a figure confirmed later than its edition is allowed (it was re-read since).
- An estimate says how it was made (`method`).
- Source addresses are absolute http(s) addresses, or empty for a citation with no public page.
- Across the regions, one scored indicator (and qualifier) comes from one tracker at one
  geography level; a row that differs says why it is comparable (`comparability`).
- Programmes, market centres and policy rules use the vocabularies the engine knows; a customer
  type's own centre weights cover every centre of their market.
- Relocation routes name known countries, nationalities and currencies, say when they were
  checked, and every region's country has a company row and at least one visa route.
"""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from advisor.engine.countries import COUNTRIES, parse_countries
from advisor.engine.dataset import Dataset
from advisor.engine.errors import InvalidDataset
from advisor.engine.grants import parse_eligibility
from advisor.engine.plan import problems as route_problems
from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS, PROGRAMME_KINDS

GEOGRAPHIES = ("city", "metro", "cluster", "province", "state", "country")
CONTEXT = "context"
_ABSOLUTE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _sources(table: str, frame: pd.DataFrame, label) -> list[str]:
    problems = []
    for row in frame.itertuples(index=False):
        url = getattr(row, "source_url", "")
        if url and not _ABSOLUTE.match(url):
            problems.append(f"{table} {label(row)}: source address {url!r} is not absolute")
        edition, year = getattr(row, "edition", None), getattr(row, "year", None)
        if pd.notna(edition) and pd.notna(year) and year > edition:
            problems.append(
                f"{table} {label(row)}: figure of {int(year)} from a source of {int(edition)}"
            )
        if getattr(row, "is_estimate", False) and not getattr(row, "method", "x"):
            problems.append(f"{table} {label(row)}: an estimate needs its method")
    return problems


def _like_for_like(values: pd.DataFrame, definitions: pd.DataFrame) -> list[str]:
    problems = []
    scored = set(definitions.loc[definitions["criterion"] != CONTEXT, "slug"])
    for (indicator, qualifier), rows in values.groupby(["indicator", "qualifier"], sort=True):
        if indicator not in scored:
            continue
        for column in ("tracker", "geography"):
            counts = rows[column].value_counts()
            if len(counts) <= 1:
                continue
            usual = counts.index[0]
            odd = rows[(rows[column] != usual) & (rows["comparability"] == "")]
            for row in odd.itertuples(index=False):
                problems.append(
                    f"{indicator}{'/' + qualifier if qualifier else ''} for {row.region} has "
                    f"{column} {getattr(row, column)!r} where the others have {usual!r}, and "
                    "does not say why it is comparable"
                )
    bad_levels = sorted(set(values["geography"]) - set(GEOGRAPHIES) - {""})
    if bad_levels:
        problems.append(f"unknown geography levels: {', '.join(bad_levels)}")
    return problems


def _centres(dataset: Dataset) -> list[str]:
    centres = dataset.table("market_centres")
    problems = []
    for row in centres.itertuples(index=False):
        where = f"market centre {row.market}/{row.centre}"
        if row.market not in MARKETS:
            problems.append(f"{where}: unknown market")
        try:
            parse_countries(row.countries)
        except ValueError as error:
            problems.append(f"{where}: {error}")
        try:
            ZoneInfo(row.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"{where}: {row.time_zone!r} is not an IANA time zone")
        if not (pd.notna(row.weight) and row.weight > 0):
            problems.append(f"{where}: needs a weight above zero")
        if pd.isna(row.latitude) or pd.isna(row.longitude):
            problems.append(f"{where}: needs coordinates")
    missing = sorted(set(MARKETS) - {"OTHER"} - set(centres["market"]))
    if missing:
        problems.append(f"markets without an economic centre: {', '.join(missing)}")
    return problems


def _centre_weights(dataset: Dataset) -> list[str]:
    """A customer type's own centre weights name known centres and cover all of the market's
    centres: weighting some centres by manufacturing and the rest by GDP would compare unlike
    shares."""
    weights = dataset.table("market_centre_weights")
    centres = dataset.table("market_centres")
    known = set(zip(centres["market"], centres["centre"], strict=True))
    problems = []
    for row in weights.itertuples(index=False):
        where = f"centre weight {row.market}/{row.centre}/{row.customer_type}"
        if (row.market, row.centre) not in known:
            problems.append(f"{where}: no such market centre")
        if row.customer_type not in CUSTOMER_TYPES:
            problems.append(f"{where}: unknown customer type")
        if not (pd.notna(row.weight) and row.weight >= 0):
            problems.append(f"{where}: needs a weight of zero or more")
    for (market, kind), rows in weights.groupby(["market", "customer_type"], sort=True):
        missing = sorted(set(centres.loc[centres["market"] == market, "centre"]) - set(rows.centre))
        if missing:
            problems.append(
                f"centre weights {market}/{kind}: no weight for {', '.join(missing)} "
                "(a market's centres are weighted all alike or not at all)"
            )
        if not rows["weight"].fillna(0).sum() > 0:
            problems.append(f"centre weights {market}/{kind}: all weights are zero")
    return problems


def _programmes(grants: pd.DataFrame) -> list[str]:
    problems = []
    for row in grants.itertuples(index=False):
        where = f"programme {row.region}/{row.name!r}"
        if row.kind not in PROGRAMME_KINDS:
            problems.append(f"{where}: unknown kind {row.kind!r}")
        try:
            parse_eligibility(row.eligibility)
        except InvalidDataset as error:
            problems.append(f"{where}: {error}")
        if row.ends and not is_date(row.ends):
            problems.append(f"{where}: end {row.ends!r} is not an ISO date")
    return problems


def _rules(rules: pd.DataFrame) -> list[str]:
    problems = []
    for row in rules.itertuples(index=False):
        for column in ("effective", "ends"):
            value = getattr(row, column)
            if (value or column == "effective") and not is_date(value):
                problems.append(f"policy rule {row.slug}: {column} {value!r} is not an ISO date")
    return problems


def problems(dataset: Dataset) -> list[str]:
    """Every honesty problem of the dataset (empty when it may be scored)."""
    found: list[str] = []
    values = dataset.table("indicator_values")
    found += _sources(
        "indicator value", values, lambda r: f"{r.region}/{r.indicator}/{r.qualifier}".rstrip("/")
    )
    found += _like_for_like(values, dataset.table("indicators"))
    grants = dataset.table("grants")
    found += _sources("programme", grants, lambda r: f"{r.region}/{r.name!r}")
    found += _programmes(grants)
    found += _sources("market centre", dataset.table("market_centres"), lambda r: r.centre)
    found += _centres(dataset)
    found += _sources(
        "centre weight",
        dataset.table("market_centre_weights"),
        lambda r: f"{r.market}/{r.centre}/{r.customer_type}",
    )
    found += _centre_weights(dataset)
    rules = dataset.table("policy_rules")
    found += _sources("policy rule", rules, lambda r: r.slug)
    found += _rules(rules)
    regions = dataset.table("regions")
    routes = dataset.table("relocation_routes")
    found += _sources("relocation route", routes, lambda r: r.slug)
    if len(routes):
        found += route_problems(routes, dataset.table("fx_rates"), set(regions["country"]))
        for row in routes.itertuples(index=False):
            if not is_date(row.checked):
                found.append(f"relocation route {row.slug}: checked {row.checked!r} is not a date")
    for row in regions.itertuples(index=False):
        if row.country not in COUNTRIES:
            problems_country = f"region {row.slug}: unknown country {row.country!r}"
            found.append(problems_country)
    return found


def check(dataset: Dataset) -> None:
    found = problems(dataset)
    if found:
        shown = "; ".join(found[:10])
        more = f" (and {len(found) - 10} more)" if len(found) > 10 else ""
        raise InvalidDataset(shown + more)
