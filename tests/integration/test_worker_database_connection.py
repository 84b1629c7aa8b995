"""A worker process keeps its database connection from one task to the next (Celery's Django
fixup would otherwise open a new PostgreSQL connection for every task), and replaces it once it
broke."""

from __future__ import annotations

import io
import time

import pytest
from django.core.management import call_command
from django.db import connection

from advisor.models import Case
from advisor.services.cases import case_submit
from tests.advisor.conftest import founder_profile

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=30.0, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


def worker_backends() -> set[int]:
    """The PostgreSQL server processes serving other clients of this test database: the
    worker's connections (this process has only its own)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return {row[0] for row in cursor.fetchall()}


def scored(name: str) -> Case:
    case = case_submit(startup_name=name, profile=founder_profile())
    return wait_for(
        lambda: Case.objects.filter(id=case.id, status=Case.Status.DONE).first(), timeout=60
    )


def test_a_worker_scores_one_case_after_another_on_the_same_database_connection(
    celery_worker_process,
):
    call_command("load_regions", stdout=io.StringIO())
    scored("First Robotics")
    time.sleep(0.5)  # the task has returned: a connection closed after it would be gone now
    first = worker_backends()
    assert len(first) == 1, first  # --concurrency 1: one pool process, one connection

    for number in range(3):
        scored(f"Next Robotics {number}")
    time.sleep(0.5)
    assert worker_backends() == first


def test_a_worker_replaces_a_connection_that_broke_between_tasks(celery_worker_process):
    call_command("load_regions", stdout=io.StringIO())
    scored("First Robotics")
    time.sleep(0.5)
    (backend,) = worker_backends()
    with connection.cursor() as cursor:  # what a PostgreSQL restart does to it
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
    wait_for(lambda: backend not in worker_backends())

    case = scored("After The Break")

    assert case.attempts == 1  # scored at the first try, on a fresh connection
    assert worker_backends() and backend not in worker_backends()
