"""The API agrees with the product's other faces: the `recommend --json` command prints the same
result, an advisor's decision in the admin is the case's `review`, and a webhook secret rotated in
the admin is the one a partner's receiver verifies with."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from advisor.partners.models import Partner, WebhookMessage
from advisor.partners.webhooks.delivery import webhook_deliver
from advisor.services.advisors import advisor_ensure
from advisor.services.scoring import case_score
from tests.api.conftest import case_body
from tests.api.receiver import running_receiver

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
PASSWORD = "correct-horse-battery-staple-42"


def recommend_json(*options: str) -> dict:
    out = io.StringIO()
    call_command("recommend", *options, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("body", "options"),
    [
        (
            case_body(),
            [
                "--sector=robotics",
                "--stage=seed",
                "--customer-type=manufacturers",
                "--market=CN=80",
                "--market=US=20",
            ],
        ),
        (
            case_body(
                sector="fintech",
                stage="series_a",
                customer_type="enterprises",
                markets={"US": 50, "EU": 30, "SEA": 20},
                weights={"venture_capital": 2, "cost": 0.5},
                regions=["sf-bay-area", "london", "singapore", "tokyo"],
            ),
            [
                "--sector=fintech",
                "--stage=series_a",
                "--customer-type=enterprises",
                "--market=US=50",
                "--market=EU=30",
                "--market=SEA=20",
                "--weight=venture_capital=2",
                "--weight=cost=0.5",
                "--region=sf-bay-area",
                "--region=london",
                "--region=singapore",
                "--region=tokyo",
            ],
        ),
    ],
    ids=["defaults", "weights-and-regions"],
)
def test_the_result_is_exactly_what_manage_py_recommend_json_prints(
    api, region_data, body, options
):
    case_id = api.post(CASES, body, format="json").json()["id"]
    case_score(case_id=case_id)
    result = api.get(f"{CASES}{case_id}/").json()["result"]
    assert result == recommend_json(*options)


@pytest.fixture
def advisor_client(client, db):
    client.force_login(advisor_ensure(username="ada", password=PASSWORD))
    return client


def test_an_override_made_in_the_admin_is_the_cases_review_in_the_api(
    api, advisor_client, region_data
):
    case_id = api.post(CASES, case_body(), format="json").json()["id"]
    case = case_score(case_id=case_id)
    runner_up = case.result["ranking"][1]["region"]
    assert api.get(f"{CASES}{case_id}/").json()["review"] is None

    response = advisor_client.post(
        reverse("admin:advisor_case_override", args=[case_id]),
        {"region": runner_up, "reason": "Their pilot customer is there."},
    )
    assert response.status_code == 302

    shown = api.get(f"{CASES}{case_id}/").json()
    assert shown["recommendation"] == case.recommendation  # the engine's answer stays
    review = shown["review"]
    assert review["decision"] == "overridden"
    assert review["region"] == runner_up
    assert review["reason"] == "Their pilot customer is there."
    assert review["reviewed_at"] is not None


def test_an_acceptance_made_in_the_admin_is_the_cases_review_in_the_api(
    api, advisor_client, region_data
):
    case_id = api.post(CASES, case_body(), format="json").json()["id"]
    case = case_score(case_id=case_id)
    advisor_client.post(reverse("admin:advisor_case_accept", args=[case_id]))
    review = api.get(f"{CASES}{case_id}/").json()["review"]
    assert (review["decision"], review["region"], review["reason"]) == (
        "accepted",
        case.recommendation,
        "",
    )


@pytest.fixture
def operator_client(client, db):
    user = get_user_model().objects.create_superuser("ops", "ops@example.com", PASSWORD)
    client.force_login(user)
    return client


def rotate_in_the_admin(operator_client, partner: Partner) -> str:
    response = operator_client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "rotate_webhook_secret", "_selected_action": [partner.pk]},
        follow=True,
    )
    (secret,) = (
        re.search(r"(whsec_\S+) ", str(message)).group(1)
        for message in response.context["messages"]
        if "New webhook secret" in str(message)
    )
    return secret


def test_a_secret_rotated_in_the_admin_signs_the_next_webhooks_alongside_the_old_one(
    api, acme, operator_client, region_data, local_webhooks, django_capture_on_commit_callbacks
):
    old = acme.partner.webhook_secret
    new = rotate_in_the_admin(operator_client, acme.partner)
    assert new != old

    def finish_a_case(url: str) -> WebhookMessage:
        case_id = api.post(CASES, case_body(callback_url=url), format="json").json()["id"]
        with (
            mock.patch("advisor.partners.tasks.deliver_webhook.apply_async"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            case_score(case_id=case_id)
        return WebhookMessage.objects.get(case_id=case_id)

    # A receiver that already has the new secret, and one still on the old: both verify
    # during the grace period.
    with running_receiver([new]) as updated, running_receiver([old]) as lagging:
        webhook_deliver(message_id=finish_a_case(updated.url).id)
        webhook_deliver(message_id=finish_a_case(lagging.url).id)
        (on_new,) = updated.wait_for(1)
        (on_old,) = lagging.wait_for(1)
    assert on_new.verified_with == [new]
    assert on_old.verified_with == [old]

    # After the grace period only the new secret signs: a receiver on the old one refuses.
    Partner.objects.filter(id=acme.partner.id).update(
        secret_rotated_at=timezone.now() - timedelta(days=2)
    )
    with running_receiver([old, new]) as receiver:
        webhook_deliver(message_id=finish_a_case(receiver.url).id)
        (late,) = receiver.wait_for(1)
    assert late.verified_with == [new]
    assert len(late.headers["webhook-signature"].split(" ")) == 1
