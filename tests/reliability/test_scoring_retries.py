"""A scoring that fails for a transient reason is retried with backoff, and either succeeds once the
fault clears or, its retries spent, marks the case failed with a reason the advisors see and can
re-score; an error that would only repeat fails the case at once, without retries.

The fault is real: the test cuts the worker's own database connections (pg_terminate_backend, as
a PostgreSQL restart or a failover does) while it is scoring. The worker connects with an
application_name of its own so that only its connections are cut. SCORING_TEST_DELAY keeps each
attempt scoring for a moment after its claim, so the cut lands between the claim and the store.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection

from advisor.models import Case, ScoringRun
from advisor.services.cases import case_submit
from regions.models import Region
from tests.advisor.admin_support import CHANGELIST, case_url, change_url
from tests.advisor.conftest import founder_profile
from tests.permissions import permissions_ensure
from tests.reliability.processes import wait_for
from tests.worker import database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# "Task advisor.tasks.score_case[<id>] retry: Retry in 1s: OperationalError(...)"
RETRY = re.compile(r"score_case\[[^\]]+\] retry: Retry in (\d+)s: (\w+)")


@pytest.fixture
def advisor_client(client):
    """Signed in as staff with the Advisor group's rights on cases. (The group itself comes from a
    migration, and the tables of a transactional test are emptied between tests.)"""
    advisor = get_user_model().objects.create_user(username="ada", is_staff=True)
    permissions_ensure()
    advisor.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="advisor", codename__in=["view_case", "change_case"]
        )
    )
    client.force_login(advisor)
    return client


def fresh(case: Case) -> Case:
    return Case.objects.get(id=case.id)


def scoring_worker(launch, broker, **settings: str):
    """A worker whose database connections carry a name of their own, for cut_connections."""
    name = f"scoring-{uuid.uuid4().hex[:8]}"
    worker = launch.worker(
        redis_url=broker.url,
        DATABASE_URL=f"{database_url()}?application_name={name}",
        SCORING_TEST_DELAY="2",
        **settings,
    )
    return worker, name


def cut_connections(application_name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            [application_name],
        )
        return sum(1 for (terminated,) in cursor.fetchall() if terminated)


def cut_while_scoring(case: Case, *, attempt: int, application_name: str) -> None:
    """Wait until the worker has claimed the case for the `attempt`-th time, then cut it off."""
    wait_for(
        lambda: (
            (current := fresh(case)).attempts == attempt and current.status == Case.Status.SCORING
        ),
        timeout=60,
    )
    assert cut_connections(application_name) >= 1


def test_a_scoring_whose_database_connection_is_cut_is_retried_with_backoff_and_stored_once_the_fault_clears(
    broker, launch, region_data
):
    worker, name = scoring_worker(
        launch, broker, SCORING_RETRY_BACKOFF="1", SCORING_MAX_RETRIES="3"
    )
    case = case_submit(startup_name="Acme Robotics", profile=founder_profile())
    cut_while_scoring(case, attempt=1, application_name=name)
    cut_while_scoring(case, attempt=2, application_name=name)

    wait_for(lambda: fresh(case).status == Case.Status.DONE, timeout=90)
    assert fresh(case).attempts == 3
    assert fresh(case).failure_reason == ""
    assert ScoringRun.objects.filter(case=case).count() == 1
    retries = RETRY.findall(worker.log())
    assert [error for _, error in retries] == ["OperationalError", "OperationalError"]
    # Exponential backoff with full jitter: at most 1 s, then at most 2 s.
    assert int(retries[0][0]) <= 1
    assert int(retries[1][0]) <= 2


def test_a_scoring_that_keeps_failing_is_marked_failed_with_the_reason_and_an_advisor_can_rescore_it(
    broker, launch, region_data, advisor_client
):
    # A backoff of 0 retries at once (Celery alone would wait its default of 3 minutes).
    worker, name = scoring_worker(
        launch, broker, SCORING_RETRY_BACKOFF="0", SCORING_MAX_RETRIES="2"
    )
    case = case_submit(startup_name="Doomed Robotics", profile=founder_profile())
    for attempt in (1, 2, 3):
        cut_while_scoring(case, attempt=attempt, application_name=name)

    wait_for(lambda: fresh(case).status == Case.Status.FAILED, timeout=60)
    failed = fresh(case)
    assert failed.attempts == 3  # the first try and two retries: the cap
    assert failed.failure_reason.startswith("Scoring failed after 3 attempts: OperationalError: ")
    assert "connection" in failed.failure_reason  # what PostgreSQL said when it cut the worker off
    assert not ScoringRun.objects.filter(case=case).exists()
    assert [seconds for seconds, _ in RETRY.findall(worker.log())] == ["0", "0"]

    # The advisors see it in their list of failed cases, with the reason, and on the case page.
    listing = advisor_client.get(CHANGELIST, {"status__exact": "failed"}).content.decode()
    assert "Doomed Robotics" in listing
    assert "Scoring failed after 3 attempts" in listing
    page = advisor_client.get(change_url(case)).content.decode()
    assert 'id="case-failure"' in page
    assert "Scoring failed after 3 attempts: OperationalError" in page

    # The fault is gone; an advisor's re-score goes to the same worker and succeeds.
    assert advisor_client.post(case_url(case, "rescore")).status_code == 302
    wait_for(lambda: fresh(case).status == Case.Status.DONE, timeout=60)
    assert fresh(case).failure_reason == ""
    assert ScoringRun.objects.get(case=case).worker == worker.hostname


def test_a_profile_the_data_can_no_longer_score_fails_at_once_without_retries(
    broker, launch, region_data
):
    case = case_submit(
        startup_name="Tokyo Or Bust",
        profile=founder_profile(regions=["shenzhen", "tokyo"]),
    )
    Region.objects.get(slug="tokyo").delete()  # the data changed after the submission
    worker = launch.worker(redis_url=broker.url, SCORING_RETRY_BACKOFF="0")

    wait_for(lambda: fresh(case).status == Case.Status.FAILED, timeout=60)
    failed = fresh(case)
    assert failed.attempts == 1
    assert failed.failure_reason.startswith("The profile cannot be scored: ")
    assert "tokyo" in failed.failure_reason
    assert not RETRY.findall(worker.log())


def test_a_database_error_that_would_only_repeat_fails_the_case_at_once_without_retries(
    broker, launch, region_data
):
    # A write the database refuses every time (here a trigger; a check constraint would do the
    # same) is not transient: retrying could only fail again.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_scoring_runs() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'scoring runs are frozen'; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_scoring_runs BEFORE INSERT ON advisor_scoringrun "
            "FOR EACH ROW EXECUTE FUNCTION refuse_scoring_runs()"
        )
    try:
        worker = launch.worker(redis_url=broker.url, SCORING_RETRY_BACKOFF="0")
        case = case_submit(startup_name="Frozen Robotics", profile=founder_profile())
        wait_for(lambda: fresh(case).status == Case.Status.FAILED, timeout=60)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER IF EXISTS refuse_scoring_runs ON advisor_scoringrun")
            cursor.execute("DROP FUNCTION IF EXISTS refuse_scoring_runs()")
    failed = fresh(case)
    assert failed.attempts == 1
    assert failed.failure_reason.startswith(
        "Scoring failed: ProgrammingError: scoring runs are frozen"
    )
    assert not RETRY.findall(worker.log())
