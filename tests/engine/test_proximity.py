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


def access(model, region, market, customer_type="manufacturers"):
    """The region's raw access to a market (before the score's scaling to the best region)."""
    from advisor.engine.vocabulary import CUSTOMER_TYPES

    return model.access[
        CUSTOMER_TYPES.index(customer_type), model.regions.index(region), MARKETS.index(market)
    ]


def test_customers_at_the_regions_own_centre_get_full_reach_scaled_by_its_customer_base(model):
    # Japan has one centre, at Island Hub itself: full reach, scaled by the hand-made base.
    kinds = model.dataset.table("customer_types").set_index("slug")
    local = float(kinds.at["manufacturers", "local_share"])
    base = model.indicators.goodness("customers_manufacturers")[0][
        model.regions.index("island-hub")
    ]
    assert access(model, "island-hub", "JP") == pytest.approx(1 - local + local * base)


def test_the_best_placed_region_for_the_customers_scores_100(model):
    scores = criteria(model, markets={"JP": 100})
    assert scores["island-hub"]["customer_proximity"] == pytest.approx(100)
    assert all(s["customer_proximity"] < 100 for r, s in scores.items() if r != "island-hub")


def test_a_market_with_several_centres_is_not_next_door_to_every_region_inside_it(model):
    # Factory Town sits at China's southern centre; two thirds of the market is 1,200 km away.
    assert access(model, "factory-town", "CN") < access(model, "island-hub", "JP")


def test_being_inside_a_markets_jurisdiction_beats_being_outside_at_the_same_place():
    # Two regions at Frankfurt: one in Germany (inside the EU single market), one in the UK.
    twins = [
        *handmade.REGIONS,
        {
            **handmade.REGIONS[0],
            "slug": "inside",
            "name": "Inside",
            "country": "DE",
            "home_market": "EU",
            "latitude": 50.1,
            "longitude": 8.7,
            "time_zone": "Europe/Berlin",
        },
        {
            **handmade.REGIONS[0],
            "slug": "outside",
            "name": "Outside",
            "country": "GB",
            "home_market": "EU",
            "latitude": 50.1,
            "longitude": 8.7,
            "time_zone": "Europe/Berlin",
        },
    ]
    values = handmade.rows()["indicator_values"]
    values += [
        {**row, "region": slug}
        for row in values
        if row["region"] == "factory-town"
        for slug in ("inside", "outside")
    ]
    model = prepare(handmade.dataset(regions=twins, indicator_values=values))
    for customer_type in ("manufacturers", "enterprises", "consumers", "government"):
        inside = proximity(model, "inside", markets={"EU": 100}, customer_type=customer_type)
        outside = proximity(model, "outside", markets={"EU": 100}, customer_type=customer_type)
        assert inside > outside


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
    richer = handmade.with_value("customers_manufacturers", "factory-town", 500)
    base, rich = prepare(handmade.dataset()), prepare(handmade.dataset(indicator_values=richer))
    assert access(rich, "factory-town", "CN") > access(base, "factory-town", "CN")
    # only for the customer type whose base grew
    assert access(rich, "factory-town", "CN", "consumers") == pytest.approx(
        access(base, "factory-town", "CN", "consumers")
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


def centre_weights(market, customer_type, **weights):
    return [
        {
            "market": market,
            "centre": centre,
            "customer_type": customer_type,
            "weight": weight,
            "year": 2024,
            "source_name": "Hand-made test data",
        }
        for centre, weight in weights.items()
    ]


def test_a_customer_types_own_centre_weights_replace_the_economy_weights_for_that_type():
    # China's factories all at the southern centre (Factory Town's own), its economy 1:2 south:east.
    own = prepare(
        handmade.dataset(
            market_centre_weights=centre_weights("CN", "manufacturers", south=1, east=0)
        )
    )
    base = prepare(handmade.dataset())
    kinds = own.dataset.table("customer_types").set_index("slug")
    local = float(kinds.at["manufacturers", "local_share"])
    goodness = own.indicators.goodness("customers_manufacturers")[0]
    assert access(own, "factory-town", "CN") == pytest.approx(
        1 - local + local * goodness[own.regions.index("factory-town")]
    )
    assert access(own, "factory-town", "CN") > access(base, "factory-town", "CN")
    # Other customer types, and other markets, keep the economy-wide weights.
    for customer_type in ("enterprises", "consumers", "government"):
        assert access(own, "factory-town", "CN", customer_type) == pytest.approx(
            access(base, "factory-town", "CN", customer_type)
        )
    assert access(own, "capital-city", "US") == pytest.approx(access(base, "capital-city", "US"))


def test_own_centre_weights_count_as_shares_whatever_their_scale():
    tens = prepare(
        handmade.dataset(
            market_centre_weights=centre_weights("CN", "manufacturers", south=30, east=10)
        )
    )
    shares = prepare(
        handmade.dataset(
            market_centre_weights=centre_weights("CN", "manufacturers", south=0.75, east=0.25)
        )
    )
    for region in ("factory-town", "capital-city", "island-hub"):
        assert access(tens, region, "CN") == pytest.approx(access(shares, region, "CN"))


def _with_parameter(name, value):
    parameters = [row for row in handmade.rows()["parameters"] if row["name"] != name]
    template = next(row for row in handmade.rows()["parameters"])
    return [*parameters, {**template, "name": name, "value": value, "minimum": 0, "maximum": 1}]


def test_factories_far_away_are_reached_less_than_offices_at_the_same_distance(model):
    # Capital City (San Francisco) to China's centres: 10,000 km and more, outside the jurisdiction.
    from advisor.engine.vocabulary import CUSTOMER_TYPES

    reach = model.reach.type_reach
    region = model.regions.index("capital-city")
    china = [n for n, market in enumerate(model.reach.centre_markets) if market == "CN"]
    factories = reach[CUSTOMER_TYPES.index("manufacturers"), region, china]
    offices = reach[CUSTOMER_TYPES.index("enterprises"), region, china]
    assert (factories < offices).all()


def test_a_customer_type_without_its_own_distance_share_uses_the_general_one():
    general = float(
        next(
            r["value"]
            for r in handmade.rows()["parameters"]
            if r["name"] == "proximity.distance_share"
        )
    )
    same = prepare(
        handmade.dataset(
            parameters=_with_parameter("proximity.distance_share.manufacturers", general)
        )
    )
    reach = same.reach.type_reach
    assert reach[0] == pytest.approx(reach[1])
    assert reach[1] == pytest.approx(same.reach.reach)
