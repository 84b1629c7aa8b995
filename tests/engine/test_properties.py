"""Properties that hold for any valid profile, checked on the real region data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.engine import prepare, recommend
from advisor.engine.vocabulary import CRITERIA, CUSTOMER_TYPES, MARKETS, SECTORS, STAGES
from regions.files import read_dataset

DATASET = read_dataset()
MODEL = prepare(DATASET)
# Markets with an economic centre. 'Rest of world' (OTHER) has none: no region is inside it, and
# every region reaches it alike.
CENTRED_MARKETS = sorted(set(DATASET.table("market_centres")["market"]))
SAMPLES = 500  # enough to check the properties; the product uses 10,000


@st.composite
def profiles(draw):
    chosen = draw(st.lists(st.sampled_from(MARKETS), min_size=1, max_size=4, unique=True))
    cuts = sorted(
        draw(st.lists(st.integers(0, 100), min_size=len(chosen) - 1, max_size=len(chosen) - 1))
    )
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    markets = {market: share for market, share in zip(chosen, shares, strict=True) if share}
    if not markets:
        markets = {chosen[0]: 100}
    weights = draw(
        st.dictionaries(st.sampled_from(CRITERIA), st.floats(0, 5, allow_nan=False), max_size=3)
    )
    if weights and not any(weights.values()):
        weights = {}
    return {
        "sector": draw(st.sampled_from(SECTORS)),
        "stage": draw(st.sampled_from(STAGES)),
        "customer_type": draw(st.sampled_from(CUSTOMER_TYPES)),
        "markets": markets,
        "weights": weights,
    }


@settings(max_examples=40, deadline=None)
@given(profiles())
def test_scores_stay_within_0_and_100_and_first_place_shares_sum_to_one(profile):
    result = recommend(MODEL, profile, samples=SAMPLES)
    for entry in result["ranking"]:
        assert 0 <= entry["score"] <= 100
        assert all(0 <= value <= 100 for value in entry["criteria"].values())
    assert sum(result["robustness"].values()) == pytest.approx(1, abs=1e-6)
    # Best first: the recommendation (the region that ranks first most often), then the others
    # by score.
    scores = [entry["score"] for entry in result["ranking"][1:]]
    assert scores == sorted(scores, reverse=True)
    assert result["recommendation"] == result["ranking"][0]["region"]
    robustness = result["robustness"]
    assert robustness[result["recommendation"]] == max(robustness.values())


@settings(max_examples=15, deadline=None)
@given(profiles())
def test_the_same_input_gives_the_same_output_whatever_the_order_of_its_parts(profile):
    first = recommend(MODEL, profile, samples=SAMPLES)
    reordered = {
        **profile,
        "markets": dict(reversed(list(profile["markets"].items()))),
        "weights": dict(reversed(list(profile["weights"].items()))),
    }
    again = recommend(MODEL, reordered, samples=SAMPLES)
    assert again["ranking"] == first["ranking"]
    assert again["robustness"] == first["robustness"]
    assert again["reasons"] == first["reasons"]  # what the explanation is written from


@settings(max_examples=60, deadline=None)
@given(profiles(), st.sampled_from(CENTRED_MARKETS))
def test_customers_all_in_one_market_are_closest_to_a_region_inside_it(profile, market):
    inside = {
        slug
        for number, slug in enumerate(MODEL.regions)
        if MODEL.inside[number, MARKETS.index(market)]
    }
    if not inside:
        return
    moved = dict.fromkeys(MARKETS, 0) | {market: 100}
    result = recommend(MODEL, {**profile, "markets": moved}, samples=0)
    proximity = {e["region"]: e["criteria"]["customer_proximity"] for e in result["ranking"]}
    best = max(proximity.values())
    assert any(proximity[slug] == best for slug in inside)
