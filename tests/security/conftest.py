"""Fixtures the security tests share with the founder-page and API tests."""

import pytest
from rest_framework.test import APIClient

from advisor.partners.models import Partner
from tests.advisor.conftest import handmade_region_data  # noqa: F401
from tests.api.conftest import acme, rival  # noqa: F401


@pytest.fixture
def partner(acme) -> APIClient:  # noqa: F811 (acme: the fixture imported above)
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="100000/min")
    return acme.client()
