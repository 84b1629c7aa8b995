"""Region data and the vocabulary, as partners read them."""

from __future__ import annotations

import pytest

from advisor.engine.vocabulary import CRITERIA, CUSTOMER_TYPES, MARKETS, SECTORS, STAGES
from regions.models import GrantProgramme, IndicatorValue, Region

pytestmark = pytest.mark.django_db

FOUR = {"shenzhen", "beijing", "sf-bay-area", "tokyo"}


def test_the_region_list_covers_every_region_with_its_address(api, region_data):
    regions = api.get("/api/v1/regions/").json()
    assert {region["slug"] for region in regions} == set(
        Region.objects.values_list("slug", flat=True)
    )
    assert {region["slug"] for region in regions} >= FOUR
    tokyo = next(region for region in regions if region["slug"] == "tokyo")
    assert tokyo["name"] == "Tokyo"
    assert tokyo["url"] == "http://testserver/api/v1/regions/tokyo/"
    assert tokyo["home_market"] == "JP"


def test_a_region_gives_every_indicator_value_with_its_source_and_year(api, region_data):
    response = api.get("/api/v1/regions/shenzhen/")
    assert response.status_code == 200
    region = response.json()
    stored = IndicatorValue.objects.filter(region__slug="shenzhen")
    assert len(region["indicators"]) == stored.count() > 0
    sample = stored.select_related("indicator").first()
    shown = next(
        value
        for value in region["indicators"]
        if value["indicator"] == sample.indicator.slug and value["qualifier"] == sample.qualifier
    )
    assert shown["value"] == sample.value
    assert shown["unit"] == sample.unit
    assert shown["source"] == {
        "name": sample.source_name,
        "url": sample.source_url,
        "year": sample.year,
    }
    assert shown["criterion"] == sample.indicator.criterion
    assert all(
        value["source"]["name"] and value["source"]["year"] for value in region["indicators"]
    )
    programmes = GrantProgramme.objects.filter(region__slug="shenzhen")
    assert {p["name"] for p in region["grant_programmes"]} == set(
        programmes.values_list("name", flat=True)
    )
    assert all("source" in p and "currency" in p for p in region["grant_programmes"])


def test_a_region_that_does_not_exist_is_a_404(api, region_data):
    response = api.get("/api/v1/regions/atlantis/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_reading_a_region_takes_a_fixed_number_of_queries(
    api, region_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        api.get("/api/v1/regions/beijing/")


def test_the_vocabulary_is_the_engines_with_human_labels(api):
    vocabulary = api.get("/api/v1/vocabulary/").json()
    assert [term["slug"] for term in vocabulary["sectors"]] == list(SECTORS)
    assert [term["slug"] for term in vocabulary["stages"]] == list(STAGES)
    assert [term["slug"] for term in vocabulary["customer_types"]] == list(CUSTOMER_TYPES)
    assert [term["slug"] for term in vocabulary["markets"]] == list(MARKETS)
    assert [term["slug"] for term in vocabulary["criteria"]] == list(CRITERIA)
    markets = {term["slug"]: term["label"] for term in vocabulary["markets"]}
    assert markets["CN"] == "Mainland China"
