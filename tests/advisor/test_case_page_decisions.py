"""The founder's case page after scoring: what-if on weights and on the profile, what would put
each next region first, and stay or move. The worker is replaced by calling the scoring service
in-process."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case, ScoringRun
from advisor.services.cases import case_submit
from advisor.services.scoring import case_score, profile_recommend
from tests.advisor.conftest import founder_profile
from tests.advisor.founder_support import (  # noqa: F401 (compiled_translations: a fixture)
    compiled_translations,
    form_data,
    in_chinese,
    page_of,
    scored_case,
)

pytestmark = pytest.mark.django_db

# Chinese text is compared as written, full-width punctuation included.


def test_the_what_if_form_starts_from_the_weights_the_result_used(client, handmade_region_data):
    case = scored_case(weights={"grants": 2})
    page = page_of(client, case)
    assert re.search(r'name="weight_grants"[^>]*value="2(\.0)?"', page)
    assert 'method="get"' in page and 'id="what-if"' in page


def test_what_if_shows_the_new_ranking_and_keeps_the_stored_result(client, handmade_region_data):
    case = scored_case()
    stored = dict(case.result)
    query = {f"weight_{criterion}": "0" for criterion in CRITERIA} | {"weight_cost": "5"}
    page = page_of(client, case, **query)

    weights = {criterion: 0.0 for criterion in CRITERIA} | {"cost": 5.0}
    expected = profile_recommend(profile={**case.profile(), "weights": weights})
    what_if = page.split('id="what-if-ranking"')[1]
    ranked = re.findall(r'<tr data-region="([a-z-]+)"', what_if)
    assert ranked == [entry["region"] for entry in expected["ranking"]]
    assert "With these weights," in page
    # The stored ranking is still on the page, and untouched in the database.
    assert 'id="ranking"' in page
    case.refresh_from_db()
    assert case.result == stored and ScoringRun.objects.filter(case=case).count() == 1


def test_what_if_marks_the_regions_that_move(client, handmade_region_data):
    case = scored_case()
    before = [entry["region"] for entry in case.result["ranking"]]
    # Only cost counts: the cheapest region (Factory Town in the hand-made data) comes first.
    query = {f"weight_{criterion}": "0" for criterion in CRITERIA} | {"weight_cost": "1"}
    response = client.get(reverse("advisor:case-what-if", args=[case.id]), query)
    fragment = response.content.decode()
    assert response.status_code == 200 and "<html" not in fragment
    after = re.findall(r'<tr data-region="([a-z-]+)"', fragment)
    assert after[0] == "factory-town"
    if before[0] != "factory-town":
        assert "would rank first instead" in fragment and "up " in fragment
    else:
        assert "still ranks first" in fragment


def test_what_if_with_bad_weights_explains_the_problem(client, handmade_region_data):
    case = scored_case()
    page = page_of(client, case, weight_grants="-3")
    assert '<p class="error" id="id_weight_grants-error">' in page
    assert 'id="what-if-ranking"' not in page and 'id="ranking"' in page
    zeros = {f"weight_{criterion}": "0" for criterion in CRITERIA}
    fragment = client.get(reverse("advisor:case-what-if", args=[case.id]), zeros)
    assert "Give at least one criterion a weight above zero." in fragment.content.decode()


def test_what_if_is_only_offered_for_a_scored_case(client, handmade_region_data):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    assert client.get(reverse("advisor:case-what-if", args=[case.id])).status_code == 404
    assert 'id="what-if"' not in page_of(client, case, weight_grants="2")


def test_the_case_page_says_what_would_put_each_next_region_first(client, handmade_region_data):
    case = scored_case()
    page = page_of(client, case)
    section = page.split('id="what-would-change"')[1].split("</section>")[0]
    promotions = re.findall(
        r"<li>(.*?)</li>", section.split('id="promotions"')[1].split("</ul>")[0]
    )
    assert len(promotions) == len(case.result["promotions"]) >= 1
    assert promotions == [entry["text"] for entry in case.result["promotions"]]
    assert 'id="stability"' in section
    for label in [labels_of(c) for c in CRITERIA]:
        assert f'<th scope="row">{label}</th>' in section
    chart = section.split('id="rank-chart"')[1].split("</svg>")[0]
    for region, shares in case.result["rank_acceptability"].items():
        bar = chart.split(f'data-region="{region}"')[1].split("</g>")[0]
        drawn = [float(value) for value in re.findall(r'data-share="([\d.]+)"', bar)]
        assert sum(drawn) == pytest.approx(1.0, abs=1e-5)
        assert drawn[0] == pytest.approx(shares[0], abs=1e-6) or shares[0] == 0


@pytest.mark.usefixtures("compiled_translations")
def test_what_would_change_reads_in_chinese_with_spaces_around_latin_names(
    client, handmade_region_data
):
    case = scored_case()
    in_chinese(client)
    page = page_of(client, case)
    assert "需要改变什么" in page
    headline = re.search(r'<h2 id="recommendation-title">(.*?)</h2>', page).group(1)
    assert "Acme Robotics" in headline
    assert re.search(r"[\u4e00-\u9fff]Acme|Robotics[\u4e00-\u9fff]", headline) is None
    assert "建议 Acme Robotics 落户" in headline


def labels_of(criterion):
    from advisor.presentation import labels

    return str(labels.label(labels.CRITERIA, criterion))


def test_the_case_page_compares_moving_with_staying_where_the_founder_is(
    client, handmade_region_data
):
    case = case_submit(
        startup_name="Acme Robotics", profile=founder_profile(), current_location="Capital City"
    )
    case = case_score(case_id=case.id)
    baseline = case.result["baseline"]
    assert baseline["region"] == "capital-city" and not baseline["stay"]
    page = page_of(client, case)
    section = page.split('id="stay-or-move"')[1].split("</section>")[0]
    assert "Moving from Capital City to" in section
    assert "not a sourced figure" in section
    table = section.split('id="baseline"')[1]
    for criterion in CRITERIA:
        assert f'<th scope="row">{labels_of(criterion)}</th>' in table
    assert "Moving from Capital City to" in case.result["explanation"]


def test_the_case_page_says_stay_when_the_founder_is_already_in_the_recommended_region(
    client, handmade_region_data
):
    first = scored_case()
    here = {"factory-town": "Factory Town", "capital-city": "Capital City"}.get(
        first.result["recommendation"], "Island Hub"
    )
    case = case_submit(
        startup_name="Acme Robotics", profile=founder_profile(), current_location=here
    )
    case = case_score(case_id=case.id)
    page = page_of(client, case)
    section = page.split('id="stay-or-move"')[1].split("</section>")[0]
    assert f"Stay where you are: {here} is the recommendation." in section
    assert "Stay where you are" in case.result["explanation"]


def test_what_if_on_markets_stage_and_sector_reranks_without_touching_the_stored_result(
    client, handmade_region_data
):
    case = scored_case()
    stored = dict(case.result)
    query = {"market_JP": "100", "stage": "growth", "sector": "ai"}
    page = page_of(client, case, **query)
    expected = profile_recommend(
        profile={**case.profile(), "markets": {"JP": 100}, "stage": "growth", "sector": "ai"}
    )
    what_if = page.split('id="what-if-ranking"')[1]
    ranked = re.findall(r'<tr data-region="([a-z-]+)"', what_if)
    assert ranked == [entry["region"] for entry in expected["ranking"]]
    assert re.search(r'<option value="growth" selected>', page)
    case.refresh_from_db()
    assert case.result == stored and case.markets == {"CN": 80, "US": 20}


def test_a_what_if_profile_can_be_saved_as_a_new_case(client, handmade_region_data):
    case = scored_case()
    stored = dict(case.result)
    fragment = client.get(
        reverse("advisor:case-what-if", args=[case.id]), {"market_JP": "100", "stage": "growth"}
    ).content.decode()
    form = fragment.split('id="duplicate-form"')[1].split("</form>")[0]
    fields = dict(re.findall(r'<input type="hidden" name="([a-z_A-Z]+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken", None)
    assert fields == {"market_JP": "100", "stage": "growth"}
    response = client.post(reverse("advisor:case-duplicate", args=[case.id]), fields)
    assert response.status_code == 302
    copy = Case.objects.exclude(id=case.id).get()
    assert response["Location"] == reverse("advisor:case", args=[copy.id])
    assert copy.markets == {"JP": 100} and copy.stage == "growth"
    assert copy.sector == case.sector and copy.startup_name == case.startup_name
    case.refresh_from_db()
    assert case.result == stored and case.markets == {"CN": 80, "US": 20}
