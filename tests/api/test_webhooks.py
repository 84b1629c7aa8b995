"""Signed webhooks: scheduled when a partner's case finishes, delivered to a real HTTP receiver
that verifies them with standardwebhooks, retried with backoff, logged, secrets rotatable."""

from __future__ import annotations

import socket
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from advisor.partners.models import Partner, WebhookDelivery, WebhookMessage
from advisor.partners.webhooks.delivery import (
    webhook_deliver,
    webhook_retry_delay,
    webhooks_requeue_stale,
)
from advisor.partners.webhooks.secrets import webhook_secret_rotate
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.scoring import case_score
from tests.api.conftest import case_body
from tests.api.receiver import running_receiver

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_webhooks")]


@pytest.fixture
def queued_deliveries():
    """The delivery tasks that would be published, by message id (no broker in these tests)."""
    with mock.patch("advisor.partners.tasks.deliver_webhook.apply_async") as publish:
        yield lambda: [call.kwargs["args"][0] for call in publish.call_args_list]


def finished_case(api, django_capture_on_commit_callbacks, *, fail=False, **changes) -> str:
    case_id = api.post("/api/v1/cases/", case_body(**changes), format="json").json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        if fail:
            cases_mark_failed(case_ids=[case_id], reason="Scoring failed: the engine broke")
        else:
            case_score(case_id=case_id)
    return case_id


