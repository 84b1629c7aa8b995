"""A message to the founder for real: the advisor sends it from the case page, the task goes
through Redis to a `celery worker` process, which emails it over SMTP to the founder."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.models import Case, CaseMessage
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    advisor_client_fixture,
    advisor_fixture,
    case_url,
    scored_case,
)
from tests.advisor.test_admin_rescore_worker import wait_for
from tests.smtp import body_of, start_smtp_server
from tests.worker import start_worker_process

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PORT = 16662  # not tests/smtp.py's nor test_founder_messages.py's
SITE = "https://advisor.example"


def test_a_message_from_the_case_page_reaches_the_founder_through_a_real_worker(
    request, handmade_region_data, advisor_client, settings
):
    # This process only checks that email is configured; the worker sends it.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    controller, inbox = start_smtp_server(port=PORT)
    worker = start_worker_process(
        name=request.node.name,
        extra_env={"EMAIL_URL": f"smtp://127.0.0.1:{PORT}", "SITE_URL": SITE},
    )
    try:
        case = scored_case("Worker Robotics")
        Case.objects.filter(pk=case.pk).update(founder_email="ada@example.com")
        response = advisor_client.post(
            case_url(case, "message"),
            {"subject": "Next steps", "body": "Your Shenzhen visit: shall we plan it?"},
        )
        assert response.status_code == 302
        [email] = inbox.wait_for(1)
        assert email["To"] == "ada@example.com" and email["Subject"] == "Next steps"
        text = body_of(email)
        assert "Your Shenzhen visit: shall we plan it?" in text
        assert f"{SITE}{reverse('advisor:case', args=[case.pk])}" in text
        message = CaseMessage.objects.get()
        wait_for(lambda: CaseMessage.objects.get(pk=message.pk).status == "sent")
    finally:
        worker.stop()
        controller.stop()
