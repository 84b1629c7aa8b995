"""The region dataset as the engine reads it: named pandas tables and a content hash.

The same schema describes the CSV files under regions/data/, the database tables that hold them,
and the snapshot stored with every recommendation, so a dataset read from any of the three hashes
to the same version when the content is the same.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

# table -> [(column, type)]; the first KEYS[table] columns identify a row.
SCHEMA: dict[str, list[tuple[str, str]]] = {
    "regions": [
        ("slug", "str"),
        ("name", "str"),
        ("name_zh", "str"),
        ("country", "str"),
        ("home_market", "str"),
        ("latitude", "float"),
        ("longitude", "float"),
        ("time_zone", "str"),
        ("year", "int"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("note", "str"),
    ],
    "markets": [
        ("code", "str"),
        ("name", "str"),
        ("name_zh", "str"),
        ("year", "int"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("note", "str"),
    ],
    "market_centres": [
        ("market", "str"),
        ("centre", "str"),
        ("name", "str"),
        ("latitude", "float"),
        ("longitude", "float"),
        ("time_zone", "str"),
        ("weight", "float"),
        ("countries", "str"),
        ("year", "int"),
        ("edition", "int"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("is_estimate", "bool"),
        ("method", "str"),
        ("note", "str"),
    ],
    # A customer type's own weights for a market's centres (manufacturing value added for
    # manufacturers, say), replacing the centres' economy-wide `weight` for that type and market.
    "market_centre_weights": [
        ("market", "str"),
        ("centre", "str"),
        ("customer_type", "str"),
        ("weight", "float"),
        ("year", "int"),
        ("edition", "int"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("is_estimate", "bool"),
        ("method", "str"),
        ("note", "str"),
    ],
    "indicators": [
        ("slug", "str"),
        ("name", "str"),
        ("criterion", "str"),
        ("unit", "str"),
        ("qualifier_kind", "str"),
        ("higher_is_better", "bool"),
        ("scale", "str"),
        ("lower_bound", "float"),
        ("upper_bound", "float"),
        ("missing_value", "float"),
        ("description", "str"),
    ],
    "indicator_values": [
        ("region", "str"),
        ("indicator", "str"),
        ("qualifier", "str"),
        ("value", "float"),
        ("unit", "str"),
        ("year", "int"),
        ("edition", "int"),
        ("confirmed", "int"),
        ("geography", "str"),
        ("tracker", "str"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("is_estimate", "bool"),
        ("comparability", "str"),
        ("method", "str"),
        ("note", "str"),
    ],
    "grants": [
        ("region", "str"),
        ("name", "str"),
        ("kind", "str"),
        ("sectors", "str"),
        ("stages", "str"),
        ("typical_amount", "float"),
        ("max_amount", "float"),
        ("currency", "str"),
        ("eligibility", "str"),
        ("year", "int"),
        ("edition", "int"),
        ("confirmed", "int"),
        ("ends", "str"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("is_estimate", "bool"),
        ("method", "str"),
        ("note", "str"),
    ],
    "policy_rules": [
        ("slug", "str"),
        ("name", "str"),
        ("instrument", "str"),
        ("issuer", "str"),
        ("scope", "str"),
        ("targets", "str"),
        ("sectors", "str"),
        ("customer_types", "str"),
        ("effective", "str"),
        ("ends", "str"),
        ("edition", "int"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("method", "str"),
        ("note", "str"),
    ],
    "fx_rates": [
        ("currency", "str"),
        ("usd_per_unit", "float"),
        ("year", "int"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("is_estimate", "bool"),
        ("note", "str"),
    ],
    "sectors": [
        ("slug", "str"),
        ("name", "str"),
        ("cluster", "str"),
        ("discipline", "str"),
        ("rationale", "str"),
        ("source_name", "str"),
        ("source_url", "str"),
    ],
    "stages": [
        ("slug", "str"),
        ("name", "str"),
        ("early_share", "float"),
        ("typical_round_usd", "float"),
        ("profitable_share", "float"),
        ("rationale", "str"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("is_estimate", "bool"),
    ],
    "customer_types": [
        ("slug", "str"),
        ("name", "str"),
        ("outside_access", "float"),
        ("local_share", "float"),
        ("rationale", "str"),
    ],
    "stage_weights": [
        ("stage", "str"),
        ("criterion", "str"),
        ("weight", "float"),
        ("rationale", "str"),
    ],
    "sector_weights": [
        ("sector", "str"),
        ("criterion", "str"),
        ("multiplier", "float"),
        ("rationale", "str"),
    ],
    "relocation_routes": [
        ("country", "str"),
        ("slug", "str"),
        ("kind", "str"),
        ("name", "str"),
        ("conditions", "str"),
        ("nationalities", "str"),
        ("minimum_capital", "float"),
        ("currency", "str"),
        ("weeks", "float"),
        ("cost", "float"),
        ("year", "int"),
        ("checked", "str"),
        ("source_name", "str"),
        ("source_url", "str"),
        ("is_estimate", "bool"),
        ("method", "str"),
        ("note", "str"),
    ],
    "parameters": [
        ("name", "str"),
        ("value", "float"),
        ("minimum", "float"),
        ("maximum", "float"),
        ("unit", "str"),
        ("description", "str"),
        ("source", "str"),
    ],
}

KEYS: dict[str, list[str]] = {
    "regions": ["slug"],
    "markets": ["code"],
    "market_centres": ["market", "centre"],
    "market_centre_weights": ["market", "centre", "customer_type"],
    "indicators": ["slug"],
    "indicator_values": ["region", "indicator", "qualifier"],
    "grants": ["region", "name"],
    "policy_rules": ["slug"],
    "fx_rates": ["currency"],
    "sectors": ["slug"],
    "stages": ["slug"],
    "customer_types": ["slug"],
    "stage_weights": ["stage", "criterion"],
    "sector_weights": ["sector", "criterion"],
    "relocation_routes": ["slug"],
    "parameters": ["name"],
}
# Tables added after results were first stored: a snapshot without one reads it as empty, and an
# empty one is left out of the content hash, so older versions keep their hash.
LATER_TABLES = frozenset({"market_centre_weights", "relocation_routes"})


_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f", ""}


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def canonical_value(value: Any, kind: str) -> Any:
    """One spelling per value, so files, database rows and snapshots hash alike."""
    if kind == "str":
        return "" if _is_missing(value) else str(value).strip()
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = "" if _is_missing(value) else str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(f"not a boolean: {value!r}")
    if _is_missing(value):
        return None
    if kind == "float":
        return float(value)
    if kind == "int":
        number = float(value)
        if not number.is_integer():
            raise ValueError(f"not a whole number: {value!r}")
        return int(number)
    raise ValueError(f"unknown column type {kind!r}")


def canonical_records(table: str, rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of `table` with exactly the schema's columns, typed and sorted by key."""
    columns = SCHEMA[table]
    records = []
    for number, row in enumerate(rows, start=1):
        record = {}
        for column, kind in columns:
            try:
                record[column] = canonical_value(row.get(column), kind)
            except ValueError as error:
                raise ValueError(f"{table} row {number}, column {column}: {error}") from None
        records.append(record)
    keys = KEYS[table]
    records.sort(key=lambda record: tuple(str(record[key]) for key in keys))
    for previous, record in itertools.pairwise(records):
        if all(previous[key] == record[key] for key in keys):
            identity = ", ".join(f"{key}={record[key]!r}" for key in keys)
            raise ValueError(f"{table}: more than one row for {identity}")
    return records


