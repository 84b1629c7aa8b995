from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from advisor.engine.dataset import SCHEMA
from tests.engine import handmade
from tests.worker import WorkerProcess, start_worker_process


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs `collectstatic`; tests serve static files straight from the apps.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _generous_founder_rate_limits(settings):
    # The suite submits far more forms from 127.0.0.1 than a founder would; the limits stay on
    # (their counters run on every request) and tests/security/test_rate_limits.py sets its own.
    settings.FOUNDER_SUBMIT_RATE = "100000/m"
    settings.FOUNDER_WHAT_IF_RATE = "100000/m"


@pytest.fixture
def region_data(db):
    """The real, sourced region data from regions/data, loaded as `make run` loads it."""
    call_command("load_regions", stdout=io.StringIO())


def write_tables(directory: Path, tables: dict) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for table, columns in SCHEMA.items():
        with (directory / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=[name for name, _ in columns], extrasaction="ignore"
            )
            writer.writeheader()
            for row in tables.get(table, []):  # a later table may be absent: empty
                writer.writerow({name: row.get(name, "") for name, _ in columns})
    return directory


@pytest.fixture
def handmade_files(tmp_path) -> Path:
    """The engine tests' hand-made dataset written out as region data files."""
    return write_tables(tmp_path / "data", handmade.rows())


@pytest.fixture
def celery_worker_process(transactional_db, request) -> WorkerProcess:
    """A real `celery worker` process on this session's queue, reading the test database."""
    worker = start_worker_process(name=request.node.name)
    yield worker
    worker.stop()
