"""Advisors keep the relocation routes current in the admin: the rows are listed and editable,
each edit is recorded, and an edit changes the dataset new scorings use."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.services.scoring import profile_recommend
from regions.dataset import dataset_current
from regions.models import RelocationRoute
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    advisor_client_fixture,
    advisor_fixture,
)

pytestmark = pytest.mark.django_db

PROFILE = {
    "sector": "robotics",
    "stage": "seed",
    "customer_type": "manufacturers",
    "markets": {"JP": 100},
    "founder_nationality": "US",
    "funding_need_usd": 150_000,
    "regions": ["tokyo", "osaka"],
}


def test_an_advisor_lists_and_edits_a_route_and_new_scorings_use_it(advisor_client, region_data):
    listing = advisor_client.get(reverse("admin:regions_relocationroute_changelist"))
    assert listing.status_code == 200
    assert "Business Manager residence status" in listing.content.decode()

    route = RelocationRoute.objects.get(slug="jp-business-manager")
    page = advisor_client.get(reverse("admin:regions_relocationroute_change", args=[route.pk]))
    assert page.status_code == 200 and 'name="minimum_capital"' in page.content.decode()

    before = profile_recommend(profile=PROFILE)
    closed = {r["route"]: r["reason"] for r in before["plan"]["closed_routes"]}
    assert closed.get("jp-business-manager") == "capital"  # 30 million yen > 150,000 USD
    version = dataset_current().version

    route.minimum_capital = 5_000_000  # the rule before 16 October 2025
    route.save()
    assert dataset_current().version != version
    after = profile_recommend(profile=PROFILE)
    assert "jp-business-manager" in {r["route"] for r in after["plan"]["visa_routes"]}
    assert route.history.count() == 2  # loaded, then edited
