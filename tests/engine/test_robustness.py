from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from advisor.engine import ProfileArrays, explain, parse_profile, prepare, recommend, score
from tests.engine import handmade
from tests.engine.conftest import profile


def test_first_place_shares_sum_to_one(model):
    result = recommend(model, profile())
    assert sum(result["robustness"].values()) == pytest.approx(1.0)
    assert result["samples"] == 10_000


def test_the_same_input_gives_the_same_robustness(model):
    assert recommend(model, profile())["robustness"] == recommend(model, profile())["robustness"]


def test_a_region_that_wins_every_criterion_ranks_first_in_every_sample():
    values = handmade.rows()["indicator_values"]
    best = {
        "gser_rank": 1,
        "vc_invested_usd_bn": 90,
        "unicorns": 200,
        "sector_strength": 1,
        "top_university_rank": 1,
        "talent_hardware_engineering": 150_000,
        "talent_software_engineering": 30_000_000,
        "talent_life_sciences": 400_000,
        "foreign_born_share": 50,
        "engineer_cost_usd": 15000,
        "office_rent_usd_m2": 100,
        "customers_manufacturers": 500,
        "customers_enterprises": 60,
        "customers_consumers": 40,
        "customers_government": 1,
    }
    for row in values:
        if row["region"] == "factory-town":
            row["value"] = best[row["indicator"]]
    # and no rule binds it (the hand-made chip controls bind robotics a little in China)
    model = prepare(handmade.dataset(indicator_values=values, policy_rules=[]))
    result = recommend(model, profile(markets={"CN": 100}))
    assert result["robustness"]["factory-town"] == 1.0


def test_a_close_race_is_reported_as_less_robust_than_a_clear_one(model):
    clear = recommend(model, profile(markets={"CN": 100}, weights={"customer_proximity": 5}))
    # customers split evenly between the markets of two regions
    close = recommend(model, profile(markets={"CN": 50, "US": 50}))
    assert (
        clear["robustness"][clear["recommendation"]] > close["robustness"][close["recommendation"]]
    )


def test_a_profile_gets_the_same_answer_alone_or_in_a_batch_in_any_order(model):
    profiles = [
        parse_profile(profile()),
        parse_profile(profile(sector="biotech", stage="growth", markets={"US": 100})),
        parse_profile(profile(customer_type="government", markets={"JP": 50, "CN": 50})),
    ]
    together = score(model, ProfileArrays.from_profiles(profiles), samples=500)
    shuffled = score(model, ProfileArrays.from_profiles(profiles[::-1]), samples=500)
    for position, single in enumerate(profiles):
        alone = score(model, ProfileArrays.from_profiles([single]), samples=500)
        assert np.array_equal(alone.first_place[0], together.first_place[position])
        assert np.array_equal(
            alone.first_place[0], shuffled.first_place[len(profiles) - 1 - position]
        )
        assert np.allclose(alone.totals[0], together.totals[position])


def test_comparing_a_subset_of_regions_keeps_their_scores(model):
    everything = recommend(model, profile(), samples=0)
    subset = recommend(model, profile(regions=["island-hub", "capital-city"]), samples=0)
    scores = {entry["region"]: entry["score"] for entry in everything["ranking"]}
    assert {entry["region"] for entry in subset["ranking"]} == {"island-hub", "capital-city"}
    for entry in subset["ranking"]:
        assert entry["score"] == scores[entry["region"]]


def crafted(model, totals, first_place):
    """The hand-made profile's scores with its totals and first-place shares replaced."""
    scores = score(model, ProfileArrays.from_profiles([parse_profile(profile())]), samples=50)
    return dataclasses.replace(
        scores, totals=np.array([totals], dtype=float), first_place=np.array([first_place])
    )


def verdict(model, first_place, totals=(60.0, 50.0, 40.0)):
    scores = crafted(model, totals, first_place)
    return explain.reasons(scores, 0, parse_profile(profile()))


def test_the_region_that_ranks_first_most_often_is_recommended_even_on_a_lower_total(model):
    # columns follow model.regions order (sorted by slug): capital-city, factory-town, island-hub
    scores = crafted(model, (50.2, 50.0, 10.0), (0.45, 0.55, 0.0))
    order = scores.ranking()[0]
    assert scores.regions[order[0]] == "factory-town"
    assert scores.regions[order[1]] == "capital-city"
    reasons = verdict(model, (0.45, 0.55, 0.0), totals=(50.2, 50.0, 10.0))
    assert reasons["robustness"] == "close_call"
    assert reasons["rival"] == "capital-city"
    assert reasons["highest_total"] == "capital-city"


@pytest.mark.parametrize(
    ("first_place", "label"),
    [
        ((0.85, 0.1, 0.05), "robust"),
        ((0.78, 0.22, 0.0), "fairly_robust"),  # 78% is not robust beside a rival at 22%
        ((0.6, 0.25, 0.15), "fairly_robust"),
        ((0.5, 0.4, 0.1), "close_call"),
        ((0.45, 0.28, 0.27), "fragile"),
    ],
)
def test_robustness_labels_weigh_the_strongest_rival_too(model, first_place, label):
    assert verdict(model, first_place)["robustness"] == label