def _frame(table: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    columns = [column for column, _ in SCHEMA[table]]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column, kind in SCHEMA[table]:
        if kind in ("float", "int"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    return frame


@dataclass(frozen=True)
class Dataset:
    """An immutable snapshot of everything the engine reads, identified by a content hash."""

    records: dict[str, list[dict[str, Any]]]
    version: str
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_rows(cls, tables: Mapping[str, list[Mapping[str, Any]]]) -> Dataset:
        missing = sorted(set(SCHEMA) - set(tables) - LATER_TABLES)
        if missing:
            raise ValueError(f"dataset is missing tables: {', '.join(missing)}")
        records = {table: canonical_records(table, list(tables.get(table, []))) for table in SCHEMA}
        return cls(records=records, version=content_version(records))

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> Dataset:
        """Rebuild a dataset stored with `to_payload()`; refuses a payload that was altered."""
        dataset = cls.from_rows(payload["tables"])
        if payload.get("version") and payload["version"] != dataset.version:
            raise ValueError("dataset payload does not match its version hash")
        return dataset

    def to_payload(self) -> dict[str, Any]:
        return {"version": self.version, "tables": self.records}

    def table(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = _frame(name, self.records[name])
        return self._frames[name]


def content_version(records: Mapping[str, list[dict[str, Any]]]) -> str:
    hashed = {table: rows for table, rows in records.items() if rows or table not in LATER_TABLES}
    text = json.dumps(hashed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
