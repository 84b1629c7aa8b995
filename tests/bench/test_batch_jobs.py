"""The batch jobs benchmark (bench/batch_jobs.py) still runs: a quick pass over the real stack
(its own database, gunicorn, Celery workers with 1 and 2 processes, Redis) that loses and
duplicates no row and keeps every web and worker process under the memory ceiling. Its timings
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


def test_the_batch_benchmark_runs_end_to_end_within_the_memory_ceiling():
    server = database_url().rsplit("/", 1)[0]
    name = f"bench_batch_{uuid.uuid4().hex[:8]}"
    run = subprocess.run(
        [sys.executable, "bench/batch_jobs.py", "--quick",
         "--database-url", f"{server}/{name}", "--redis-url", settings.REDIS_URL],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    table = lines[lines.index(next(line for line in lines if line.startswith("what "))) :]
    rows = {line.split("  ")[0]: line for line in table}
    assert rows["peak memory, web and worker processes"].endswith("  met")
    assert rows["rows lost or duplicated"].endswith("  met")
    for what in (
        "floor: in-process engine",
        "1 worker process, end to end",
        "2 worker processes, end to end",
        "manage.py check",
        "manage.py recommend, one profile",
    ):
        assert what in rows, table
    assert "rows downloaded 20,000, job done, done 20,000, failed 0" in run.stdout
