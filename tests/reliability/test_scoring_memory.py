"""A scoring that runs out of memory fails its case, not the worker (issue 18, finding 2).

Celery takes a MemoryError raised by a task for the end of the worker and exits. Here the real
engine meets a real MemoryError: the test-only hook SCORING_TEST_ADDRESS_SPACE (tests/worker.py)
leaves the pool process a few megabytes of address space for its first engine call, less than
10,000 robustness samples need."""

from __future__ import annotations

import pytest

from advisor.models import Case
from advisor.services.cases import case_submit
from tests.advisor.conftest import founder_profile
from tests.reliability.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def fresh(case: Case) -> Case:
    return Case.objects.get(id=case.id)


def test_a_scoring_out_of_memory_fails_the_case_and_the_worker_scores_the_next(
    broker, launch, region_data
):
    worker = launch.worker(redis_url=broker.url, SCORING_TEST_ADDRESS_SPACE=str(2_000_000))
    [pool_process] = worker.child_pids()
    starved = case_submit(startup_name="Starved Robotics", profile=founder_profile())
    wait_for(lambda: fresh(starved).is_finished, timeout=60)
    assert fresh(starved).status == Case.Status.FAILED
    assert "ran out of memory" in fresh(starved).failure_reason
    # The same worker, the same pool process, scores the next case.
    following = case_submit(startup_name="Next Robotics", profile=founder_profile())
    wait_for(lambda: fresh(following).is_finished, timeout=60)
    assert fresh(following).status == Case.Status.DONE
    assert worker.process.poll() is None
    assert worker.child_pids() == [pool_process]
    assert "Unrecoverable error" not in worker.log()
