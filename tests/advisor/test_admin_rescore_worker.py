"""Re-scoring from the admin for real: the task goes through Redis to a `celery worker` process."""

from __future__ import annotations

import time

import pytest

from advisor.models import Case
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    advisor_client_fixture,
    advisor_fixture,
    case_url,
    scored_case,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"condition not met within {timeout} s")


def test_the_rescore_button_queues_a_scoring_that_a_real_worker_runs(
    celery_worker_process, handmade_region_data, advisor_client
):
    case = scored_case("Robots Inc")
    first = case.runs.get()

    response = advisor_client.post(case_url(case, "rescore"))
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status in (Case.Status.QUEUED, Case.Status.SCORING)

    wait_for(lambda: case.runs.count() == 2)
    case.refresh_from_db()
    assert case.status == Case.Status.DONE
    newest = case.runs.order_by("-created_at").first()
    assert newest.worker == celery_worker_process.hostname  # scored by the worker process
    assert case.runs.filter(pk=first.pk, result=first.result).exists()  # the old result is kept
    assert case.result == newest.result
