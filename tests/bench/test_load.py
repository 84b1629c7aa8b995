"""The load benchmark (bench/load.py) still runs: a quick pass over the real stack (its own
database, gunicorn, a Celery worker, Redis) that must lose no case and meet no error. Its timings
are printed, never asserted: this machine is shared and noisy."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests.worker import database_url

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


def test_the_load_benchmark_runs_end_to_end_and_loses_no_case():
    # A database of its own on the test run's PostgreSQL, dropped by the benchmark at the end.
    server = database_url().rsplit("/", 1)[0]
    name = f"bench_load_{uuid.uuid4().hex[:8]}"
    run = subprocess.run(
        [sys.executable, "bench/load.py", "--quick",
         "--database-url", f"{server}/{name}", "--redis-url", settings.REDIS_URL],
        cwd=ROOT, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    table = lines[lines.index(next(line for line in lines if line.startswith("what "))) :]
    assert [line.split("  ")[0] for line in table] == [
        "what",
        "floor: no-op Celery task round trip",
        "floor: no-op tasks a second",
        "API single: submit -> done",
        "API single: seen by polling every 10.0 ms",
        "form single: submit -> done",
        "form single: seen by polling every 10.0 ms",
        "bulk: submit -> all done",
        "flood: founder's case page, quiet",
        "flood: founder's case page, flood",
        "flood: other partner's single case, quiet",
        "flood: other partner's single case, flood",
        "60 submissions: lost, unfinished, errors",
    ]
    assert table[-1].split("  ")[-1].strip() == "met"  # lost, unfinished, errors: 0, 0, 0
    assert "lost: 0, unfinished: 0, errors: 0" in run.stdout
