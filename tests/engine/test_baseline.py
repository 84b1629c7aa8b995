"""Stay or move: the current location scored as the baseline, and the move's cost."""

from __future__ import annotations

import pytest

from advisor.engine import prepare, recommend
from advisor.engine.vocabulary import CRITERIA
from tests.engine import handmade
from tests.engine.conftest import profile


@pytest.fixture
def model():
    return prepare(handmade.dataset())


def test_a_current_location_in_the_dataset_is_scored_as_the_baseline(model):
    result = recommend(model, profile(current_location="capital-city"), samples=0)
    assert result["recommendation"] == "factory-town"
    baseline = result["baseline"]
    here = next(entry for entry in result["ranking"] if entry["region"] == "capital-city")
    there = result["ranking"][0]
    assert baseline["kind"] == "region" and baseline["score"] == pytest.approx(here["score"])
    assert baseline["criteria"] == pytest.approx(here["criteria"])
    for criterion in CRITERIA:  # the recommendation's points over staying, criterion by criterion
        expected = (there["criteria"][criterion] - here["criteria"][criterion]) * result["weights"][
            criterion
        ]
        assert baseline["difference"][criterion] == pytest.approx(expected, abs=0.02)
    assert baseline["gain"] == pytest.approx(there["score"] - here["score"], abs=0.02)
    assert baseline["stay"] is False


def test_the_move_cost_is_the_documented_assumption_for_the_stage_and_the_border(model):
    params = model.params
    moved = recommend(model, profile(current_location="capital-city"), samples=0)["baseline"]
    people = params["move.team_seed"]
    assert moved["move"] == {
        "one_off_usd": people * params["move.abroad_cost_per_person_usd"]
        + params["move.abroad_entity_usd"],
        "weeks": params["move.abroad_weeks"],
        "people": people,
        "abroad": True,
        "basis": "assumption",
    }


def test_a_country_only_location_is_scored_as_its_regions_and_moves_within_it(model):
    result = recommend(model, profile(current_location="Shantou, CN"), samples=0)
    baseline = result["baseline"]
    assert baseline["kind"] == "country" and baseline["country"] == "CN"
    assert baseline["approximated_by"] == ["factory-town"]
    assert result["recommendation"] == "factory-town"
    # the country's figure is the recommendation's own: not a reason to stay, a move at home
    assert baseline["stay"] is False
    assert baseline["move"]["abroad"] is False
    assert baseline["move"]["weeks"] == model.params["move.domestic_weeks"]


def test_a_country_the_data_does_not_cover_has_a_move_cost_but_no_score(model):
    baseline = recommend(model, profile(current_location="DE"), samples=0)["baseline"]
    assert baseline["kind"] == "country" and baseline["score"] is None
    assert baseline["approximated_by"] == [] and baseline["move"]["abroad"] is True


def test_staying_is_the_answer_when_the_founder_is_already_in_the_recommended_region(model):
    baseline = recommend(model, profile(current_location="Factory Town"), samples=0)["baseline"]
    assert baseline["stay"] is True and baseline["move"] is None and baseline["gain"] == 0


def test_the_baseline_is_scored_even_when_it_is_not_among_the_regions_compared(model):
    result = recommend(
        model,
        profile(current_location="island-hub", regions=["factory-town", "capital-city"]),
        samples=0,
    )
    everywhere = recommend(model, profile(), samples=0)
    island = next(entry for entry in everywhere["ranking"] if entry["region"] == "island-hub")
    assert result["baseline"]["score"] == pytest.approx(island["score"])


def test_text_that_names_no_region_or_country_gives_no_baseline(model):
    assert (
        recommend(model, profile(current_location="Columbus, Ohio"), samples=0)["baseline"] is None
    )
    assert recommend(model, profile(), samples=0)["baseline"] is None
