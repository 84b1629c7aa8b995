"""Email through the real queue: a founder who gives an address gets the case link, then a second
message when an advisor reviews the case; the worker sends both over SMTP to a real local server
(aiosmtpd), with the settings it reads from its environment (EMAIL_URL, SITE_URL)."""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from advisor.models import Case
from advisor.services.reviews import case_accept
from tests.advisor.founder_support import form_data
from tests.smtp import body_of, start_smtp_server
from tests.worker import start_worker_process

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PORT = 16626


def wait_for(predicate, timeout=60.0, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def mailing_worker(transactional_db, request):
    controller, inbox = start_smtp_server(PORT)
    worker = start_worker_process(
        name=request.node.name,
        extra_env={"EMAIL_URL": f"smtp://127.0.0.1:{PORT}", "SITE_URL": "https://advisor.example"},
    )
    yield inbox
    worker.stop()
    controller.stop()


def test_the_worker_emails_the_link_then_the_review(client, mailing_worker):
    call_command("load_regions", stdout=io.StringIO())
    response = client.post(reverse("advisor:home"), form_data(founder_email="ada@example.com"))
    assert response.status_code == 302
    case = Case.objects.get()
    [link] = mailing_worker.wait_for(1)
    assert link["To"] == "ada@example.com"
    address = f"https://advisor.example{reverse('advisor:case', args=[case.id])}"
    assert address in body_of(link)

    wait_for(lambda: Case.objects.filter(id=case.id, status=Case.Status.DONE).exists())
    advisor = get_user_model().objects.create_user("reviewer", is_staff=True)
    case_accept(case_id=case.id, by=advisor)
    messages = mailing_worker.wait_for(2)
    assert messages[1]["Subject"] == "An advisor has reviewed Acme Robotics"
    assert address in body_of(messages[1])
