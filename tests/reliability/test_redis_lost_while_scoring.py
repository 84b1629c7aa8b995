"""Redis lost while a worker is scoring a partner's bulk batch: the worker stays up, reconnects once
Redis is back and goes on taking work, and every case of the batch is done with one result.

Before config/broker.py's second fix the worker exited at once, with
`Unrecoverable error: AttributeError("'NoneType' object has no attribute 'hostname'")` from kombu's
restore_unacked. The test runs its own redis-server, stops it mid-scoring and starts it again
(empty, as a lost node comes back), with a real gunicorn and a real worker pointed at it."""

from __future__ import annotations

import time

import httpx
import pytest
from django.db.models import Count

from advisor.models import Case, ScoringRun
from tests.api.conftest import new_partner
from tests.api.test_bulk import varied_cases
from tests.reliability.processes import wait_for
from tests.worker import WorkerProcess

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BULK = "/api/v1/cases/bulk/"
OUTAGE_SECONDS = 5


def all_done(case_ids: list[str]) -> bool:
    return Case.objects.filter(id__in=case_ids, status=Case.Status.DONE).count() == len(case_ids)


def reconnected(worker: WorkerProcess) -> bool:
    if worker.process.poll() is not None:
        raise AssertionError(f"the worker exited ({worker.process.returncode}):\n{worker.log()}")
    return worker.log().count("Connected to ") >= 2


def test_a_worker_that_loses_redis_while_scoring_a_bulk_batch_survives_and_scores_every_case_once(
    broker, launch, region_data
):
    partner = new_partner("Bulk Ventures")
    # Two pool processes, as `make run` and docker-compose start it: with a slot free the worker
    # waits on BRPOP while the batch is scored, and losing Redis then used to end it.
    worker = launch.worker(redis_url=broker.url, concurrency=2)
    web = launch.web(redis_url=broker.url)
    headers = {"Authorization": f"Api-Key {partner.key}"}
    with httpx.Client(base_url=web.url, headers=headers, timeout=60) as api:
        answer = api.post(BULK, json={"cases": varied_cases(1000)})
        assert answer.status_code == 202, answer.text
        batch = answer.json()["ids"]
        wait_for(
            lambda: Case.objects.filter(id__in=batch, status=Case.Status.SCORING).exists(),
            every=0.02,
        )
        broker.stop()
        assert not all_done(batch), "the batch was scored before Redis went away"
        time.sleep(OUTAGE_SECONDS)
        broker.start()

        wait_for(lambda: all_done(batch), timeout=90)
        # The same worker process reconnects and takes new work.
        wait_for(lambda: reconnected(worker), timeout=60)
        answer = api.post(BULK, json={"cases": varied_cases(10, seed=5)})
        assert answer.status_code == 202, answer.text
        after = answer.json()["ids"]
        wait_for(lambda: all_done(after), timeout=60)

    runs = ScoringRun.objects.filter(case__in=batch + after)
    per_case = runs.values("case").annotate(count=Count("id"))
    assert sorted({row["count"] for row in per_case}) == [1]
    assert len(per_case) == len(batch) + len(after)
    assert set(runs.values_list("worker", flat=True)) == {worker.hostname}
    assert worker.process.poll() is None
    assert "Unrecoverable error" not in worker.log()
