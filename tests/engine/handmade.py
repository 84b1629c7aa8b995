"""A small hand-made dataset for engine unit tests: three regions whose differences are known.

The model's own tables (indicator definitions, parameters, default weights, sector, stage and
customer-type profiles) come from regions/data so the tests exercise the real model; regions,
markets, values, grants and rates are invented here so each test can change one thing.
"""

from __future__ import annotations

import copy
from typing import Any

from advisor.engine.dataset import Dataset
from advisor.engine.indicators import QUALIFIERS
from regions.files import read_tables

MODEL_TABLES = (
    "indicators",
    "parameters",
    "stage_weights",
    "sector_weights",
    "sectors",
    "stages",
    "customer_types",
)

MARKETS = [
    {
        "code": "CN",
        "name": "Mainland China",
        "latitude": 31.2,
        "longitude": 121.5,
        "time_zone": "Asia/Shanghai",
    },
    {
        "code": "US",
        "name": "United States",
        "latitude": 37.4,
        "longitude": -92.3,
        "time_zone": "America/Chicago",
    },
    {
        "code": "JP",
        "name": "Japan",
        "latitude": 35.7,
        "longitude": 139.7,
        "time_zone": "Asia/Tokyo",
    },
    {
        "code": "EU",
        "name": "Europe",
        "latitude": 50.1,
        "longitude": 8.7,
        "time_zone": "Europe/Berlin",
    },
    {
        "code": "KR",
        "name": "South Korea",
        "latitude": 37.6,
        "longitude": 127.0,
        "time_zone": "Asia/Seoul",
    },
    {
        "code": "IN",
        "name": "India",
        "latitude": 21.1,
        "longitude": 79.1,
        "time_zone": "Asia/Kolkata",
    },
    {
        "code": "SEA",
        "name": "South-East Asia",
        "latitude": 1.3,
        "longitude": 103.9,
        "time_zone": "Asia/Singapore",
    },
    {"code": "OTHER", "name": "Rest of world", "latitude": "", "longitude": "", "time_zone": ""},
]
REGIONS = [
    {
        "slug": "factory-town",
        "name": "Factory Town",
        "home_market": "CN",
        "country": "CN",
        "latitude": 22.5,
        "longitude": 114.1,
        "time_zone": "Asia/Shanghai",
    },
    {
        "slug": "capital-city",
        "name": "Capital City",
        "home_market": "US",
        "country": "US",
        "latitude": 37.8,
        "longitude": -122.4,
        "time_zone": "America/Los_Angeles",
    },
    {
        "slug": "island-hub",
        "name": "Island Hub",
        "home_market": "JP",
        "country": "JP",
        "latitude": 35.7,
        "longitude": 139.7,
        "time_zone": "Asia/Tokyo",
    },
]

# Every scored indicator's value per region; qualified indicators get the same value for every
# qualifier unless a test changes it.
VALUES: dict[str, dict[str, float]] = {
    "pitchbook_vc_rank": {"factory-town": 8, "capital-city": 1, "island-hub": 10},
    "gser_rank": {"factory-town": 17, "capital-city": 1, "island-hub": 11},
    "unicorns": {"factory-town": 40, "capital-city": 190, "island-hub": 8},
    "sector_strength": {"factory-town": 0.6, "capital-city": 0.8, "island-hub": 0.5},
    "foreign_founder_access": {"factory-town": 0.4, "capital-city": 1.0, "island-hub": 0.6},
    "top_university_rank": {"factory-town": 160, "capital-city": 6, "island-hub": 30},
    "talent_pool": {"factory-town": 0.6, "capital-city": 0.9, "island-hub": 0.6},
    "foreign_born_share": {"factory-town": 1, "capital-city": 35, "island-hub": 4},
    "engineer_cost_usd": {"factory-town": 40000, "capital-city": 180000, "island-hub": 50000},
    "office_rent_usd_m2": {"factory-town": 260, "capital-city": 730, "island-hub": 490},
    "customer_base": {"factory-town": 0.6, "capital-city": 0.6, "island-hub": 0.6},
    "policy_exposure": {"factory-town": 0.5, "capital-city": 0.1, "island-hub": 0.1},
}


def rows(**changes: Any) -> dict[str, list[dict[str, Any]]]:
    """The dataset's tables as rows; keyword arguments replace whole tables."""
    model = read_tables(names=MODEL_TABLES)
    tables: dict[str, list[dict[str, Any]]] = {name: model[name] for name in MODEL_TABLES}
    tables["markets"] = copy.deepcopy(MARKETS)
    tables["regions"] = copy.deepcopy(REGIONS)
    definitions = {row["slug"]: row for row in model["indicators"]}
    values = []
    for indicator, by_region in VALUES.items():
        for qualifier in QUALIFIERS[definitions[indicator]["qualifier_kind"]]:
            for region, value in by_region.items():
                values.append(
                    {
                        "region": region,
                        "indicator": indicator,
                        "qualifier": qualifier,
                        "value": value,
                        "unit": definitions[indicator]["unit"],
                        "year": 2024,
                        "source_name": "Hand-made test data",
                        "is_estimate": False,
                    }
                )
    tables["indicator_values"] = values
    tables["grants"] = [
        {
            "region": "factory-town",
            "name": "Founder grant",
            "kind": "grant",
            "sectors": "*",
            "stages": "pre_seed;seed",
            "typical_amount": 500000,
            "currency": "CNY",
            "year": 2024,
            "source_name": "Hand-made test data",
        },
        {
            "region": "capital-city",
            "name": "Research grant",
            "kind": "grant",
            "sectors": "biotech;medtech",
            "stages": "*",
            "typical_amount": 300000,
            "currency": "USD",
            "year": 2024,
            "source_name": "Hand-made test data",
        },
    ]
    tables["fx_rates"] = [
        {"currency": "USD", "usd_per_unit": 1.0, "year": 2024},
        {"currency": "CNY", "usd_per_unit": 0.14, "year": 2024},
    ]
    tables.update(changes)
    return tables


def dataset(**changes: Any) -> Dataset:
    return Dataset.from_rows(rows(**changes))


def with_value(
    indicator: str, region: str, value: float, qualifier: str | None = None
) -> list[dict[str, Any]]:
    """The hand-made values with one changed (every qualifier of it unless one is named)."""
    changed = copy.deepcopy(rows()["indicator_values"])
    for row in changed:
        if (
            row["indicator"] == indicator
            and row["region"] == region
            and qualifier in (None, row["qualifier"])
        ):
            row["value"] = value
    return changed
