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
# every region reaches it alike, so a region filed under OTHER (Hong Kong, Tel Aviv) gains nothing
# when customers move there and may lose what it had from nearby markets.
CENTRED_MARKETS = sorted(
    DATASET.table("markets").dropna(subset=["latitude", "longitude"])["code"].tolist()
)
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
    scores = [entry["score"] for entry in result["ranking"]]
    assert scores == sorted(scores, reverse=True)
    assert result["recommendation"] == result["ranking"][0]["region"]


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
def test_moving_customers_into_a_market_never_lowers_proximity_of_regions_inside_it(
    profile, market
):
    home = {
        slug
        for slug, home_market in MODEL.catalogue.region_home_market.items()
        if home_market == market
    }
    if not home:
        return
    before = recommend(MODEL, profile, samples=0)
    moved = dict.fromkeys(MARKETS, 0) | {market: 100}
    after = recommend(MODEL, {**profile, "markets": moved}, samples=0)
    proximity = {
        result_name: {e["region"]: e["criteria"]["customer_proximity"] for e in result["ranking"]}
        for result_name, result in (("before", before), ("after", after))
    }
    for slug in home:
        assert proximity["after"][slug] >= proximity["before"][slug] - 1e-9
