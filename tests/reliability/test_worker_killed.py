"""Workers killed with SIGKILL mid-scoring, and a case delivered to two workers at once: every case
is scored, and exactly one result is stored.

The test-only hook SCORING_TEST_DELAY (tests/worker.py) makes a worker sleep after it claims a
case and before it calls the engine, so that the test can kill it mid-scoring."""

from __future__ import annotations

import os
import signal

import pytest

from advisor.models import Case, ScoringRun
from advisor.services.cases import case_enqueue, case_submit
from tests.advisor.conftest import founder_profile
from tests.reliability.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def submit() -> Case:
    return case_submit(startup_name="Acme Robotics", profile=founder_profile())


def fresh(case: Case) -> Case:
    return Case.objects.get(id=case.id)


def test_a_scoring_process_killed_mid_scoring_is_redelivered_and_one_result_is_stored(
    broker, launch, region_data
):
    # No sweep runs here: only the late ack and the reject on worker loss can bring it back.
    worker = launch.worker(redis_url=broker.url, SCORING_TEST_DELAY="3")
    case = submit()
    wait_for(lambda: fresh(case).status == Case.Status.SCORING)
    [scoring_process] = worker.child_pids()
    os.kill(scoring_process, signal.SIGKILL)

    wait_for(lambda: fresh(case).status == Case.Status.DONE, timeout=60)
    assert fresh(case).attempts == 2
    assert ScoringRun.objects.filter(case=case).count() == 1
    assert "WorkerLostError" in worker.log()
    assert scoring_process not in worker.child_pids()


def test_a_worker_killed_mid_scoring_is_replaced_by_another_that_stores_the_only_result(
    broker, launch, region_data
):
    doomed = launch.worker(redis_url=broker.url, SCORING_TEST_DELAY="60")
    case = submit()
    wait_for(lambda: fresh(case).status == Case.Status.SCORING)
    # The whole worker dies at once (the machine is lost): its main process and its pool.
    processes = [doomed.process.pid, *doomed.child_pids()]
    for pid in processes:
        os.kill(pid, signal.SIGKILL)
    doomed.process.wait(timeout=10)

    # Its message is still unacknowledged in Redis; the sweep queues the case again once it has
    # been scoring longer than CASE_REQUEUE_SCORING_AFTER.
    other = launch.worker(redis_url=broker.url, CASE_REQUEUE_SCORING_AFTER="2")
    launch.beat(redis_url=broker.url, CASE_REQUEUE_EVERY="1")
    wait_for(lambda: fresh(case).status == Case.Status.DONE, timeout=60)
    run = ScoringRun.objects.get(case=case)
    assert run.worker == other.hostname
    assert fresh(case).attempts == 2


def test_a_case_delivered_to_two_workers_at_once_is_stored_once(broker, launch, region_data):
    first = launch.worker(redis_url=broker.url, SCORING_TEST_DELAY="2")
    second = launch.worker(redis_url=broker.url, SCORING_TEST_DELAY="2")
    case = submit()
    case_enqueue(case_id=case.id)  # a duplicate message, as a sweep racing a slow worker sends

    wait_for(lambda: fresh(case).status == Case.Status.DONE, timeout=60)
    # Both workers claimed and scored it (the prefetch of one made each take one message) ...
    wait_for(
        lambda: all("score_case[" in w.log() and "succeeded" in w.log() for w in (first, second))
    )
    assert fresh(case).attempts == 2
    # ... and only the first to finish stored its result.
    assert ScoringRun.objects.filter(case=case).count() == 1
