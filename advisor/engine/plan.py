"""The relocation plan: how founders of a given nationality can move to a region and set up there.

Each country has rows in `relocation_routes.csv`: visa or residence routes (`kind` visa) with the
nationalities that may use them (`*`, ISO codes, `EU27`, and `!XX` to exclude one), and the usual
company (`kind` entity). Money is in local currency, converted with `fx_rates.csv`.

For founders of nationality N in a region of country C:

- a route is open when N may use it and its minimum capital is within the funding need (without a
  funding need the capital is listed, not applied); nationals of C need no route at all;
- the capital a plan needs is the larger of the company's minimum and the smallest minimum among
  the open routes; its time is the company's weeks plus the fastest open route's (most routes ask
  for the company first); its cost is the company's plus the cheapest open route's.

Feasibility, by a documented rule (parameters `feasibility.*`):

- `closed`: no route is open to N (nationality alone): the region loses
  `feasibility.closed_penalty` of its total (1: it is left out, its total becomes 0);
- `capital`: routes are open to N but every one (or the company) needs more capital than the
  funding need: the region loses `feasibility.capital_penalty` of its total;
- `open`, or `unknown` without a nationality: no change. With the nationality unknown the routes
  are listed with their conditions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from advisor.engine.countries import COUNTRIES, parse_countries
from advisor.engine.errors import InvalidDataset

ROUTE_KINDS = ("visa", "entity")
STATUSES = ("unknown", "open", "capital", "closed")
UNKNOWN, OPEN, CAPITAL, CLOSED = range(4)
NATIONALITY_INDEX = {code: number for number, code in enumerate(sorted(COUNTRIES))}


def parse_nationalities(text: str) -> frozenset[str]:
    """'*', codes and groups as in countries.parse_countries, and '!XX' parts taken out."""
    parts = [piece.strip() for piece in (text or "").split(";") if piece.strip()]
    excluded = [part[1:] for part in parts if part.startswith("!")]
    included = [part for part in parts if not part.startswith("!")]
    if not included:
        raise ValueError(f"nationalities {text!r} name no one")
    allowed: set[str] = set()
    for part in included:
        allowed |= parse_countries(part)
    for part in excluded:
        allowed -= parse_countries(part)
    return frozenset(allowed)


@dataclass(frozen=True)
class Routes:
    rows: tuple[dict[str, Any], ...]  # every route with its USD figures and nationality set
    by_country: dict[str, tuple[int, ...]]  # country -> visa route numbers
    entity: dict[str, int]  # country -> its company route number
    fx: dict[str, dict[str, Any]]  # currency -> its fx_rates row
    # (nationalities, regions) capital the plan needs (inf: no route open by nationality)
    required_capital: np.ndarray
    unknown_capital: (
        np.ndarray
    )  # (regions,) the smallest capital any route asks, for no nationality
    penalty: np.ndarray  # (statuses,) share of the total lost


def problems(routes: pd.DataFrame, fx: pd.DataFrame, countries: set[str]) -> list[str]:
    """What keeps the routes file from being used: unknown kinds, nationalities, currencies."""
    found = []
    rates = set(fx["currency"])
    for row in routes.itertuples(index=False):
        where = f"relocation route {row.slug}"
        if row.kind not in ROUTE_KINDS:
            found.append(f"{where}: unknown kind {row.kind!r}")
        if row.country not in COUNTRIES:
            found.append(f"{where}: unknown country {row.country!r}")
        try:
            parse_nationalities(row.nationalities)
        except ValueError as error:
            found.append(f"{where}: {error}")
        if row.currency not in rates:
            found.append(f"{where}: no exchange rate for {row.currency!r}")
        for column in ("minimum_capital", "weeks", "cost"):
            value = getattr(row, column)
            if pd.isna(value) or value < 0:
                found.append(f"{where}: {column} must be a number of at least 0")
    entities = set(routes.loc[routes["kind"] == "entity", "country"])
    visas = set(routes.loc[routes["kind"] == "visa", "country"])
    if len(routes):
        for country in sorted(countries - entities):
            found.append(f"relocation routes: no company (entity row) for {country}")
        for country in sorted(countries - visas):
            found.append(f"relocation routes: no visa route for {country}")
    return found


def build(
    routes: pd.DataFrame,
    records: list[dict[str, Any]],
    fx: pd.DataFrame,
    fx_records: list[dict[str, Any]],
    region_countries: np.ndarray,
    params: dict[str, float],
) -> Routes:
    found = problems(routes, fx, set(region_countries)) if len(routes) else []
    if found:
        raise InvalidDataset("; ".join(found[:10]))
    usd = dict(zip(fx["currency"], fx["usd_per_unit"], strict=True))
    rows = []
    for record in records:
        rate = float(usd[record["currency"]])
        rows.append(
            {
                **record,
                "allowed": parse_nationalities(record["nationalities"]),
                "minimum_capital_usd": float(record["minimum_capital"]) * rate,
                "cost_usd": float(record["cost"]) * rate,
            }
        )
    by_country: dict[str, list[int]] = {}
    entity: dict[str, int] = {}
    for number, row in enumerate(rows):
        if row["kind"] == "entity":
            entity[row["country"]] = number
        else:
            by_country.setdefault(row["country"], []).append(number)
    codes = sorted(COUNTRIES)
    required = np.full((len(codes), len(region_countries)), np.inf)
    unknown = np.zeros(len(region_countries))
    for column, country in enumerate(region_countries):
        visas = by_country.get(country, [])
        company = rows[entity[country]]["minimum_capital_usd"] if country in entity else 0.0
        if not rows:  # a dataset without the routes file: nothing to judge
            required[:, column] = 0.0
            continue
        unknown[column] = max(
            company, min((rows[n]["minimum_capital_usd"] for n in visas), default=0.0)
        )
        for row_number, code in enumerate(codes):
            if code == country:
                required[row_number, column] = company
                continue
            open_capital = [
                rows[n]["minimum_capital_usd"] for n in visas if code in rows[n]["allowed"]
            ]
            if open_capital:
                required[row_number, column] = max(company, min(open_capital))
    penalty = np.zeros(len(STATUSES))
    penalty[CAPITAL] = params["feasibility.capital_penalty"]
    penalty[CLOSED] = params["feasibility.closed_penalty"]
    return Routes(
        rows=tuple(rows),
        by_country={country: tuple(numbers) for country, numbers in by_country.items()},
        entity=entity,
        fx={row["currency"]: row for row in fx_records},
        required_capital=required,
        unknown_capital=unknown,
        penalty=penalty,
    )


def statuses(
    routes: Routes, nationality: tuple[str | None, ...], needs: np.ndarray, at: np.ndarray
) -> np.ndarray:
    """(profiles, regions) feasibility status (an index of STATUSES) of each region."""
    result = np.full((len(nationality), len(at)), UNKNOWN, dtype=np.int8)
    known = np.array([code is not None for code in nationality])
    if not known.any():
        return result
    rows = np.array([NATIONALITY_INDEX.get(code or "", 0) for code in nationality])
    required = routes.required_capital[rows[known]][:, at]
    need = needs[known][:, None]
    status = np.where(
        np.isinf(required),
        CLOSED,
        np.where(np.isfinite(need) & (required > need), CAPITAL, OPEN),
    )
    result[known] = status
    return result


def factors(routes: Routes, status: np.ndarray) -> np.ndarray:
    """(profiles, regions) the share of its total each region keeps."""
    return 1.0 - routes.penalty[status]


def _route(row: dict[str, Any], open_: bool | None, reason: str) -> dict[str, Any]:
    return {
        "route": row["slug"],
        "name": row["name"],
        "conditions": row["conditions"],
        "open": open_,
        "reason": reason,
        "minimum_capital": row["minimum_capital"],
        "currency": row["currency"],
        "minimum_capital_usd": round(row["minimum_capital_usd"], 0),
        "weeks": row["weeks"],
        "cost_usd": round(row["cost_usd"], 0),
        "year": row["year"],
        "source_name": row["source_name"],
        "source_url": row["source_url"],
        "is_estimate": row["is_estimate"],
    }


def region_plan(
    routes: Routes, region: str, country: str, nationality: str | None, need: float | None
) -> dict[str, Any]:
    """The plan for founders of `nationality` (None: unknown) raising `need` USD (None: unknown)
    who move to `region`: open routes, the company, and what it takes in money and time."""
    visas = [routes.rows[number] for number in routes.by_country.get(country, ())]
    company = routes.rows[routes.entity[country]] if country in routes.entity else None
    company_capital = company["minimum_capital_usd"] if company else 0.0
    offered, closed = [], []
    national = nationality == country
    for row in visas:
        if nationality is None:
            offered.append(_route(row, None, "conditions"))
        elif nationality not in row["allowed"]:
            closed.append(_route(row, False, "nationality"))
        elif need is not None and max(row["minimum_capital_usd"], company_capital) > need:
            closed.append(_route(row, False, "capital"))
        else:
            offered.append(_route(row, True, "open"))
    if national:
        offered, closed = [], []
    by_nationality = [route for route in closed if route["reason"] == "nationality"]
    if nationality is None:
        status = "unknown"
    elif national:
        status = "capital" if need is not None and company_capital > need else "open"
    elif offered:
        status = "open"
    elif len(by_nationality) == len(visas):
        status = "closed"
    else:
        status = "capital"
    # the routes the plan's money and time are read from: the open ones, else (capital short)
    # those the nationality may use, else (nationality unknown) every one
    if status == "closed":
        candidates: list[dict[str, Any]] = []
    elif offered:
        candidates = offered
    else:
        candidates = [route for route in closed if route["reason"] == "capital"]
    fastest = min(candidates, key=lambda route: route["weeks"], default=None)
    cheapest = min(candidates, key=lambda route: route["cost_usd"], default=None)
    least = min(candidates, key=lambda route: route["minimum_capital_usd"], default=None)
    company_weeks = company["weeks"] if company else 0.0
    company_cost = company["cost_usd"] if company else 0.0
    feasible = status != "closed"
    sources = []
    seen = set()
    for row in [*(r for r in visas), *([company] if company else [])]:
        key = row["source_url"] or row["source_name"]
        if key in seen:
            continue
        seen.add(key)
        sources.append(
            {
                "name": row["source_name"],
                "url": row["source_url"],
                "year": row["year"],
                "checked": row["checked"],
                "is_estimate": row["is_estimate"],
                "currency": "",
            }
        )
    currencies = sorted({row["currency"] for row in [*visas, *([company] if company else [])]})
    for currency in currencies:
        rate = routes.fx.get(currency)
        if rate and currency != "USD":
            sources.append(
                {
                    "name": rate["source_name"],
                    "currency": currency,
                    "url": rate["source_url"],
                    "year": rate["year"],
                    "checked": "",
                    "is_estimate": rate["is_estimate"],
                }
            )
    return {
        "region": region,
        "country": country,
        "nationality": nationality,
        "national": national,
        "status": status,
        "visa_routes": offered,
        "closed_routes": closed,
        "entity": (
            {
                "route": company["slug"],
                "name": company["name"],
                "conditions": company["conditions"],
                "minimum_capital": company["minimum_capital"],
                "currency": company["currency"],
                "minimum_capital_usd": round(company_capital, 0),
                "weeks": company_weeks,
                "cost_usd": round(company_cost, 0),
                "source_name": company["source_name"],
                "source_url": company["source_url"],
                "is_estimate": company["is_estimate"],
            }
            if company
            else None
        ),
        "minimum_capital_usd": (
            round(max(company_capital, least["minimum_capital_usd"] if least else 0.0), 0)
            if feasible
            else None
        ),
        "setup_weeks": (
            company_weeks + (fastest["weeks"] if fastest else 0.0) if feasible else None
        ),
        "setup_cost_usd": (
            round(company_cost + (cheapest["cost_usd"] if cheapest else 0.0), 0)
            if feasible
            else None
        ),
        "sources": sources,
    }
