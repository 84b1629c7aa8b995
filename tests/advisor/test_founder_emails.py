"""The case link by email, a second message on review, and renewing the link: over a real SMTP
server (aiosmtpd on a local port), through Django's SMTP backend."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from advisor.models import Case
from advisor.services.notifications import case_link_send, case_review_send
from advisor.services.reviews import case_accept
from advisor.services.scoring import case_score
from tests.advisor.founder_support import (  # noqa: F401 (compiled_translations: a fixture)
    compiled_translations,
    form_data,
    in_chinese,
)
from tests.smtp import SMTP_PORT, body_of, start_smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    controller, inbox = start_smtp_server()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", SMTP_PORT
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://advisor.example"
    yield inbox
    controller.stop()


def submitted(client, **changes) -> Case:
    response = client.post(reverse("advisor:home"), form_data(**changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Case.objects.get()


def test_the_founder_gets_the_case_link_by_email(client, handmade_region_data, smtp):
    case = submitted(client, founder_email="ada@example.com")
    assert case.founder_email == "ada@example.com" and case.founder_language == "en"
    assert case_link_send(case_id=case.id) is True
    [message] = smtp.wait_for(1)
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Your relocation report for Acme Robotics"
    link = f"https://advisor.example{reverse('advisor:case', args=[case.id])}"
    assert link in body_of(message)


def test_a_second_message_goes_out_when_an_advisor_reviews_the_case(
    client, handmade_region_data, smtp
):
    case = submitted(client, founder_email="ada@example.com")
    assert case_review_send(case_id=case.id) is False  # nothing to say before a review
    case_score(case_id=case.id)
    advisor = get_user_model().objects.create_user("reviewer", is_staff=True)
    case_accept(case_id=case.id, by=advisor)
    assert case_review_send(case_id=case.id) is True
    [message] = smtp.wait_for(1)
    assert message["Subject"] == "An advisor has reviewed Acme Robotics"
    assert reverse("advisor:case", args=[case.id]) in body_of(message)


@pytest.mark.usefixtures("compiled_translations")
def test_a_founder_who_wrote_in_chinese_gets_chinese_email(client, handmade_region_data, smtp):
    in_chinese(client)
    case = submitted(client, founder_email="li@example.com")
    assert case.founder_language == "zh-hans"
    case_link_send(case_id=case.id)
    [message] = smtp.wait_for(1)
    assert message["Subject"] == "您的 Acme Robotics 迁址报告"
    assert "私密链接" in body_of(message)


def test_no_email_is_sent_without_an_address(client, handmade_region_data, smtp):
    case = submitted(client)
    assert case.founder_email == "" and case_link_send(case_id=case.id) is False
    assert smtp.messages == []


def test_a_wrong_email_address_is_refused_beside_its_field(client, handmade_region_data):
    response = client.post(reverse("advisor:home"), form_data(founder_email="not-an-address"))
    assert response.status_code == 200 and not Case.objects.exists()
    assert 'id="id_founder_email-error"' in response.content.decode()


def test_renewing_the_link_gives_a_new_one_and_the_old_one_answers_404(
    client, handmade_region_data, smtp
):
    case = submitted(client, founder_email="ada@example.com")
    case = case_score(case_id=case.id)
    old = reverse("advisor:case", args=[case.id])
    assert client.get(old).status_code == 200
    response = client.post(reverse("advisor:case-renew-link", args=[case.id]))
    case.refresh_from_db()
    assert case.link is not None and case.link != case.id
    new = reverse("advisor:case", args=[case.link])
    assert response.status_code == 302 and response["Location"].startswith(new)
    assert client.get(old).status_code == 404
    assert client.get(reverse("advisor:case-status", args=[case.id])).status_code == 404
    page = client.get(response["Location"]).content.decode()
    assert "This is your case&#x27;s new link" in page or "This is your case's new link" in page
    assert re.search(rf'action="{reverse("advisor:case-renew-link", args=[case.link])}"', page)
    # the new link, by email
    assert case_link_send(case_id=case.id) is True
    [message] = smtp.wait_for(1)
    assert f"https://advisor.example{new}" in body_of(message)
    assert old not in body_of(message)
    # renewing again retires the second link too
    client.post(reverse("advisor:case-renew-link", args=[case.link]))
    assert client.get(new).status_code == 404
