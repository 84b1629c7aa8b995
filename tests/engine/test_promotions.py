"""A region's standing in a stored result, with its promotion (advisor.engine.promotions)."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from advisor.engine import recommend
from advisor.engine.promotions import stored_standing
from advisor.engine.vocabulary import CRITERIA
from tests.engine.conftest import profile


@pytest.fixture
def result(model):
    """A result as a case stores it (through JSON)."""
    return json.loads(json.dumps(recommend(model, profile(), samples=200)))


def test_the_winner_stands_first_with_no_gap_and_nothing_to_change(model, result):
    winner = result["recommendation"]
    standing = stored_standing(result, winner, model)
    assert (standing.rank, standing.gap, standing.promotion) == (1, 0.0, None)
    assert standing.winner == winner


def test_a_runner_up_stands_at_its_rank_with_its_gap(model, result):
    entry = result["ranking"][1]
    standing = stored_standing(result, entry["region"], model)
    assert standing.rank == 2
    assert standing.score == entry["score"]
    assert standing.gap == round(result["ranking"][0]["score"] - entry["score"], 2)


def test_a_listed_region_takes_its_promotion_from_the_results_promotions(model, result):
    listed = copy.deepcopy(result)
    region = listed["promotions"][0]["region"]
    listed["promotions"][0]["weight"] = {"criterion": "grants", "from": 0.2, "to": 0.9}
    assert stored_standing(listed, region, model).promotion == listed["promotions"][0]


def test_an_unlisted_region_gets_the_promotion_computed_from_the_stored_scores(model, result):
    region = result["promotions"][0]["region"]
    unlisted = {**result, "promotions": []}
    promotion = stored_standing(unlisted, region, model).promotion
    stored = result["promotions"][0]
    # The same change as the engine found at full precision, to the stored scores' rounding.
    assert promotion["region"] == region
    assert promotion["weight"]["criterion"] == stored["weight"]["criterion"]
    assert promotion["weight"]["to"] == pytest.approx(stored["weight"]["to"], rel=0.02)
    assert promotion["figure"] == stored["figure"]
    # Put in place of the weight and normalised, it makes the region first on the stored scores.
    weights = {**result["weights"], promotion["weight"]["criterion"]: promotion["weight"]["to"]}
    vector = np.array([weights[c] for c in CRITERIA])
    vector /= vector.sum()
    totals = [
        float(np.array([entry["criteria"][c] for c in CRITERIA]) @ vector)
        for entry in result["ranking"]
    ]
    column = [entry["region"] for entry in result["ranking"]].index(region)
    assert int(np.argmax(totals)) == column


def test_without_the_dataset_a_computed_promotion_has_no_figure_part(model, result):
    region = result["promotions"][0]["region"]
    promotion = stored_standing({**result, "promotions": []}, region, None).promotion
    assert promotion["figure"] is None
    assert (
        promotion["weight"]
        == stored_standing({**result, "promotions": []}, region, model).promotion["weight"]
    )


def test_a_region_the_result_did_not_compare_has_no_standing(model, result):
    assert stored_standing(result, "atlantis", model) is None
    assert stored_standing({}, result["recommendation"], model) is None
