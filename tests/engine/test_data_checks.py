"""Region data the engine refuses: figures that cannot be true, estimates without a method,
indicators that do not compare like with like, markets without a centre."""

from __future__ import annotations

import pytest

from advisor.engine import InvalidDataset, prepare
from tests.engine import handmade


def refused(**tables) -> str:
    with pytest.raises(InvalidDataset) as error:
        prepare(handmade.dataset(**tables))
    return str(error.value)


def changed_values(region="factory-town", indicator="engineer_cost_usd", **fields):
    values = handmade.rows()["indicator_values"]
    for row in values:
        if row["region"] == region and row["indicator"] == indicator:
            row.update(fields)
    return values


def test_a_figure_later_than_its_source_is_refused():
    message = refused(indicator_values=changed_values(year=2024, edition=2020))
    assert "factory-town/engineer_cost_usd: figure of 2024 from a source of 2020" in message


def test_an_estimate_without_its_method_is_refused():
    message = refused(indicator_values=changed_values(is_estimate=True, method=""))
    assert "an estimate needs its method" in message
    prepare(handmade.dataset(indicator_values=changed_values(is_estimate=True, method="x 1.15")))


def test_a_relative_source_address_is_refused():
    message = refused(indicator_values=changed_values(source_url="seeds/001.txt"))
    assert "is not absolute" in message


def test_an_indicator_mixing_trackers_must_say_why_the_rows_compare():
    mixed = changed_values(tracker="Another survey")
    assert "does not say why it is comparable" in refused(indicator_values=mixed)
    explained = changed_values(tracker="Another survey", comparability="Same definition: ...")
    prepare(handmade.dataset(indicator_values=explained))


def test_an_indicator_mixing_geography_levels_must_say_why():
    mixed = changed_values(geography="country")
    assert "has geography 'country'" in refused(indicator_values=mixed)


def test_a_market_without_an_economic_centre_is_refused():
    centres = [row for row in handmade.rows()["market_centres"] if row["market"] != "KR"]
    assert "markets without an economic centre: KR" in refused(market_centres=centres)


def test_a_programme_of_an_unknown_kind_or_condition_is_refused():
    grants = handmade.rows()["grants"]
    grants[0]["kind"] = "tax_relief"
    assert "unknown kind 'tax_relief'" in refused(grants=grants)
    grants = handmade.rows()["grants"]
    grants[0]["eligibility"] = "friends_only"
    assert "unknown eligibility condition 'friends_only'" in refused(grants=grants)


def test_a_policy_rule_with_an_unknown_scope_or_sector_is_refused():
    rules = handmade.rows()["policy_rules"]
    rules[0]["scope"] = "everywhere"
    assert "unknown scope 'everywhere'" in refused(policy_rules=rules)
    rules = handmade.rows()["policy_rules"]
    rules[0]["sectors"] = "chips:1"
    assert "unknown sector 'chips'" in refused(policy_rules=rules)


@pytest.mark.parametrize("samples", [-5, 0, 1e12])
def test_a_model_parameter_outside_its_bounds_is_refused_with_the_bounds(samples):
    parameters = handmade.rows()["parameters"]
    for row in parameters:
        if row["name"] == "robustness.samples":
            row["value"] = samples
    message = refused(parameters=parameters)
    assert "parameter robustness.samples must be between 100 and 50000" in message


def centre_weight(centre, weight=1.0, market="CN", customer_type="manufacturers", **fields):
    return {
        "market": market,
        "centre": centre,
        "customer_type": customer_type,
        "weight": weight,
        "year": 2024,
        "source_name": "Hand-made test data",
        **fields,
    }


def test_own_centre_weights_for_only_some_of_a_markets_centres_are_refused():
    # Weighting one centre by manufacturing and the other by GDP would compare unlike shares.
    message = refused(market_centre_weights=[centre_weight("south")])
    assert "centre weights CN/manufacturers: no weight for east" in message
    prepare(handmade.dataset(market_centre_weights=[centre_weight("south"), centre_weight("east")]))


def test_own_centre_weights_name_known_centres_and_customer_types():
    assert "no such market centre" in refused(
        market_centre_weights=[
            centre_weight("south"),
            centre_weight("east"),
            centre_weight("north"),
        ]
    )
    assert "unknown customer type" in refused(
        market_centre_weights=[
            centre_weight("south", customer_type="robots"),
            centre_weight("east", customer_type="robots"),
        ]
    )
    assert "all weights are zero" in refused(
        market_centre_weights=[centre_weight("south", 0), centre_weight("east", 0)]
    )


def test_an_own_centre_weight_is_sourced_like_any_figure():
    message = refused(
        market_centre_weights=[
            centre_weight("south", year=2024, edition=2020),
            centre_weight("east", is_estimate=True, method=""),
        ]
    )
    assert "centre weight CN/south/manufacturers: figure of 2024 from a source of 2020" in message
    assert "centre weight CN/east/manufacturers: an estimate needs its method" in message
