"""A case is saved before it is queued, and queued only once the save commits: the test's own Redis
shows what was published and when, and a real worker shows what it was handed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction

from advisor.models import Case
from advisor.services.cases import case_submit
from tests.advisor.conftest import founder_profile
from tests.reliability.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class Abandoned(Exception):
    """The founder's request failed after the case was created, so its transaction rolls back."""


def queued(broker) -> int:
    return broker.queue_length(settings.CELERY_TASK_DEFAULT_QUEUE)


def test_a_case_is_published_only_once_its_transaction_commits(broker, launch, region_data):
    worker = launch.worker(redis_url=broker.url)
    with transaction.atomic():
        case = case_submit(startup_name="Acme Robotics", profile=founder_profile())
        # The row is not visible to other connections yet, and nothing was handed to the workers.
        assert queued(broker) == 0
        assert "score_case[" not in worker.log()
    # Committed: now it is published, and the waiting worker finds the row it was given.
    wait_for(lambda: Case.objects.get(id=case.id).status == Case.Status.DONE)
    # The task stores the case done before it returns, so its "succeeded" line may follow the
    # row by a moment: wait for it rather than read the log at once.
    wait_for(lambda: worker.log().count("Task advisor.tasks.score_case[") >= 2, timeout=10)
    assert worker.log().count("Task advisor.tasks.score_case[") == 2  # received, succeeded
    assert Case.objects.get(id=case.id).runs.get().worker == worker.hostname


def test_a_submission_whose_transaction_rolls_back_queues_nothing(broker, launch, region_data):
    with pytest.raises(Abandoned), transaction.atomic():
        case_submit(startup_name="Ghost Robotics", profile=founder_profile())
        raise Abandoned
    assert not Case.objects.exists()
    assert queued(broker) == 0

    kept = case_submit(startup_name="Acme Robotics", profile=founder_profile())
    assert queued(broker) == 1  # the same path publishes once its transaction commits
    worker = launch.worker(redis_url=broker.url)
    wait_for(lambda: Case.objects.get(id=kept.id).status == Case.Status.DONE)
    # The worker was handed exactly one case, the committed one; never the rolled-back id.
    assert worker.log().count("received") == 1
    assert queued(broker) == 0
