"""The prepared model: a dataset turned once into the lookup tables every scoring reads.

Everything that depends only on (sector, stage, customer type, region) is computed here, so
scoring a profile is a handful of array look-ups and one matrix product per personalised criterion,
whether there is one profile or a hundred thousand.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Any

import numpy as np
import pandas as pd

from advisor.engine import (
    capital,
    checks,
    cost,
    grants,
    pairs,
    plan,
    policy,
    proximity,
    talent,
    weights,
)
from advisor.engine.dataset import Dataset
from advisor.engine.errors import InvalidDataset
from advisor.engine.indicators import Indicators
from advisor.engine.vocabulary import (
    CLUSTERS,
    CRITERIA,
    CUSTOMER_TYPES,
    DISCIPLINES,
    MARKETS,
    SECTORS,
    STAGES,
)

REQUIRED_PARAMETERS = (
    "proximity.distance_decay_km",
    "proximity.distance_share",
    "proximity.workday_hours",
    "proximity.other_market_access",
    "proximity.reference_year",
    "proximity.domestic_reach",
    "grants.amount_share",
    "grants.value_scale",
    "grants.breadth_saturation",
    "grants.voucher_value",
    "grants.loan_value",
    "grants.equity_value",
    "grants.unknown_eligibility",
    "grants.restricted_probability",
    "grants.spinoff_probability",
    "grants.stale_discount",
    "grants.competitive_success",
    "venture_capital.depth",
    "venture_capital.sector",
    "venture_capital.investor_relief",
    "venture_capital.late_invested_share",
    "policy.unknown_nationality",
    "policy.unknown_foreigner",
    "data.as_of_date",
    "data.stale_after_years",
    "talent.university",
    "talent.pool",
    "talent.openness",
    "cost.salary",
    "cost.rent",
    "robustness.samples",
    "robustness.batch_samples",
    "robustness.concentration",
    "robustness.seed",
    "robustness.robust_threshold",
    "robustness.fragile_threshold",
    "robustness.close_call_rival",
    "uncertainty.measured",
    "uncertainty.estimate",
    "feasibility.capital_penalty",
    "feasibility.closed_penalty",
    "pairs.margin",
    "pairs.shown",
    "pairs.coordination_points",
    "pairs.coordination_overlap_share",
    "pairs.distance_scale_km",
    *(f"pairs.hq_share.{criterion}" for criterion in pairs.LINEAR),
)


@dataclass(frozen=True)
class Catalogue:
    """Plain look-ups for explanations, built once so explaining costs microseconds."""

    region_names: dict[str, str]
    region_home_market: dict[str, str]
    region_country: dict[str, str]
    market_names: dict[str, str]
    sector_traits: dict[str, tuple[str, str]]  # sector -> (cluster, discipline)
    criterion_indicators: dict[str, list[tuple[str, str]]]  # criterion -> [(slug, qualifier kind)]
    rules: dict[str, dict[str, Any]]  # policy rule slug -> its row
    facts: dict[tuple[str, str, str], dict[str, Any]]  # (region, indicator, qualifier) -> fact
    programmes: dict[str, list[dict[str, Any]]]  # region -> programmes, largest first


def _catalogue(dataset: Dataset) -> Catalogue:
    regions = dataset.records["regions"]
    facts = {}
    for row in dataset.records["indicator_values"]:
        facts[(row["region"], row["indicator"], row["qualifier"])] = {
            **{
                key: row[key]
                for key in (
                    "region",
                    "indicator",
                    "qualifier",
                    "value",
                    "unit",
                    "year",
                    "source_name",
                    "source_url",
                    "is_estimate",
                )
            },
            # "country" where a national figure stands for the city (a snapshot stored before
            # geography levels were recorded has none)
            "geography": row.get("geography") or "",
        }
    grant_rows = dataset.table("grants").assign(
        typical_usd=grants.usd_amounts(dataset.table("grants"), dataset.table("fx_rates"))
    )
    programmes: dict[str, list[dict[str, Any]]] = {}
    for number, (row, record) in enumerate(
        zip(grant_rows.itertuples(index=False), dataset.records["grants"], strict=True)
    ):
        programmes.setdefault(row.region, []).append(
            {
                **record,
                "number": number,
                "typical_usd": float(row.typical_usd),
                "sector_set": frozenset(grants.parse_slugs(row.sectors, SECTORS, "sector")),
                "stage_set": frozenset(grants.parse_slugs(row.stages, STAGES, "stage")),
            }
        )
    for listed in programmes.values():
        listed.sort(key=lambda programme: -programme["typical_usd"])
    criterion_indicators: dict[str, list[tuple[str, str]]] = {}
    for definition in dataset.records["indicators"]:
        criterion_indicators.setdefault(definition["criterion"], []).append(
            (definition["slug"], definition["qualifier_kind"])
        )
    return Catalogue(
        region_names={row["slug"]: row["name"] for row in regions},
        region_home_market={row["slug"]: row["home_market"] for row in regions},
        region_country={row["slug"]: row["country"] for row in regions},
        market_names={row["code"]: row["name"] for row in dataset.records["markets"]},
        sector_traits={
            row["slug"]: (row["cluster"], row["discipline"]) for row in dataset.records["sectors"]
        },
        criterion_indicators=criterion_indicators,
        rules={row["slug"]: row for row in dataset.records["policy_rules"]},
        facts=facts,
        programmes=programmes,
    )


@dataclass(frozen=True)
class Model:
    dataset: Dataset
    regions: tuple[str, ...]
    params: dict[str, float]
    indicators: Indicators
    reach: proximity.Reach
    access: np.ndarray  # (customer types, regions, markets)
    inside: np.ndarray  # (regions, markets) share of each market the region is inside
    programmes: grants.Programmes
    capital: capital.CapitalTables
    talent: np.ndarray  # (sectors, regions)
    cost: np.ndarray  # (regions,)
    rules: policy.Rules
    countries: np.ndarray  # (regions,) ISO code of each region's country
    typical_round_usd: np.ndarray  # (stages,)
    default_weights: np.ndarray  # (sectors, stages, criteria), mean 1
    uncertainty: np.ndarray  # (criteria, regions) relative
    catalogue: Catalogue
    routes: plan.Routes
    pair_tables: pairs.PairTables

    @property
    def version(self) -> str:
        return self.dataset.version

    def region_positions(self, slugs: tuple[str, ...] | list[str]) -> np.ndarray:
        index = {slug: number for number, slug in enumerate(self.regions)}
        return np.array([index[slug] for slug in slugs], dtype=np.intp)


def _complete(frame: pd.DataFrame, key: str, vocabulary: tuple[str, ...], what: str) -> None:
    missing = sorted(set(vocabulary) - set(frame[key]))
    if missing:
        raise InvalidDataset(f"{what} table is missing: {', '.join(missing)}")


def _parameters(dataset: Dataset) -> dict[str, float]:
    """The model's parameters by name, each checked against the bounds written beside it (a
    sample count of 0 would score nothing, one of 1e12 would exhaust memory)."""
    table = dataset.table("parameters")
    params = dict(zip(table["name"], table["value"], strict=True))
    missing = [name for name in REQUIRED_PARAMETERS if name not in params or pd.isna(params[name])]
    if missing:
        raise InvalidDataset(f"model parameters missing: {', '.join(missing)}")
    problems = parameter_problems(table)
    if problems:
        raise InvalidDataset("; ".join(problems))
    return {name: float(value) for name, value in params.items()}


def parameter_problems(table: pd.DataFrame) -> list[str]:
    """Parameters outside their bounds, or without bounds, as sentences naming the bounds."""
    problems = []
    for row in table.itertuples(index=False):
        if pd.isna(row.minimum) or pd.isna(row.maximum):
            problems.append(f"parameter {row.name} needs its minimum and maximum")
        elif pd.isna(row.value) or not row.minimum <= row.value <= row.maximum:
            problems.append(
                f"parameter {row.name} must be between {row.minimum:g} and {row.maximum:g} "
                f"(it is {row.value:g})"
            )
    return problems


def build(dataset: Dataset) -> Model:
    params = _parameters(dataset)
    checks.check(dataset)
    regions_table = dataset.table("regions")
    if regions_table.empty:
        raise InvalidDataset("the dataset has no regions")
    regions = tuple(regions_table["slug"])
    unknown_markets = sorted(set(regions_table["home_market"]) - set(MARKETS))
    if unknown_markets:
        raise InvalidDataset(f"regions name unknown home markets: {', '.join(unknown_markets)}")
    sectors = dataset.table("sectors")
    stages = dataset.table("stages")
    customer_types = dataset.table("customer_types")
    _complete(dataset.table("markets"), "code", MARKETS, "markets")
    _complete(sectors, "slug", SECTORS, "sectors")
    _complete(stages, "slug", STAGES, "stages")
    _complete(customer_types, "slug", CUSTOMER_TYPES, "customer types")
    sector_table = sectors.set_index("slug").reindex(list(SECTORS))
    bad = sorted(set(sector_table["cluster"]) - set(CLUSTERS)) + sorted(
        set(sector_table["discipline"]) - set(DISCIPLINES)
    )
    if bad:
        raise InvalidDataset(f"sectors name unknown clusters or disciplines: {', '.join(bad)}")

    indicators = Indicators(
        dataset.table("indicators"),
        dataset.table("indicator_values"),
        regions,
        measured_uncertainty=params["uncertainty.measured"],
        estimate_uncertainty=params["uncertainty.estimate"],
    )
    cluster_of_sector = np.array([CLUSTERS.index(c) for c in sector_table["cluster"]])
    discipline_of_sector = np.array([DISCIPLINES.index(d) for d in sector_table["discipline"]])
    programmes = grants.build(
        dataset.table("grants"), dataset.table("fx_rates"), regions, stages, params
    )
    centres = dataset.table("market_centres")
    reach = proximity.reach_table(
        regions_table, centres, params, dataset.table("market_centre_weights")
    )
    base = np.stack([indicators.goodness(f"customers_{kind}")[0] for kind in CUSTOMER_TYPES])
    rules = policy.build(dataset.table("policy_rules"), regions_table, centres, reach, params)
    grant_uncertainty = grants.uncertainty(dataset.table("grants"), regions, params)
    uncertainty = np.stack(
        [
            grant_uncertainty
            if criterion == "grants"
            else indicators.criterion_uncertainty(criterion)
            for criterion in CRITERIA
        ]
    )
    return Model(
        dataset=dataset,
        regions=regions,
        params=params,
        indicators=indicators,
        reach=reach,
        access=proximity.access_matrix(reach, base, customer_types, params),
        inside=proximity.inside_markets(reach),
        programmes=programmes,
        capital=capital.build(indicators, cluster_of_sector, stages, programmes, params),
        talent=talent.build(indicators, discipline_of_sector, params),
        cost=cost.build(indicators, params),
        rules=rules,
        countries=regions_table["country"].to_numpy(dtype=object),
        typical_round_usd=stages.set_index("slug")
        .reindex(list(STAGES))["typical_round_usd"]
        .to_numpy(dtype=float),
        default_weights=weights.default_table(
            dataset.table("stage_weights"), dataset.table("sector_weights")
        ),
        uncertainty=uncertainty,
        catalogue=_catalogue(dataset),
        routes=plan.build(
            dataset.table("relocation_routes"),
            dataset.records["relocation_routes"],
            dataset.table("fx_rates"),
            dataset.records["fx_rates"],
            regions_table["country"].to_numpy(dtype=object),
            params,
        ),
        pair_tables=pairs.build(regions_table, params),
    )


_CACHE: OrderedDict[str, Model] = OrderedDict()
_CACHE_SIZE = 4
_LOCK = Lock()


def prepare(dataset: Dataset) -> Model:
    """The model for `dataset`, built once per dataset version and kept for reuse."""
    with _LOCK:
        if dataset.version in _CACHE:
            _CACHE.move_to_end(dataset.version)
            return _CACHE[dataset.version]
    model = build(dataset)
    with _LOCK:
        _CACHE[dataset.version] = model
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return model
