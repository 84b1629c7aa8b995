from __future__ import annotations

import pytest

from advisor.engine import InvalidInput, parse_profile
from tests.engine.conftest import profile


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"sector": "astrology"},
            "sector",
            "unknown sector 'astrology'; expected one of: robotics",
        ),
        ({"sector": ""}, "sector", "sector is required"),
        ({"stage": "series_z"}, "stage", "unknown stage 'series_z'"),
        ({"customer_type": "aliens"}, "customer_type", "unknown customer type 'aliens'"),
        ({"markets": {}}, "markets", "give the share of customers in at least one market"),
        ({"markets": {"CN": 60, "US": 30}}, "markets", r"must add up to 100 \(they add up to 90\)"),
        ({"markets": {"MARS": 100}}, "markets", "unknown market 'MARS'"),
        ({"markets": {"CN": "most"}}, "markets", "share for CN must be a number"),
        ({"markets": {"CN": 120, "US": -20}}, "markets", "share for CN must be between 0 and 100"),
        ({"markets": {"CN": True}}, "markets", "share for CN must be a number"),
        ({"markets": ["CN"]}, "markets", "markets must map market codes to percentages"),
    ],
)
def test_bad_profiles_are_refused_naming_the_field(changes, field, message):
    with pytest.raises(InvalidInput, match=message) as error:
        parse_profile(profile(**changes))
    assert error.value.field == field


def test_shares_may_be_given_as_numeric_strings_and_lower_case_codes():
    parsed = parse_profile(profile(markets={"cn": "33.34", "US": "33.33", "JP": 33.33}))
    assert parsed.markets == {"CN": 33.34, "US": 33.33, "JP": 33.33}


def test_markets_with_no_customers_are_dropped():
    assert parse_profile(profile(markets={"CN": 100, "US": 0})).markets == {"CN": 100.0}


def test_thirds_typed_to_one_decimal_are_accepted_within_their_rounding():
    parsed = parse_profile(profile(markets={"CN": 33.3, "US": 33.3, "JP": 33.3}))
    assert set(parsed.markets) == {"CN", "US", "JP"}


def test_shares_further_from_100_than_their_rounding_are_still_refused():
    with pytest.raises(InvalidInput, match=r"they add up to 99\)"):
        parse_profile(profile(markets={"CN": 33, "US": 33, "JP": 33}))
    with pytest.raises(InvalidInput, match=r"they add up to 99.8\)"):
        parse_profile(profile(markets={"CN": 49.9, "US": 49.9}))
