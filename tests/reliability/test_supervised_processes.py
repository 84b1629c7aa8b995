"""`make run` under supervisord (config/supervisord.conf): a worker that dies is started again, and
the sweep, which beat schedules and a worker runs, brings back the case the dead worker was scoring.
Honcho, used before, stopped the web server and beat too when the worker exited."""

from __future__ import annotations

import os
import re
import signal

import pytest

from advisor.models import Case, ScoringRun
from advisor.services.cases import case_submit
from tests.advisor.conftest import founder_profile
from tests.reliability.processes import wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def status(case: Case) -> str:
    return Case.objects.get(id=case.id).status


def test_a_worker_killed_mid_scoring_under_make_run_is_replaced_and_the_sweep_brings_its_case_back(
    broker, launch, region_data
):
    app = launch.supervised(
        redis_url=broker.url,
        SCORING_TEST_DELAY="3",  # time to kill it mid-scoring
        CASE_REQUEUE_EVERY="1",
        # Longer than a scoring takes here, so that the replacement's own scoring is not swept.
        CASE_REQUEUE_SCORING_AFTER="6",
    )
    [web] = app.pids("web")
    [beat] = app.pids("beat")
    [doomed] = app.pids("worker")
    case = case_submit(startup_name="Acme Robotics", profile=founder_profile())
    wait_for(lambda: status(case) == Case.Status.SCORING)

    # The whole worker at once, its pool processes too (supervisord gives it a process group).
    os.killpg(doomed, signal.SIGKILL)

    wait_for(lambda: len(app.pids("worker")) == 2, timeout=30)
    wait_for(lambda: status(case) == Case.Status.DONE, timeout=60)
    assert ScoringRun.objects.filter(case=case).count() == 1
    assert Case.objects.get(id=case.id).attempts >= 2  # scored again after the first attempt
    sweeps = re.findall(r"requeue_stale_cases\[[^\]]+\] succeeded in [\d.]+s: (\d+)", app.log())
    assert any(int(count) >= 1 for count in sweeps), app.log()
    # Only the worker was started again; the web server and beat ran on.
    assert app.pids("web") == [web] and app.pids("beat") == [beat]
    assert app.process.poll() is None
