"""Partners, keys and clients for the partner API tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from advisor.partners.models import Partner
from advisor.partners.services.keys import partner_create, partner_key_create


@dataclass
class PartnerWithKey:
    partner: Partner
    key: str

    def client(self) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {self.key}")
        return client


def new_partner(name: str, **fields) -> PartnerWithKey:
    partner = partner_create(name=name, **fields)
    _, key = partner_key_create(partner=partner, name="test key")
    return PartnerWithKey(partner=partner, key=key)


@pytest.fixture
def acme(db) -> PartnerWithKey:
    return new_partner("Acme Ventures")


@pytest.fixture
def rival(db) -> PartnerWithKey:
    return new_partner("Rival Capital")


@pytest.fixture
def local_webhooks(settings) -> None:
    """Webhooks may go to the test's receiver on 127.0.0.1 (production refuses private
    addresses: tests/api/test_webhook_addresses.py)."""
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True


@pytest.fixture
def api(acme) -> APIClient:
    """Acme's API client, with its key in the Authorization header."""
    return acme.client()


DROP = object()  # case_body(field=DROP) leaves the field out


def case_body(**changes) -> dict:
    """A valid case as a partner sends it, with `changes`."""
    body = {
        "startup_name": "Ohio Robotics",
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "markets": {"CN": 80, "US": 20},
    }
    body.update(changes)
    return {name: value for name, value in body.items() if value is not DROP}
