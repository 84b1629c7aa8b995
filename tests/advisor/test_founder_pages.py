from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from advisor.models import Case
from advisor.services.cases import case_mark_failed, case_score, case_submit
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "startup_name": "Acme Robotics",
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "market_CN": "80",
        "market_US": "20",
    }
    data.update(changes)
    return data


def test_the_form_asks_for_the_profile_and_every_market(client, handmade_region_data):
    page = client.get(reverse("advisor:home")).content.decode()
    for name in ("startup_name", "sector", "stage", "customer_type", "market_CN", "market_OTHER"):
        assert f'name="{name}"' in page


def test_a_valid_submission_saves_the_case_and_opens_its_page(client, handmade_region_data):
    response = client.post(reverse("advisor:home"), form_data())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("advisor:case", args=[case.id])
    assert case.channel == Case.Channel.WEB and case.status == Case.Status.QUEUED


def test_shares_not_adding_up_are_explained_and_what_was_typed_is_kept(
    client, handmade_region_data
):
    response = client.post(reverse("advisor:home"), form_data(market_US="10"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "customer shares must add up to 100 (they add up to 90)" in page
    assert 'value="Acme Robotics"' in page and 'value="10"' in page
    assert not Case.objects.exists()


def test_a_missing_name_is_reported_beside_the_field(client, handmade_region_data):
    page = client.post(reverse("advisor:home"), form_data(startup_name="")).content.decode()
    assert "This field is required." in page
    assert not Case.objects.exists()


def test_a_queued_case_says_so_and_refreshes_itself(client, handmade_region_data):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    page = client.get(reverse("advisor:case", args=[case.id])).content.decode()
    assert "Queued" in page
    assert 'http-equiv="refresh"' in page


def test_a_scored_case_shows_the_recommendation_and_the_ranking(client, handmade_region_data):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    case_score(case_id=case.id)
    page = client.get(reverse("advisor:case", args=[case.id])).content.decode()
    assert "We recommend Factory Town" in page
    assert 'id="ranking"' in page and "Capital City" in page and "Island Hub" in page
    assert 'http-equiv="refresh"' not in page


def test_a_failed_case_says_why(client, handmade_region_data):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    case_mark_failed(case_id=case.id, reason="The profile cannot be scored: test")
    page = client.get(reverse("advisor:case", args=[case.id])).content.decode()
    assert "Scoring failed." in page and "The profile cannot be scored: test" in page


def test_an_unknown_case_is_not_found(client, db):
    assert client.get(reverse("advisor:case", args=[uuid.uuid4()])).status_code == 404
