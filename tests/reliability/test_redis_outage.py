"""Redis down or stalled when founders submit: the submission still succeeds, the case is saved as
queued and says so, and it is scored once Redis answers again, by the periodic sweep (Celery beat)
or by `manage.py requeue_stale`. Each test runs its own redis-server, stops or stalls it, and points
this process, a gunicorn web server, a worker and beat at it."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import httpx
import pytest

from advisor.models import Case
from advisor.services.cases import case_submit
from tests.advisor.conftest import founder_profile
from tests.reliability.founder import submit_form
from tests.reliability.processes import wait_for
from tests.worker import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Generous: it proves that the broker's socket timeouts bound the request, not how fast it is.
STALLED_REQUEST_BOUND = 8.0


def status(case_id) -> str:
    return Case.objects.get(id=case_id).status


def scored_once(*case_ids) -> bool:
    cases = Case.objects.filter(id__in=case_ids)
    return all(case.status == Case.Status.DONE for case in cases) and len(cases) == len(case_ids)


def assert_one_result_each(*case_ids) -> None:
    for case_id in case_ids:
        assert Case.objects.get(id=case_id).runs.count() == 1


def test_while_redis_is_down_submissions_are_saved_and_the_sweep_scores_them_once_it_is_back(
    broker, launch, region_data
):
    # The sweep runs every second and takes cases queued for more than a second.
    worker = launch.worker(redis_url=broker.url, CASE_REQUEUE_QUEUED_AFTER="1")
    web = launch.web(redis_url=broker.url)
    launch.beat(redis_url=broker.url, CASE_REQUEUE_EVERY="1")
    with httpx.Client(base_url=web.url, timeout=30) as browser:
        before = submit_form(browser, "Before Robotics")  # the web's broker connection is warm
        wait_for(lambda: status(before.case_id) == Case.Status.DONE)

        broker.stop()
        during = submit_form(browser, "Outage Robotics")
        page = browser.get(during.case_url)
        assert page.status_code == 200
        assert 'data-status="queued"' in page.text
    started = time.monotonic()
    by_service = case_submit(startup_name="Outage Devices", profile=founder_profile())
    service_seconds = time.monotonic() - started
    print(f"\nRedis down: form POST {during.seconds:.2f} s, case_submit {service_seconds:.2f} s")
    assert status(during.case_id) == status(by_service.id) == Case.Status.QUEUED

    broker.start()  # back, and empty: nothing of the two submissions reached it
    wait_for(lambda: scored_once(during.case_id, by_service.id), timeout=90)
    assert_one_result_each(before.case_id, during.case_id, by_service.id)
    sweeps = re.findall(r"requeue_stale_cases\[[^\]]+\] succeeded in [\d.]+s: (\d+)", worker.log())
    assert any(int(count) >= 1 for count in sweeps), worker.log()


def test_while_redis_is_down_submissions_are_saved_and_requeue_stale_queues_them_again(
    broker, launch, region_data
):
    launch.worker(redis_url=broker.url)
    web = launch.web(redis_url=broker.url)
    broker.stop()
    with httpx.Client(base_url=web.url, timeout=30) as browser:
        during = submit_form(browser, "Outage Robotics")
        assert 'data-status="queued"' in browser.get(during.case_url).text
    by_service = case_submit(startup_name="Outage Devices", profile=founder_profile())
    assert status(during.case_id) == status(by_service.id) == Case.Status.QUEUED

    broker.start()
    # Nothing queues them by itself (no beat here): the operator's command does.
    command = subprocess.run(
        [sys.executable, "manage.py", "requeue_stale", "--queued-for", "0"],
        cwd=ROOT,
        env=launch.env(redis_url=broker.url),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Queued 2 stale cases again." in command.stdout
    wait_for(lambda: scored_once(during.case_id, by_service.id), timeout=90)
    assert_one_result_each(during.case_id, by_service.id)


@pytest.mark.parametrize("how", ["client-pause", "debug-sleep"])
def test_a_redis_that_stops_answering_does_not_hold_up_the_submission_and_the_case_is_scored_later(
    broker, launch, region_data, how
):
    launch.worker(redis_url=broker.url, CASE_REQUEUE_QUEUED_AFTER="1")
    web = launch.web(redis_url=broker.url)
    launch.beat(redis_url=broker.url, CASE_REQUEUE_EVERY="1")
    with httpx.Client(base_url=web.url, timeout=30) as browser:
        before = submit_form(browser, "Before Robotics")
        wait_for(lambda: status(before.case_id) == Case.Status.DONE)
        case_submit(startup_name="Warm Devices", profile=founder_profile())  # warm, this process

        broker.stall(how, seconds=10)
        during = submit_form(browser, "Stalled Robotics")
        assert 'data-status="queued"' in browser.get(during.case_url).text
    started = time.monotonic()
    by_service = case_submit(startup_name="Stalled Devices", profile=founder_profile())
    service_seconds = time.monotonic() - started
    print(f"\nRedis {how}: form POST {during.seconds:.2f} s, case_submit {service_seconds:.2f} s")
    assert during.seconds < STALLED_REQUEST_BOUND
    assert service_seconds < STALLED_REQUEST_BOUND

    wait_for(lambda: scored_once(during.case_id, by_service.id), timeout=90)
    assert_one_result_each(during.case_id, by_service.id)
