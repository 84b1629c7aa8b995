"""The sourced CSV files under regions/data/, one per dataset table (no Django needed)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from advisor.engine.dataset import SCHEMA, Dataset

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_tables(
    directory: Path = DATA_DIR, names: tuple[str, ...] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Each table's rows as read from `<table>.csv` (all tables unless `names` picks some);
    a missing file or column is an error."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in names or tuple(SCHEMA):
        columns = SCHEMA[table]
        path = directory / f"{table}.csv"
        if not path.exists():
            raise FileNotFoundError(f"region data file {path} is missing")
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name, _ in columns if name not in (reader.fieldnames or [])]
            if missing:
                raise ValueError(f"{path.name} lacks columns: {', '.join(missing)}")
            tables[table] = list(reader)
    return tables


def read_dataset(directory: Path = DATA_DIR) -> Dataset:
    return Dataset.from_rows(read_tables(directory))
