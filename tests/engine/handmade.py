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

MARKET_NAMES = {
    "CN": "Mainland China",
    "US": "United States",
    "JP": "Japan",
    "EU": "Europe",
    "KR": "South Korea",
    "IN": "India",
    "SEA": "South-East Asia",
    "OTHER": "Rest of world",
    "TW": "Taiwan",
    "IL": "Israel",
    "HK": "Hong Kong",
    "CA": "Canada",
    "TH": "Thailand",
    "VN": "Vietnam",
    "ID": "Indonesia",
    "SG": "Singapore",
    "DE": "Germany",
    "FR": "France",
    "NL": "Netherlands",
    "SE": "Sweden",
    "GB": "United Kingdom",
}
MARKETS = [{"code": code, "name": name} for code, name in MARKET_NAMES.items()]
# (market, centre, latitude, longitude, time zone, weight, jurisdiction)
CENTRES = [
    ("CN", "south", 22.5, 114.1, "Asia/Shanghai", 1.0, "CN"),
    ("CN", "east", 31.2, 121.5, "Asia/Shanghai", 2.0, "CN"),
    ("US", "west", 37.8, -122.4, "America/Los_Angeles", 1.0, "US"),
    ("US", "east", 40.7, -74.0, "America/New_York", 1.0, "US"),
    ("JP", "tokyo", 35.7, 139.7, "Asia/Tokyo", 1.0, "JP"),
    ("EU", "germany", 50.1, 8.7, "Europe/Berlin", 1.0, "EU27"),
    ("KR", "seoul", 37.6, 127.0, "Asia/Seoul", 1.0, "KR"),
    ("IN", "centre", 21.1, 79.1, "Asia/Kolkata", 1.0, "IN"),
    ("SEA", "singapore", 1.3, 103.9, "Asia/Singapore", 1.0, "SG"),
    ("TW", "taipei", 25.0, 121.5, "Asia/Taipei", 1.0, "TW"),
    ("IL", "tel-aviv", 32.1, 34.8, "Asia/Jerusalem", 1.0, "IL"),
    ("HK", "hong-kong", 22.3, 114.2, "Asia/Hong_Kong", 1.0, "HK"),
    ("CA", "toronto", 43.7, -79.4, "America/Toronto", 1.0, "CA"),
    ("TH", "bangkok", 13.8, 100.5, "Asia/Bangkok", 1.0, "TH"),
    ("VN", "hcmc", 10.8, 106.6, "Asia/Ho_Chi_Minh", 1.0, "VN"),
    ("ID", "jakarta", -6.2, 106.8, "Asia/Jakarta", 1.0, "ID"),
    ("SG", "singapore", 1.3, 103.9, "Asia/Singapore", 1.0, "SG"),
    ("DE", "berlin", 52.5, 13.4, "Europe/Berlin", 1.0, "DE"),
    ("FR", "paris", 48.9, 2.3, "Europe/Paris", 1.0, "FR"),
    ("NL", "amsterdam", 52.4, 4.9, "Europe/Amsterdam", 1.0, "NL"),
    ("SE", "stockholm", 59.3, 18.1, "Europe/Stockholm", 1.0, "SE"),
    ("GB", "london", 51.5, -0.1, "Europe/London", 1.0, "GB"),
]
MARKET_CENTRES = [
    {
        "market": market,
        "centre": centre,
        "name": centre.title(),
        "latitude": latitude,
        "longitude": longitude,
        "time_zone": zone,
        "weight": weight,
        "countries": countries,
        "year": 2024,
        "source_name": "Hand-made test data",
    }
    for market, centre, latitude, longitude, zone, weight, countries in CENTRES
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
    "gser_rank": {"factory-town": 17, "capital-city": 1, "island-hub": 11},
    "vc_invested_usd_bn": {"factory-town": 10, "capital-city": 90, "island-hub": 5},
    "unicorns": {"factory-town": 40, "capital-city": 190, "island-hub": 8},
    "sector_strength": {"factory-town": 0.6, "capital-city": 0.8, "island-hub": 0.5},
    "top_university_rank": {"factory-town": 160, "capital-city": 6, "island-hub": 30},
    "talent_hardware_engineering": {
        "factory-town": 80000,
        "capital-city": 40000,
        "island-hub": 90000,
    },
    "talent_software_engineering": {
        "factory-town": 5000000,
        "capital-city": 20000000,
        "island-hub": 3000000,
    },
    "talent_life_sciences": {"factory-town": 50000, "capital-city": 120000, "island-hub": 90000},
    "foreign_born_share": {"factory-town": 1, "capital-city": 35, "island-hub": 4},
    "engineer_cost_usd": {"factory-town": 40000, "capital-city": 180000, "island-hub": 50000},
    "office_rent_usd_m2": {"factory-town": 260, "capital-city": 730, "island-hub": 490},
    "customers_manufacturers": {"factory-town": 150, "capital-city": 150, "island-hub": 150},
    "customers_enterprises": {"factory-town": 10, "capital-city": 10, "island-hub": 10},
    "customers_consumers": {"factory-town": 10, "capital-city": 10, "island-hub": 10},
    "customers_government": {"factory-town": 0.5, "capital-city": 0.5, "island-hub": 0.5},
}
# The rules that bind the hand-made regions: one on where a company sits, one on where it sells.
POLICY_RULES = [
    {
        "slug": "chip-controls",
        "name": "Chip export controls",
        "instrument": "export_control",
        "issuer": "US",
        "scope": "based_in",
        "targets": "CN",
        "sectors": "semiconductors:1;ai:0.8;robotics:0.3",
        "effective": "2022-10-07",
        "edition": 2024,
        "source_name": "Hand-made test data",
    },
    {
        "slug": "game-licences",
        "name": "Game licences",
        "instrument": "licensing",
        "issuer": "CN",
        "scope": "sells_into",
        "targets": "CN",
        "sectors": "gaming:0.9",
        "effective": "2016-07-01",
        "edition": 2024,
        "source_name": "Hand-made test data",
    },
]


def rows(**changes: Any) -> dict[str, list[dict[str, Any]]]:
    """The dataset's tables as rows; keyword arguments replace whole tables."""
    model = read_tables(names=MODEL_TABLES)
    tables: dict[str, list[dict[str, Any]]] = {name: model[name] for name in MODEL_TABLES}
    tables["markets"] = copy.deepcopy(MARKETS)
    tables["market_centres"] = copy.deepcopy(MARKET_CENTRES)
    tables["market_centre_weights"] = []
    tables["policy_rules"] = copy.deepcopy(POLICY_RULES)
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
                        "edition": 2024,
                        "geography": "city",
                        "tracker": "Hand-made",
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
