"""Writing region data: loading the sourced CSV files into the database, idempotently, and the
invariant every edit keeps: the region data stays scorable."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from advisor.engine.dataset import KEYS, SCHEMA, canonical_records
from advisor.engine.errors import InvalidDataset, InvalidInput
from advisor.engine.model import Model, build
from advisor.engine.scoring import memory_check
from advisor.errors import Code, DomainError
from regions.dataset import TABLES, dataset_from_database, table_rows
from regions.files import DATA_DIR, read_dataset
from regions.models import Indicator, Market, Region

# Parents before children: values and programmes point at regions and indicators.
LOAD_ORDER = (
    "markets",
    "market_centres",
    "market_centre_weights",
    "regions",
    "indicators",
    "fx_rates",
    "sectors",
    "stages",
    "customer_types",
    "stage_weights",
    "sector_weights",
    "parameters",
    "indicator_values",
    "grants",
    "policy_rules",
    "relocation_routes",
)


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)  # edited in the database, left as edited
    deleted: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    version: str = ""


def _key(table: str, record: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(record[column] for column in KEYS[table])


def regions_load_files(
    *, directory: Path = DATA_DIR, update: bool = False, prune: bool = False
) -> LoadReport:
    """Bring the database in line with the files.

    New rows are always created. A row that exists but differs from its file (an advisor edited it
    in the admin) is kept as edited unless `update` is set; rows that are in the database but not
    in the files are deleted only with `prune`. Running it twice changes nothing the second time.
    The files must make a complete, valid dataset, or nothing is written: DomainError
    (UNSCORABLE_DATA) says what is missing or wrong.
    """
    try:
        dataset = read_dataset(directory)
        # Refuses an incomplete or inconsistent dataset, or sample counts past the memory cap,
        # before anything is written.
        _memory_check(build(dataset))
        if problems := too_long(dataset.records):
            raise InvalidDataset("; ".join(problems[:5]))
    except (FileNotFoundError, ValueError) as error:  # InvalidDataset, InvalidInput too
        raise DomainError.of(
            "", f"region data not loaded: {error}", code=Code.UNSCORABLE_DATA
        ) from None
    report = LoadReport()
    with transaction.atomic():
        for table in LOAD_ORDER:
            _load_table(table, dataset.records[table], report, update=update, prune=prune)
        current = dataset_from_database()
    report.version = current.version
    return report


def too_long(records: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Texts longer than their database column holds: PostgreSQL refuses them mid-load (SQLite
    stores them whole), so the loader refuses the files first and says which row and column."""
    problems = []
    for table, rows in records.items():
        model, lookups = TABLES[table]
        limits = {
            column: model._meta.get_field(column).max_length
            for column, _ in SCHEMA[table]
            if column not in lookups and getattr(model._meta.get_field(column), "max_length", None)
        }
        for row in rows:
            for column, limit in limits.items():
                value = row.get(column)
                if isinstance(value, str) and len(value) > limit:
                    where = "/".join(str(row[key]) for key in KEYS[table])
                    problems.append(
                        f"{table} {where}: {column} has {len(value)} characters, the column "
                        f"holds {limit}"
                    )
    return problems


# The most cases one scoring takes at once: the partner API's bulk limit (MAX_BULK_CASES).
LARGEST_BATCH = 1000


def region_data_check() -> None:
    """The region data stays scorable: raise DomainError (UNSCORABLE_DATA) saying why new
    scorings could not use the region tables as they are now."""
    try:
        model = build(dataset_from_database())
    except InvalidDataset as error:
        raise DomainError.of("", str(error), code=Code.UNSCORABLE_DATA) from None
    try:
        _memory_check(model)
    except InvalidInput as error:
        raise DomainError.of("", error.message, code=Code.UNSCORABLE_DATA) from None


def _memory_check(model: Model) -> None:
    """Within its bounds a sample count may still need more memory than scoring may hold
    (SCORING_MAX_BYTES): a single case at robustness.samples, a full bulk batch at
    robustness.batch_samples. Raises InvalidInput naming the parameter."""
    for name, profiles in (("robustness.samples", 1), ("robustness.batch_samples", LARGEST_BATCH)):
        try:
            memory_check(
                model,
                profiles=profiles,
                regions=len(model.regions),
                samples=int(model.params[name]),
                max_bytes=settings.SCORING_MAX_BYTES,
            )
        except InvalidInput as error:
            raise InvalidInput(
                name, f"parameter {name}: {error.message}", code=error.code, params=error.params
            ) from None


@contextmanager
def region_data_kept_scorable() -> Iterator[None]:
    """Around an edit of the region tables, inside its transaction: raise DomainError
    (UNSCORABLE_DATA) after the edit if it left scorable data unscorable, so the caller rolls it
    back. Data that was already unscorable is not guarded, so it can be repaired one edit at a
    time."""
    try:
        region_data_check()
    except DomainError:
        yield
        return
    yield
    region_data_check()


def _load_table(
    table: str, records: list[dict[str, Any]], report: LoadReport, *, update: bool, prune: bool
) -> None:
    model, lookups = TABLES[table]
    stored = {_key(table, row): row for row in canonical_records(table, table_rows(table))}
    pks = _primary_keys(table)
    regions = dict(Region.objects.values_list("slug", "pk"))
    indicators = dict(Indicator.objects.values_list("slug", "pk"))
    markets = dict(Market.objects.values_list("code", "pk"))

    def fields_of(record: dict[str, Any]) -> dict[str, Any]:
        values = {column: record[column] for column, _ in SCHEMA[table] if column not in lookups}
        if "region" in lookups:
            values["region_id"] = regions[record["region"]]
        if "indicator" in lookups:
            values["indicator_id"] = indicators[record["indicator"]]
        if "market" in lookups:
            values["market_id"] = markets[record["market"]]
        return values

    new, changed, kept = [], 0, 0
    for record in records:
        key = _key(table, record)
        if key not in stored:
            new.append(model(**fields_of(record)))
        elif stored[key] != record:
            if update:
                instance = model.objects.get(pk=pks[key])
                for name, value in fields_of(record).items():
                    setattr(instance, name, value)
                instance.save()
                changed += 1
            else:
                kept += 1
    # With a first history row per loaded figure, the admin shows what an advisor's edit replaced.
    bulk_create_with_history(new, model, default_change_reason="Loaded from the data files")
    removed = 0
    if prune:
        wanted = {_key(table, record) for record in records}
        stale = [pk for key, pk in pks.items() if key not in wanted]
        removed, _ = model.objects.filter(pk__in=stale).delete()
    report.created[table] = len(new)
    report.updated[table] = changed
    report.kept[table] = kept
    report.deleted[table] = removed
    report.rows[table] = model.objects.count()


def _primary_keys(table: str) -> dict[tuple[Any, ...], int]:
    model, lookups = TABLES[table]
    columns = [lookups.get(column, column) for column in KEYS[table]]
    return {
        tuple("" if value is None else value for value in row[1:]): row[0]
        for row in model.objects.values_list("pk", *columns)
    }
