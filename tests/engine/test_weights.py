from __future__ import annotations

import numpy as np
import pytest

from advisor.engine import InvalidInput, recommend
from advisor.engine.vocabulary import CRITERIA, SECTORS, STAGES
from tests.engine.conftest import profile


def test_default_weights_average_one_for_every_sector_and_stage(model):
    assert model.default_weights.shape == (len(SECTORS), len(STAGES), len(CRITERIA))
    assert np.allclose(model.default_weights.mean(axis=-1), 1.0)


def test_early_stages_lean_on_grants_and_later_stages_on_customers(model):
    weights = {
        stage: recommend(model, profile(stage=stage), samples=0)["weights"]
        for stage in ("pre_seed", "growth")
    }
    assert weights["pre_seed"]["grants"] > weights["growth"]["grants"]
    assert weights["growth"]["customer_proximity"] > weights["pre_seed"]["customer_proximity"]


def test_sector_multipliers_shift_the_defaults(model):
    chips = recommend(model, profile(sector="semiconductors"), samples=0)["weights"]
    software = recommend(model, profile(sector="enterprise_software"), samples=0)["weights"]
    assert chips["policy_risk"] > software["policy_risk"]


def test_weights_given_are_normalised_and_the_others_keep_their_default(model):
    default = recommend(model, profile(), samples=0)["weights"]
    doubled = recommend(model, profile(weights={"venture_capital": 4}), samples=0)["weights"]
    assert sum(doubled.values()) == pytest.approx(1.0)
    assert doubled["venture_capital"] > default["venture_capital"]
    ratio = doubled["talent"] / doubled["cost"]
    assert ratio == pytest.approx(default["talent"] / default["cost"], rel=1e-4)


def test_the_total_is_the_weighted_sum_of_the_criteria(model):
    result = recommend(model, profile(weights={"cost": 0, "grants": 3}), samples=0)
    for entry in result["ranking"]:
        weighted = sum(result["weights"][c] * entry["criteria"][c] for c in CRITERIA)
        assert entry["score"] == pytest.approx(weighted, abs=0.02)


def test_a_criterion_weighted_zero_does_not_move_the_ranking(model):
    result = recommend(
        model, profile(weights={c: (1 if c == "cost" else 0) for c in CRITERIA}), samples=0
    )
    costs = [entry["criteria"]["cost"] for entry in result["ranking"]]
    assert costs == sorted(costs, reverse=True)


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({c: 0 for c in CRITERIA}, "at least one criterion needs a weight above zero"),
        ({"beauty": 1}, "unknown criterion 'beauty'"),
        ({"cost": -1}, "weight for cost must be between 0"),
        ({"cost": "lots"}, "weight for cost must be a number"),
        ({"cost": float("nan")}, "weight for cost must be between 0"),
    ],
)
def test_unusable_weights_are_refused_with_a_clear_message(model, weights, message):
    with pytest.raises(InvalidInput, match=message) as error:
        recommend(model, profile(weights=weights))
    assert error.value.field == "weights"
