"""Bulk batches have a queue of their own (issue 18, finding 3): a worker of the single-case
queue never takes a batch, so a flood of batches cannot stand in front of a single case; the
batches wait for a worker of the bulk queue."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from advisor.models import Case
from advisor.services.cases import case_submit, cases_submit_batch
from advisor.services.profiles import case_clean
from tests.advisor.conftest import founder_profile
from tests.reliability.processes import wait_for
from tests.worker import start_worker_process

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_single_case_is_scored_while_bulk_batches_wait_for_their_own_worker(region_data, request):
    assert settings.CELERY_BULK_QUEUE != settings.CELERY_TASK_DEFAULT_QUEUE
    single_worker = start_worker_process(
        name=f"{request.node.name}-single", queues=[settings.CELERY_TASK_DEFAULT_QUEUE]
    )
    bulk_worker = None
    try:
        profile = founder_profile()
        fields = case_clean(startup_name="Bulk Robotics", profile=profile)
        batches = [cases_submit_batch(cleaned=[fields] * 50) for _ in range(4)]
        bulk_ids = [case.id for batch in batches for case in batch]
        single = case_submit(startup_name="Single Robotics", profile=profile)
        wait_for(lambda: Case.objects.get(id=single.id).status == Case.Status.DONE, timeout=60)
        # The single-case worker left every batch alone.
        assert Case.objects.filter(id__in=bulk_ids, status=Case.Status.QUEUED).count() == 200
        assert "score_cases[" not in single_worker.log()  # no batch received

        bulk_worker = start_worker_process(
            name=f"{request.node.name}-bulk", queues=[settings.CELERY_BULK_QUEUE]
        )
        done = Case.objects.filter(id__in=bulk_ids, status=Case.Status.DONE)
        wait_for(lambda: done.count() == 200, timeout=120)
        assert "score_case[" not in bulk_worker.log()
    finally:
        single_worker.stop()
        if bulk_worker is not None:
            bulk_worker.stop()


def _niceness(pid: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, pid)


def test_a_worker_of_the_background_queues_only_runs_below_the_web_and_single_case_priority(
    request,
):
    own = _niceness(0)
    background = start_worker_process(
        name=f"{request.node.name}-background",
        queues=[settings.CELERY_BULK_QUEUE, settings.CELERY_BATCH_QUEUE],
    )
    single = start_worker_process(
        name=f"{request.node.name}-single", queues=[settings.CELERY_TASK_DEFAULT_QUEUE]
    )
    both = start_worker_process(name=f"{request.node.name}-both")  # default and bulk queues
    try:
        expected = min(own + settings.CELERY_BACKGROUND_NICENESS, 19)
        assert settings.CELERY_BACKGROUND_NICENESS > 0
        pool = background.child_pids()
        assert pool, "the background worker has no pool process"
        assert {_niceness(pid) for pid in [background.process.pid, *pool]} == {expected}
        # A worker that takes single cases keeps the priority of everything else.
        for worker in (single, both):
            assert {_niceness(pid) for pid in [worker.process.pid, *worker.child_pids()]} == {own}
    finally:
        for worker in (background, single, both):
            worker.stop()
