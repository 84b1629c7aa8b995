"""The partner API for real: HTTP to a live server, PostgreSQL, Redis, a `celery worker`
process that scores and delivers webhooks, and a real HTTP receiver verifying signatures."""

from __future__ import annotations

import io
import time

import httpx
import pytest
from django.core.management import call_command

from advisor.models import Case, ScoringRun
from advisor.partners.models import WebhookDelivery, WebhookMessage
from advisor.services.scoring import profile_recommend
from tests.api.conftest import case_body, new_partner
from tests.api.receiver import running_receiver
from tests.api.test_bulk import varied_cases
from tests.worker import start_worker_process

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=60.0, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def worker(transactional_db, live_server, local_webhooks, request):
    """A real worker whose webhook retries come quickly, whose links point at the live server and
    which may deliver to the test's receiver on 127.0.0.1 (as the live server may accept it)."""
    process = start_worker_process(
        name=request.node.name,
        extra_env={
            "WEBHOOK_RETRY_BASE": "0.5",
            "SITE_URL": live_server.url,
            "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",
        },
    )
    yield process
    process.stop()


def test_a_case_goes_from_submission_to_done_to_a_verified_webhook_retried_once(
    live_server, worker
):
    call_command("load_regions", stdout=io.StringIO())
    acme = new_partner("Acme Ventures")
    headers = {"Authorization": f"Api-Key {acme.key}"}
    with (
        running_receiver([acme.partner.webhook_secret], answers=[500]) as receiver,
        httpx.Client(base_url=live_server.url, headers=headers, timeout=10) as api,
    ):
        submitted = api.post("/api/v1/cases/", json=case_body(callback_url=receiver.url))
        assert submitted.status_code == 202, submitted.text
        location = submitted.headers["location"]
        assert location == f"{live_server.url}/api/v1/cases/{submitted.json()['id']}/"

        done = wait_for(lambda: (body := api.get(location).json())["status"] == "done" and body)
        failed_first, delivered = receiver.wait_for(2)

    assert done["result"]["recommendation"] == done["result"]["ranking"][0]["region"]
    profile = {k: case_body()[k] for k in ("sector", "stage", "customer_type", "markets")}
    assert done["result"]["ranking"] == profile_recommend(profile=profile)["ranking"]
    case = Case.objects.get()
    assert case.runs.get().worker == worker.hostname  # the worker process scored it

    assert failed_first.answered == 500 and delivered.answered == 200
    assert delivered.verified_with == [acme.partner.webhook_secret]
    assert delivered.headers["webhook-id"] == failed_first.headers["webhook-id"]
    assert delivered.payload["type"] == "case.done"
    assert delivered.payload["data"] == done
    message = wait_for(
        lambda: WebhookMessage.objects.filter(status=WebhookMessage.Status.DELIVERED).first()
    )
    attempts = WebhookDelivery.objects.filter(message=message).order_by("attempt")
    assert [(a.attempt, a.status_code) for a in attempts] == [(1, 500), (2, 200)]
    assert "Task advisor.tasks.deliver_webhook[" in worker.log()


def test_a_bulk_batch_is_scored_by_one_task_in_a_real_worker_and_every_case_sends_its_webhook(
    live_server, worker
):
    call_command("load_regions", stdout=io.StringIO())
    acme = new_partner("Acme Ventures")
    headers = {"Authorization": f"Api-Key {acme.key}"}
    cases = varied_cases(40)
    with (
        running_receiver([acme.partner.webhook_secret]) as receiver,
        httpx.Client(base_url=live_server.url, headers=headers, timeout=30) as api,
    ):
        answer = api.post(
            "/api/v1/cases/bulk/", json={"cases": cases, "callback_url": receiver.url}
        )
        assert answer.status_code == 202, answer.text
        batch = answer.json()
        assert batch["accepted"] == 40

        def all_done():
            page = api.get(batch["cases_url"], params={"status": "done", "page_size": 100}).json()
            return page["count"] == 40

        wait_for(all_done)
        received = receiver.wait_for(40)

    log = worker.log()
    assert log.count("Task advisor.tasks.score_cases[") >= 1
    assert (
        sum(
            "advisor.tasks.score_cases[" in line and "received" in line for line in log.splitlines()
        )
        == 1
    )
    assert "Task advisor.tasks.score_case[" not in log
    assert set(ScoringRun.objects.values_list("worker", flat=True)) == {worker.hostname}
    assert all(r.verified_with == [acme.partner.webhook_secret] for r in received)
    assert {r.payload["data"]["id"] for r in received} == set(batch["ids"])
    first = Case.objects.get(id=batch["ids"][0])
    profile = {
        k: cases[0].get(k)
        for k in ("sector", "stage", "customer_type", "markets", "weights", "regions")
    }
    assert first.result["ranking"] == profile_recommend(profile=profile)["ranking"]
