"""recommend_many: the batch path the bulk API and the scoring of many cases share."""

from __future__ import annotations

from advisor.engine import InvalidInput, recommend, recommend_many
from tests.engine.conftest import profile


def test_each_result_of_a_batch_is_the_result_of_its_profile_alone(model):
    profiles = [
        profile(),
        profile(sector="biotech", stage="growth", markets={"US": 100}),
        profile(regions=["island-hub", "factory-town"]),
        profile(customer_type="government", markets={"JP": 50, "CN": 50}),
    ]
    results = recommend_many(model, profiles, samples=300)
    assert results == [recommend(model, one, samples=300) for one in profiles]


def test_a_refused_profile_gets_its_error_in_its_place_and_the_others_are_scored(model):
    profiles = [profile(), profile(markets={"CN": 60}), profile(regions=["atlantis"])]
    results = recommend_many(model, profiles, samples=100)
    assert results[0] == recommend(model, profiles[0], samples=100)
    assert isinstance(results[1], InvalidInput) and isinstance(results[2], InvalidInput)
