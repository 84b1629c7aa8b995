from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.engine import prepare
from advisor.engine.vocabulary import MARKETS
from tests.engine import handmade
from tests.engine.conftest import criteria


def proximity(model, region, **changes):
    return criteria(model, **changes)[region]["customer_proximity"]


def test_customers_all_inside_a_regions_market_get_full_access_scaled_by_fit(model):
    fit_floor = model.params["proximity.fit_floor"]
    expected = 100 * (fit_floor + (1 - fit_floor) * 0.6)  # hand-made customer base rating 0.6
    assert proximity(model, "factory-town", markets={"CN": 100}) == pytest.approx(expected)


def test_a_nearer_region_reaches_a_foreign_market_better_than_a_distant_one(model):
    # Island Hub (Tokyo) is 3 hours' flight from China; Capital City (San Francisco) is 11.
    assert proximity(model, "island-hub", markets={"CN": 100}) > proximity(
        model, "capital-city", markets={"CN": 100}
    )


def test_government_buyers_abroad_are_harder_to_reach_than_enterprises(model):
    government = proximity(model, "capital-city", markets={"CN": 100}, customer_type="government")
    enterprises = proximity(model, "capital-city", markets={"CN": 100}, customer_type="enterprises")
    assert government < enterprises


def test_rest_of_world_customers_favour_no_region(model):
    scores = criteria(model, markets={"OTHER": 100})
    assert len({round(s["customer_proximity"], 9) for s in scores.values()}) == 1


def test_the_regions_customer_base_rating_scales_its_proximity():
    richer = handmade.with_value("customer_base", "factory-town", 1.0, qualifier="manufacturers")
    base, rich = prepare(handmade.dataset()), prepare(handmade.dataset(indicator_values=richer))
    assert proximity(rich, "factory-town") > proximity(base, "factory-town")
    # only for the customer type that was rated higher
    assert proximity(rich, "factory-town", customer_type="consumers") == pytest.approx(
        proximity(base, "factory-town", customer_type="consumers")
    )


shares = st.lists(
    st.integers(min_value=0, max_value=20), min_size=len(MARKETS), max_size=len(MARKETS)
)


@settings(max_examples=60, deadline=None)
@given(weights=shares, moved=st.integers(min_value=1, max_value=50))
def test_more_customers_in_a_market_never_lowers_proximity_of_the_regions_inside_it(weights, moved):
    model = prepare(handmade.dataset())
    # Build shares that add up to 100 with room to move `moved` points into China.
    raw = [w + 1 for w in weights]
    total = sum(raw)
    percent = [100 * w / total for w in raw]
    others = 100 - percent[0]
    moved = min(moved, others)
    before = dict(zip(MARKETS, percent, strict=True))
    after = {
        code: share * (1 - moved / others) if code != "CN" else share + moved
        for code, share in before.items()
    }
    assert (
        proximity(model, "factory-town", markets=after)
        >= proximity(model, "factory-town", markets=before) - 1e-9
    )
