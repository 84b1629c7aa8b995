"""Batch jobs for real: uploaded over HTTP, scored by `celery worker` processes on the batch
queue from PostgreSQL and Redis, read back over HTTP."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pandas as pd
import pytest
from django.conf import settings
from django.core.management import call_command

from advisor.partners.models import BatchChunk, BatchJob
from advisor.services.scoring import profiles_score_table
from tests.api.conftest import new_partner
from tests.batch_support import profiles_csv
from tests.worker import database_url, start_worker_process

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=90.0, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def http(live_server):
    call_command("load_regions", stdout=io.StringIO())
    headers = {"Authorization": f"Api-Key {new_partner('Acme Ventures').key}"}
    with httpx.Client(base_url=live_server.url, timeout=60, headers=headers) as client:
        yield client


@pytest.fixture
def batch_worker(request):
    started = []

    def start(*, concurrency: int = 1, delay: float = 0.0):
        worker = start_worker_process(
            name=request.node.name,
            concurrency=concurrency,
            queues=[settings.CELERY_BATCH_QUEUE],
            extra_env={"BATCH_TEST_DELAY": str(delay)} if delay else None,
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def submit(http, body: bytes) -> str:
    response = http.post("/api/v1/batches/", content=body, headers={"Content-Type": "text/csv"})
    assert response.status_code == 202, response.text
    return response.json()["id"]


def finished(http, job_id: str, status: str = "done"):
    def check():
        detail = http.get(f"/api/v1/batches/{job_id}/").json()
        return detail if detail["status"] == status else None

    return wait_for(check)


def results_frame(http, job_id: str) -> pd.DataFrame:
    answer = http.get(f"/api/v1/batches/{job_id}/results/", headers={"Accept": "text/csv"})
    assert answer.status_code == 200
    return pd.read_csv(io.BytesIO(answer.content), dtype={"id": str})


def test_a_job_of_a_few_thousand_rows_is_scored_by_worker_processes_end_to_end(
    http, batch_worker, settings
):
    settings.BATCH_CHUNK_ROWS = 500
    batch_worker(concurrency=2)
    body = profiles_csv(3_000, bad={10: "astrology", 2_999: "biotek"})
    job_id = submit(http, body)

    detail = finished(http, job_id)
    assert (detail["total"], detail["done"], detail["failed"]) == (3_000, 2_998, 2)
    assert detail["rate_per_s"] > 0 and detail["eta_s"] == 0
    assert [error["line"] for error in detail["errors"]] == [12, 3_001]
    chunks = BatchChunk.objects.filter(job_id=job_id)
    assert chunks.count() == 6 and {c.worker for c in chunks} != {""}

    got = results_frame(http, job_id)
    expected, _ = profiles_score_table(
        frame=pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False)
    )
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_dtype=False)


def test_a_worker_killed_mid_job_has_its_chunk_redone_and_every_row_scored_once(
    http, batch_worker, settings
):
    settings.BATCH_CHUNK_ROWS = 200
    worker = batch_worker(concurrency=1, delay=1.0)
    job_id = submit(http, profiles_csv(2_000))  # 10 chunks, a second each

    def mid_chunk():
        return BatchChunk.objects.filter(job_id=job_id, status="running", number__gte=2).first()

    victim = wait_for(mid_chunk)
    [process] = worker.child_pids()
    os.kill(process, signal.SIGKILL)

    detail = finished(http, job_id)
    assert (detail["total"], detail["done"], detail["failed"]) == (2_000, 2_000, 0)
    redone = BatchChunk.objects.get(job_id=job_id, number=victim.number)
    assert redone.status == "done" and redone.attempts == 2
    assert process not in worker.child_pids()
    ids = results_frame(http, job_id)["id"]
    assert len(ids) == 2_000 and ids.is_unique
    assert list(ids) == [f"p{n}" for n in range(2_000)]


def test_a_cancelled_job_stops_where_it_is(http, batch_worker, settings):
    settings.BATCH_CHUNK_ROWS = 100
    batch_worker(concurrency=1, delay=0.5)
    job_id = submit(http, profiles_csv(2_000))  # 20 chunks

    wait_for(lambda: BatchJob.objects.get(id=job_id).chunks_finished >= 2)
    cancelled = http.delete(f"/api/v1/batches/{job_id}/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    time.sleep(2.0)  # long enough for several more chunks, had the job gone on
    job = BatchJob.objects.get(id=job_id)
    settled = job.chunks_finished
    time.sleep(1.5)
    job.refresh_from_db()
    assert job.status == "cancelled"
    assert job.chunks_finished == settled < 20
    # The rows scored before the cancellation stay readable, each once.
    ids = results_frame(http, job_id)["id"]
    assert len(ids) == job.done == settled * 100 and ids.is_unique


def test_recommend_batch_with_workers_sends_the_file_through_the_queue(tmp_path):
    call_command("load_regions", stdout=io.StringIO())
    source = tmp_path / "profiles.csv"
    source.write_bytes(profiles_csv(1_200, bad={7: "astrology"}))
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "CELERY_BATCH_QUEUE": settings.CELERY_BATCH_QUEUE,
        "BATCH_CHUNK_ROWS": "500",
    }

    def recommend(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", "recommend", "--batch", str(source), *extra],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
        )  # fmt: skip

    queued = recommend("--out", str(tmp_path / "queued.csv"), "--workers", "2")
    assert queued.returncode == 0, queued.stderr
    in_process = recommend("--out", str(tmp_path / "here.csv"))
    assert in_process.returncode == 0, in_process.stderr
    # The same rows, scores and refusals (by line number) as the in-process path.
    assert (tmp_path / "queued.csv").read_text() == (tmp_path / "here.csv").read_text()
    assert "line 9: unknown sector 'astrology'" in queued.stderr
    job = BatchJob.objects.get()
    assert (job.partner, job.status, job.chunk_count, job.done) == (None, "done", 3, 1_199)