def test_a_finished_case_is_posted_to_its_callback_url_signed_with_the_partners_secret(
    api, acme, region_data, settings, queued_deliveries, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://testserver"
    with running_receiver([acme.partner.webhook_secret]) as receiver:
        case_id = finished_case(api, django_capture_on_commit_callbacks, callback_url=receiver.url)
        message = WebhookMessage.objects.get()
        assert queued_deliveries() == [str(message.id)]
        assert webhook_deliver(message_id=message.id) is None
        (received,) = receiver.wait_for(1)

    assert received.verified_with == [acme.partner.webhook_secret]
    assert received.headers["webhook-id"] == f"msg_{message.id.hex}"
    assert received.headers["content-type"] == "application/json"
    payload = received.payload
    assert payload["type"] == "case.done"
    assert payload["data"] == api.get(f"/api/v1/cases/{case_id}/").json()
    assert payload["data"]["result"]["recommendation"]
    message.refresh_from_db()
    assert message.status == WebhookMessage.Status.DELIVERED
    delivery = WebhookDelivery.objects.get()
    assert (delivery.attempt, delivery.status_code, delivery.url) == (1, 200, receiver.url)
    assert delivery.response_excerpt == "ok"


def test_a_failed_case_sends_a_case_failed_event(
    api, acme, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    with running_receiver([acme.partner.webhook_secret]) as receiver:
        finished_case(api, django_capture_on_commit_callbacks, fail=True, callback_url=receiver.url)
        webhook_deliver(message_id=WebhookMessage.objects.get().id)
        (received,) = receiver.wait_for(1)
    assert received.payload["type"] == "case.failed"
    assert received.payload["data"]["status"] == "failed"
    assert received.payload["data"]["failure_reason"] == "Scoring failed: the engine broke"


def test_the_partners_default_url_is_used_when_a_case_names_none(
    api, acme, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    Partner.objects.filter(id=acme.partner.id).update(webhook_url="https://acme.example/hooks")
    finished_case(api, django_capture_on_commit_callbacks)
    assert WebhookMessage.objects.get().url == "https://acme.example/hooks"


def test_no_webhook_without_a_url_to_send_it_to(
    api, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    finished_case(api, django_capture_on_commit_callbacks)
    assert not WebhookMessage.objects.exists()
    assert queued_deliveries() == []


def test_a_failed_delivery_is_retried_with_growing_delays_and_every_attempt_logged(
    api, acme, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    with running_receiver([acme.partner.webhook_secret], answers=[500, 503]) as receiver:
        finished_case(api, django_capture_on_commit_callbacks, callback_url=receiver.url)
        message = WebhookMessage.objects.get()
        first = webhook_deliver(message_id=message.id)
        second = webhook_deliver(message_id=message.id)
        third = webhook_deliver(message_id=message.id)
        received = receiver.wait_for(3)
    assert first is not None and second is not None and second > first
    assert third is None
    attempts = list(
        WebhookDelivery.objects.order_by("attempt").values_list("attempt", "status_code")
    )
    assert attempts == [(1, 500), (2, 503), (3, 200)]
    # Every attempt carries the same message id and a signature that verifies.
    assert {r.headers["webhook-id"] for r in received} == {message.message_id}
    assert all(r.verified_with == [acme.partner.webhook_secret] for r in received)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (WebhookMessage.Status.DELIVERED, 3)


def test_an_unreachable_receiver_is_logged_and_retried(
    api, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    finished_case(
        api, django_capture_on_commit_callbacks, callback_url=f"http://127.0.0.1:{port}/hook"
    )
    message = WebhookMessage.objects.get()
    assert webhook_deliver(message_id=message.id) > 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.status_code is None
    assert "ConnectError" in delivery.error
    message.refresh_from_db()
    assert message.status == WebhookMessage.Status.PENDING
    assert message.next_attempt_at > timezone.now()


def test_delivery_gives_up_after_the_last_attempt(
    api, acme, region_data, settings, queued_deliveries, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    with running_receiver([acme.partner.webhook_secret], answers=[500, 500, 500]) as receiver:
        finished_case(api, django_capture_on_commit_callbacks, callback_url=receiver.url)
        message = WebhookMessage.objects.get()
        assert webhook_deliver(message_id=message.id) is not None
        assert webhook_deliver(message_id=message.id) is None
        assert webhook_deliver(message_id=message.id) is None  # nothing more to do
        receiver.wait_for(2)
    message.refresh_from_db()
    assert message.status == WebhookMessage.Status.FAILED
    assert WebhookDelivery.objects.count() == 2


def test_retry_delays_grow_fourfold_up_to_the_cap(settings):
    settings.WEBHOOK_RETRY_BASE = 10
    settings.WEBHOOK_RETRY_MAX = 600
    for attempt, expected in [(1, 10), (2, 40), (3, 160), (4, 600), (9, 600)]:
        assert expected * 0.8 <= webhook_retry_delay(attempt) <= expected * 1.2


def test_after_a_secret_rotation_both_secrets_sign_until_the_grace_period_ends(
    api, acme, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    old = acme.partner.webhook_secret
    new = webhook_secret_rotate(partner=acme.partner)
    assert new != old and new.startswith("whsec_")
    with running_receiver([old, new]) as receiver:
        finished_case(api, django_capture_on_commit_callbacks, callback_url=receiver.url)
        finished_case(api, django_capture_on_commit_callbacks, callback_url=receiver.url)
        during, after = WebhookMessage.objects.order_by("created_at")
        webhook_deliver(message_id=during.id)
        Partner.objects.filter(id=acme.partner.id).update(
            secret_rotated_at=timezone.now() - timedelta(days=2)
        )
        webhook_deliver(message_id=after.id)
        first, second = receiver.wait_for(2)
    assert len(first.headers["webhook-signature"].split(" ")) == 2
    assert sorted(first.verified_with) == sorted([old, new])
    assert second.verified_with == [new]


def test_a_delivered_message_is_not_sent_twice(
    api, acme, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    with running_receiver([acme.partner.webhook_secret]) as receiver:
        finished_case(api, django_capture_on_commit_callbacks, callback_url=receiver.url)
        message = WebhookMessage.objects.get()
        webhook_deliver(message_id=message.id)
        webhook_deliver(message_id=message.id)
        receiver.wait_for(1)
    assert len(receiver.received) == 1
    assert WebhookDelivery.objects.count() == 1


def test_the_sweep_queues_again_messages_whose_retry_was_lost(
    api, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    finished_case(api, django_capture_on_commit_callbacks, callback_url="https://partner.example/h")
    message = WebhookMessage.objects.get()
    assert webhooks_requeue_stale() == 0  # not overdue yet
    WebhookMessage.objects.filter(id=message.id).update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    assert webhooks_requeue_stale() == 1
    assert queued_deliveries()[-1] == str(message.id)
