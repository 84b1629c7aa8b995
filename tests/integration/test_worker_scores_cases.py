"""The queue for real: PostgreSQL, Redis and a `celery worker` process, driven over HTTP."""

from __future__ import annotations

import io
import re
import time

import httpx
import pytest
from django.core.management import call_command

from advisor.models import Case

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

FOUR = {"shenzhen", "beijing", "sf-bay-area", "tokyo"}


def wait_for(predicate, timeout=30.0, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


def test_a_case_submitted_through_the_form_is_scored_by_a_real_worker_process(
    live_server, celery_worker_process
):
    call_command("load_regions", stdout=io.StringIO())
    with httpx.Client(base_url=live_server.url, timeout=10) as browser:
        form = browser.get("/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        response = browser.post(
            "/",
            data={
                "csrfmiddlewaretoken": token,
                "startup_name": "Ohio Robotics",
                "sector": "robotics",
                "stage": "seed",
                "customer_type": "manufacturers",
                "market_CN": "80",
                "market_US": "20",
            },
        )
        assert response.status_code == 302, response.text
        case_url = response.headers["location"]
        assert re.fullmatch(r"/cases/[0-9a-f-]{36}/", case_url)
        assert "Queued" in browser.get(case_url).text or "Scoring" in browser.get(case_url).text

        def finished_page():
            text = browser.get(case_url).text
            return text if 'id="ranking"' in text else None

        page = wait_for(finished_page)

    case = Case.objects.get()
    assert case.status == Case.Status.DONE
    ranked = [entry["region"] for entry in case.result["ranking"]]
    assert set(ranked) >= FOUR
    for entry in case.result["ranking"]:
        assert set(entry["criteria"]) >= {
            "customer_proximity",
            "grants",
            "venture_capital",
            "talent",
        }
    # Proof that the worker process, not this one, did the scoring.
    assert case.runs.get().worker == celery_worker_process.hostname
    assert "Task advisor.tasks.score_case[" in celery_worker_process.log()
    for name in ("Shenzhen", "Beijing", "San Francisco Bay Area", "Tokyo"):
        assert name in page
