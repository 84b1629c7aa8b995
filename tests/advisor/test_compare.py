"""Compare side by side, and restricting the candidate regions from the form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.services.scoring import case_score
from regions.models import IndicatorValue
from tests.advisor.founder_support import form_data, scored_case

pytestmark = pytest.mark.django_db

NAMES = {"factory-town": "Factory Town", "capital-city": "Capital City", "island-hub": "Island Hub"}


def test_the_form_lets_a_founder_compare_only_the_regions_ticked(client, handmade_region_data):
    page = client.get(reverse("advisor:home")).content.decode()
    for slug in NAMES:
        assert f'name="regions" value="{slug}"' in page
    response = client.post(
        reverse("advisor:home"), form_data(regions=["island-hub", "capital-city"])
    )
    assert response.status_code == 302
    case = case_score(case_id=Case.objects.get().id)
    assert sorted(case.regions) == ["capital-city", "island-hub"]
    assert {entry["region"] for entry in case.result["ranking"]} == {"capital-city", "island-hub"}


def test_ticking_one_region_is_refused_beside_the_field(client, handmade_region_data):
    response = client.post(reverse("advisor:home"), form_data(regions=["island-hub"]))
    page = response.content.decode()
    assert response.status_code == 200 and not Case.objects.exists()
    assert '<p class="error" id="regions-error">Choose at least two regions to compare' in page


def test_two_regions_side_by_side_show_every_figure_with_its_source_and_year(
    client, handmade_region_data
):
    case = scored_case()
    chosen = [entry["region"] for entry in case.result["ranking"][:2]]
    response = client.get(reverse("advisor:case-compare", args=[case.id]), {"region": chosen})
    assert response.status_code == 200
    page = response.content.decode()
    table = page.split('id="comparison"')[1].split("</table>")[0]
    heads = re.findall(r'<th scope="col" data-region="([a-z-]+)">', table)
    assert heads == chosen
    ranked = {entry["region"]: entry for entry in case.result["ranking"]}
    scores = re.findall(r'<tr class="criterion-row">.*?</tr>', table, re.S)
    assert len(scores) == len(CRITERIA)
    for criterion, row in zip(CRITERIA, scores, strict=True):
        shown = [int(value) for value in re.findall(r"<strong>(\d+)</strong>", row)]
        expected = [round(ranked[region]["criteria"][criterion]) for region in chosen]
        assert all(abs(a - b) <= 1 for a, b in zip(shown, expected, strict=True)), criterion
    pay = IndicatorValue.objects.get(region__slug=chosen[0], indicator__slug="engineer_cost_usd")
    row = table.split("Engineer annual pay")[1].split("</tr>")[0]
    assert pay.source_name in row and str(pay.year) in row
    assert row.count('class="figure-value"') == 2


@pytest.mark.parametrize("count", [1, 4])
def test_a_comparison_needs_two_to_four_regions_of_the_ranking(client, handmade_region_data, count):
    case = scored_case()
    regions = [entry["region"] for entry in case.result["ranking"]]
    chosen = (regions * 2)[:count] if count == 1 else [*regions, "atlantis"]
    response = client.get(reverse("advisor:case-compare", args=[case.id]), {"region": chosen})
    assert response.status_code == 400
    assert "Choose two to four of the regions in your ranking" in response.content.decode()


def test_the_case_page_offers_the_comparison(client, handmade_region_data):
    case = scored_case()
    page = client.get(reverse("advisor:case", args=[case.id])).content.decode()
    form = page.split('id="compare-form"')[1].split("</form>")[0]
    assert f'action="{reverse("advisor:case-compare", args=[case.id])}"' in page
    assert form.count('name="region"') == len(case.result["ranking"])
