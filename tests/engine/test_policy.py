"""Policy risk from the rules themselves: where the company sits, where it sells, who founded it."""

from __future__ import annotations

import pytest

from advisor.engine import prepare
from tests.engine import handmade
from tests.engine.conftest import criteria


def policy(model, region, **changes):
    return criteria(model, **changes)[region]["policy_risk"]


def rule(**fields):
    row = {
        "slug": "test-rule",
        "name": "Test rule",
        "instrument": "export_control",
        "issuer": "US",
        "scope": "based_in",
        "targets": "CN",
        "sectors": "semiconductors:0.6",
        "effective": "2020-01-01",
        "edition": 2024,
        "source_name": "Hand-made test data",
    }
    row.update(fields)
    return row


def with_rules(*rules):
    return prepare(handmade.dataset(policy_rules=list(rules)))


def test_a_rule_on_companies_based_in_a_country_binds_only_there():
    model = with_rules(rule())
    chips = {"sector": "semiconductors"}
    bite = model.params["policy.bite.export_control"]
    assert policy(model, "factory-town", **chips) == pytest.approx(100 * (1 - bite * 0.6))
    assert policy(model, "island-hub", **chips) == 100


def test_selling_into_a_market_binds_companies_from_outside_it_by_their_share_of_customers():
    model = with_rules(rule(scope="sells_into", issuer="CN", instrument="licensing"))
    chips = {"sector": "semiconductors"}
    half = policy(model, "island-hub", markets={"CN": 50, "JP": 50}, **chips)
    bite = model.params["policy.bite.licensing"]
    assert half == pytest.approx(100 * (1 - bite * 0.6 * 0.5))
    # a company inside the market is not bound by a rule on selling into it
    assert policy(model, "factory-town", markets={"CN": 100}, **chips) == 100


def test_a_rule_on_the_issuers_persons_binds_them_in_the_target_country():
    model = with_rules(rule(instrument="outbound_investment", scope="nationals_in"))
    chips = {"sector": "semiconductors"}
    american = policy(model, "factory-town", founder_nationality="US", **chips)
    chinese = policy(model, "factory-town", founder_nationality="CN", **chips)
    unknown = policy(model, "factory-town", **chips)
    assert american < unknown < chinese == 100
    # a company incorporated in the issuer's country is its person too
    assert policy(
        model, "factory-town", founder_nationality="CN", incorporated_in="US", **chips
    ) == pytest.approx(american)


def test_a_rule_limited_to_government_buyers_spares_others():
    model = with_rules(rule(instrument="procurement_ban", customer_types="government"))
    chips = {"sector": "semiconductors"}
    assert policy(model, "factory-town", customer_type="government", **chips) < 100
    assert policy(model, "factory-town", customer_type="enterprises", **chips) == 100


def test_a_domestic_supplier_rule_binds_a_company_outside_the_country_selling_to_its_government():
    model = with_rules(
        rule(
            instrument="domestic_procurement",
            issuer="CN",
            scope="sells_into",
            sectors="enterprise_software:1",
            customer_types="government",
        )
    )
    software = {"sector": "enterprise_software", "customer_type": "government"}
    bite = model.params["policy.bite.domestic_procurement"]
    outside = policy(model, "island-hub", markets={"CN": 100}, **software)
    assert outside == pytest.approx(100 * (1 - bite))
    assert policy(model, "factory-town", markets={"CN": 100}, **software) == 100
    # the same company selling to enterprises is not a public supplier
    assert policy(model, "island-hub", markets={"CN": 100}, sector="enterprise_software") == 100


def test_a_rule_no_longer_in_force_binds_nobody():
    model = with_rules(rule(ends="2020-06-30"))
    assert policy(model, "factory-town", sector="semiconductors") == 100


def test_rules_combine_so_that_any_one_can_hurt():
    two = with_rules(rule(), rule(slug="second", sectors="semiconductors:0.5"))
    bite = two.params["policy.bite.export_control"]
    assert policy(two, "factory-town", sector="semiconductors") == pytest.approx(
        100 * (1 - bite * 0.6) * (1 - bite * 0.5)
    )


def test_a_rule_on_foreign_owners_binds_only_founders_from_abroad():
    model = with_rules(rule(instrument="licensing", issuer="CN", scope="foreigners_in"))
    chips = {"sector": "semiconductors"}
    foreign = policy(model, "factory-town", founder_nationality="US", **chips)
    local = policy(model, "factory-town", founder_nationality="CN", **chips)
    unknown = policy(model, "factory-town", **chips)
    assert foreign < unknown < local == 100


def test_how_hard_a_rule_bites_follows_its_instrument():
    screen = with_rules(rule(instrument="inbound_screening"))
    control = with_rules(rule(instrument="export_control"))
    chips = {"sector": "semiconductors"}
    assert policy(control, "factory-town", **chips) < policy(screen, "factory-town", **chips) < 100
