"""Partners in the admin: keys created and revoked, secrets rotated, deliveries visible."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_api_key.models import APIKey

from advisor.partners.models import Partner, PartnerAPIKey, WebhookDelivery, WebhookMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("ops", "ops@example.com", "a-long-password-42")
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client.get("/api/v1/vocabulary/").status_code == 200


def test_a_key_created_in_the_admin_is_shown_once_and_stored_hashed(staff_client, acme):
    add = reverse("admin:partners_partnerapikey_add")
    form = staff_client.get(add, {"partner": acme.partner.pk})
    assert form.status_code == 200
    response = staff_client.post(
        add, {"name": "production", "partner": acme.partner.pk}, follow=True
    )
    (message,) = [m for m in messages_of(response) if "The API key for" in m]
    key = re.search(r"The API key for production is: (\S+)\.", message).group(1)
    stored = PartnerAPIKey.objects.get(name="production")
    assert stored.partner == acme.partner
    assert key.split(".")[1] not in stored.hashed_key
    assert works(key)
    # Never again: the key's page shows its prefix only.
    page = staff_client.get(reverse("admin:partners_partnerapikey_change", args=[stored.pk]))
    assert key not in page.content.decode()


def test_revoking_keys_in_the_admin_locks_them_out(staff_client, acme):
    stored = PartnerAPIKey.objects.get(partner=acme.partner)
    response = staff_client.post(
        reverse("admin:partners_partnerapikey_changelist"),
        {"action": "revoke_keys", "_selected_action": [stored.pk]},
        follow=True,
    )
    assert "1 key(s) revoked." in messages_of(response)
    assert not works(acme.key)


def test_rotating_a_partners_secret_shows_the_new_one_once_and_keeps_the_old_for_a_while(
    staff_client, acme
):
    old = acme.partner.webhook_secret
    response = staff_client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "rotate_webhook_secret", "_selected_action": [acme.partner.pk]},
        follow=True,
    )
    partner = Partner.objects.get(pk=acme.partner.pk)
    assert partner.webhook_secret != old
    assert partner.previous_webhook_secret == old
    assert partner.secret_rotated_at is not None
    assert any(partner.webhook_secret in message for message in messages_of(response))
    page = staff_client.get(
        reverse("admin:partners_partner_change", args=[partner.pk])
    ).content.decode()
    assert partner.webhook_secret not in page  # masked after that


def test_a_partner_added_in_the_admin_is_shown_its_webhook_secret_once(staff_client):
    response = staff_client.post(
        reverse("admin:partners_partner_add"),
        {
            "name": "Tokyo IPA",
            "is_active": "on",
            "webhook_url": "https://ipa.example/hooks",
            "throttle_rate": "",
            "api_keys-TOTAL_FORMS": "0",
            "api_keys-INITIAL_FORMS": "0",
            "api_keys-MIN_NUM_FORMS": "0",
            "api_keys-MAX_NUM_FORMS": "1000",
        },
        follow=True,
    )
    partner = Partner.objects.get(name="Tokyo IPA")
    assert any(partner.webhook_secret in message for message in messages_of(response))
    page = staff_client.get(reverse("admin:partners_partner_change", args=[partner.pk]))
    assert partner.webhook_secret not in page.content.decode()


def test_every_delivery_attempt_is_visible_on_the_webhooks_page(staff_client, acme):
    message = WebhookMessage.objects.create(
        partner=acme.partner, event_type="case.done", url="https://acme.example/h", body="{}"
    )
    now = timezone.now()
    for attempt, status in [(1, 500), (2, 200)]:
        WebhookDelivery.objects.create(
            message=message,
            attempt=attempt,
            url=message.url,
            status_code=status,
            started_at=now,
            finished_at=now,
            duration_ms=12.5,
        )
    listing = staff_client.get(reverse("admin:partners_webhookmessage_changelist"))
    assert message.message_id in listing.content.decode()
    page = staff_client.get(reverse("admin:partners_webhookmessage_change", args=[message.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "500" in html and "200" in html
    attempts = staff_client.get(reverse("admin:partners_webhookdelivery_changelist"))
    assert attempts.status_code == 200


def test_partners_list_and_the_unused_package_key_model_is_hidden(staff_client, acme):
    listing = staff_client.get(reverse("admin:partners_partner_changelist"))
    assert "Acme Ventures" in listing.content.decode()
    assert not admin.site.is_registered(APIKey)


def test_the_case_links_and_batches_pages_open(staff_client, api, region_data):
    from tests.api.conftest import case_body

    api.post("/api/v1/cases/bulk/", {"cases": [case_body()]}, format="json")
    for model in ("partnercase", "partnerbatch"):
        listing = staff_client.get(reverse(f"admin:partners_{model}_changelist"))
        assert listing.status_code == 200
        first = listing.context["cl"].result_list[0]
        page = staff_client.get(reverse(f"admin:partners_{model}_change", args=[first.pk]))
        assert page.status_code == 200


def test_batch_jobs_are_listed_with_a_progress_bar_and_can_be_cancelled(
    staff_client, acme, region_data, settings
):
    from advisor.partners.models import BatchJob
    from advisor.partners.services.batches import batch_chunk_score
    from tests.batch_support import profiles_csv

    settings.BATCH_CHUNK_ROWS = 10
    upload = acme.client().generic(
        "POST", "/api/v1/batches/", profiles_csv(40), content_type="text/csv"
    )
    job = BatchJob.objects.get(id=upload.json()["id"])
    batch_chunk_score(job_id=job.id, number=0)
    page = staff_client.get(reverse("admin:partners_batchjob_changelist"))
    assert page.status_code == 200
    assert re.search(r'<progress value="10" max="40"[^>]*>25%</progress>', page.content.decode())
    detail = staff_client.get(reverse("admin:partners_batchjob_change", args=[job.id]))
    assert detail.status_code == 200 and "<progress" in detail.content.decode()

    response = staff_client.post(
        reverse("admin:partners_batchjob_changelist"),
        {"action": "cancel", "_selected_action": [job.id]},
        follow=True,
    )
    assert "1 job(s) cancelled." in messages_of(response)
    job.refresh_from_db()
    assert job.status == "cancelled"
