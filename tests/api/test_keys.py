"""API keys: who may call the API, and how keys are created, stored and revoked."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from advisor.partners.models import Partner, PartnerAPIKey
from advisor.partners.services.keys import partner_key_create, partner_keys_revoke

pytestmark = pytest.mark.django_db

VOCABULARY = "/api/v1/vocabulary/"


def assert_unauthenticated(response) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Api-Key realm="api"'
    body = response.json()
    assert body["status"] == 401
    assert body["title"] == "Not authenticated"
    assert body["type"].endswith("/api/problems/not-authenticated/")


def test_a_request_without_a_key_is_401_with_the_scheme_to_use(db):
    assert_unauthenticated(APIClient().get(VOCABULARY))


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key nonsense",
        "Api-Key abcdefgh.not-the-right-secret",
        "Bearer something",
        "Api-Key ",
        "Api-Key a\x00b",
    ],
)
def test_a_request_with_a_wrong_key_is_401(acme, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert_unauthenticated(client.get(VOCABULARY))


def test_a_key_that_differs_only_after_its_prefix_is_refused(acme):
    prefix, _, secret = acme.key.partition(".")
    other = "y" if secret.endswith("x") else "x"  # one in 64 keys already ends in x
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {prefix}.{secret[:-1]}{other}")
    assert_unauthenticated(client.get(VOCABULARY))


def test_a_valid_key_is_let_in(api):
    assert api.get(VOCABULARY).status_code == 200


def test_a_revoked_key_is_401(acme):
    assert acme.client().get(VOCABULARY).status_code == 200
    partner_keys_revoke(keys=PartnerAPIKey.objects.filter(partner=acme.partner))
    assert_unauthenticated(acme.client().get(VOCABULARY))


def test_an_expired_key_is_401(acme):
    PartnerAPIKey.objects.filter(partner=acme.partner).update(
        expiry_date=timezone.now() - timedelta(minutes=1)
    )
    assert_unauthenticated(acme.client().get(VOCABULARY))


def test_the_keys_of_an_inactive_partner_stop_working(acme):
    Partner.objects.filter(id=acme.partner.id).update(is_active=False)
    assert_unauthenticated(acme.client().get(VOCABULARY))


def test_keys_are_stored_hashed_never_in_the_clear(acme):
    stored = PartnerAPIKey.objects.get(partner=acme.partner)
    prefix, _, secret = acme.key.partition(".")
    assert stored.prefix == prefix
    assert secret not in stored.hashed_key
    assert secret not in stored.id
    assert stored.hashed_key.startswith("sha512$$")


def test_each_of_a_partners_keys_works_and_revoking_one_leaves_the_other(acme):
    _, other_key = partner_key_create(partner=acme.partner, name="second")
    partner_keys_revoke(keys=PartnerAPIKey.objects.filter(prefix=acme.key.split(".")[0]))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {other_key}")
    assert client.get(VOCABULARY).status_code == 200
    assert_unauthenticated(acme.client().get(VOCABULARY))


def test_create_partner_prints_the_new_key_alone_on_its_last_line(db):
    out = io.StringIO()
    call_command(
        "create_partner",
        "Shenzhen Angels",
        "--webhook-url",
        "https://angels.example/hook",
        stdout=out,
    )
    key = out.getvalue().rstrip("\n").splitlines()[-1]
    partner = Partner.objects.get(name="Shenzhen Angels")
    assert partner.webhook_url == "https://angels.example/hook"
    assert key.count(".") == 1 and " " not in key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert client.get(VOCABULARY).status_code == 200


def test_create_partner_again_issues_another_key_for_the_same_partner(db):
    first, second = io.StringIO(), io.StringIO()
    call_command("create_partner", "Tokyo IPA", stdout=first)
    call_command("create_partner", "Tokyo IPA", stdout=second)
    keys = [out.getvalue().rstrip("\n").splitlines()[-1] for out in (first, second)]
    assert keys[0] != keys[1]
    assert Partner.objects.filter(name="Tokyo IPA").count() == 1
    assert PartnerAPIKey.objects.filter(partner__name="Tokyo IPA", revoked=False).count() == 2


def test_create_partner_for_an_existing_partner_applies_the_options_given(db):
    call_command("create_partner", "Tokyo IPA", stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "create_partner",
        "Tokyo IPA",
        "--webhook-url=https://ipa.example/hooks",
        "--throttle-rate=1200/min",
        stdout=out,
    )
    partner = Partner.objects.get(name="Tokyo IPA")
    assert (partner.webhook_url, partner.throttle_rate) == ("https://ipa.example/hooks", "1200/min")
    assert "Set its webhook url to https://ipa.example/hooks." in out.getvalue()
    assert out.getvalue().rstrip("\n").splitlines()[-1].count(".") == 1  # still the key last


def test_create_partner_refuses_a_bad_rate_without_issuing_a_key(db):
    call_command("create_partner", "Tokyo IPA", stdout=io.StringIO())
    with pytest.raises(CommandError, match="rate"):
        call_command("create_partner", "Tokyo IPA", "--throttle-rate=lots", stdout=io.StringIO())
    assert PartnerAPIKey.objects.filter(partner__name="Tokyo IPA").count() == 1
