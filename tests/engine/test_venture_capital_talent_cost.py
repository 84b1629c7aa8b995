from __future__ import annotations

import pytest

from advisor.engine import prepare
from tests.engine import handmade
from tests.engine.conftest import criteria


def score_of(model, region, criterion, **changes):
    return criteria(model, **changes)[region][criterion]


def test_the_early_stage_ecosystem_rank_matters_more_to_a_pre_seed_company_than_to_a_growth_one():
    better_early = prepare(
        handmade.dataset(indicator_values=handmade.with_value("gser_rank", "island-hub", 1))
    )
    base = prepare(handmade.dataset())
    gain = {
        stage: score_of(better_early, "island-hub", "venture_capital", stage=stage)
        - score_of(base, "island-hub", "venture_capital", stage=stage)
        for stage in ("pre_seed", "growth")
    }
    assert gain["pre_seed"] > gain["growth"] > 0


def test_venture_capital_follows_the_founders_industry_cluster():
    strong_ai = handmade.with_value("sector_strength", "island-hub", 1.0, qualifier="ai_software")
    model, base = (
        prepare(handmade.dataset(indicator_values=strong_ai)),
        prepare(handmade.dataset()),
    )
    assert score_of(model, "island-hub", "venture_capital", sector="ai") > score_of(
        base, "island-hub", "venture_capital", sector="ai"
    )
    assert score_of(model, "island-hub", "venture_capital", sector="robotics") == pytest.approx(
        score_of(base, "island-hub", "venture_capital", sector="robotics")
    )


def test_talent_follows_the_sectors_engineering_discipline():
    deep_software = handmade.with_value("talent_software_engineering", "island-hub", 30_000_000)
    model, base = (
        prepare(handmade.dataset(indicator_values=deep_software)),
        prepare(handmade.dataset()),
    )
    assert score_of(model, "island-hub", "talent", sector="enterprise_software") > score_of(
        base, "island-hub", "talent", sector="enterprise_software"
    )
    assert score_of(model, "island-hub", "talent", sector="robotics") == pytest.approx(
        score_of(base, "island-hub", "talent", sector="robotics")
    )


def test_cheaper_engineers_score_higher_on_cost(model):
    scores = criteria(model)
    assert (
        scores["factory-town"]["cost"]
        > scores["island-hub"]["cost"]
        > scores["capital-city"]["cost"]
    )


def test_a_sensitive_sector_carries_more_policy_risk_in_an_exposed_region(model):
    chips = score_of(model, "factory-town", "policy_risk", sector="semiconductors")
    software = score_of(model, "factory-town", "policy_risk", sector="enterprise_software")
    assert chips < software


def test_selling_sensitive_technology_across_a_tense_border_costs_policy_score():
    # A rule that binds companies based in China selling chips into the US market (a tariff).
    tariff = {
        **handmade.POLICY_RULES[0],
        "slug": "chip-tariff",
        "instrument": "tariff",
        "scope": "sells_from",
        "sectors": "semiconductors:0.5",
    }
    controls = {**handmade.POLICY_RULES[0], "sectors": "semiconductors:0.5"}
    model = prepare(handmade.dataset(policy_rules=[controls, tariff]))
    to_us = score_of(
        model, "factory-town", "policy_risk", sector="semiconductors", markets={"US": 100}
    )
    at_home = score_of(
        model, "factory-town", "policy_risk", sector="semiconductors", markets={"CN": 100}
    )
    assert to_us < at_home
    # a sector the rule does not name does not feel it
    assert score_of(
        model, "factory-town", "policy_risk", sector="gaming", markets={"US": 100}
    ) == pytest.approx(
        score_of(
            model, "factory-town", "policy_risk", sector="gaming", markets={"US": 0, "JP": 100}
        )
    )


def test_a_countrys_export_control_binds_its_own_companies_sales_abroad_not_at_home():
    # China controls what its companies ship abroad (exports_from): a China-based chip startup
    # selling in the US is bound, the same startup selling at home is not.
    controls = {
        **handmade.POLICY_RULES[0],
        "slug": "home-export-controls",
        "issuer": "CN",
        "scope": "exports_from",
        "targets": "CN",
        "sectors": "semiconductors:1",
    }
    model = prepare(handmade.dataset(policy_rules=[controls]))
    abroad = score_of(
        model, "factory-town", "policy_risk", sector="semiconductors", markets={"US": 100}
    )
    half = score_of(
        model,
        "factory-town",
        "policy_risk",
        sector="semiconductors",
        markets={"US": 50, "CN": 50},
    )
    at_home = score_of(
        model, "factory-town", "policy_risk", sector="semiconductors", markets={"CN": 100}
    )
    assert at_home == pytest.approx(100)
    assert abroad < half < at_home
    # a company based outside the issuer is not bound by the issuer's rule on its exporters
    assert score_of(
        model, "island-hub", "policy_risk", sector="semiconductors", markets={"US": 100}
    ) == pytest.approx(100)


def test_hardware_cluster_strength_is_measured_by_the_regions_inventors():
    more_factories = handmade.with_value("talent_hardware_engineering", "island-hub", 150_000)
    model, base = (
        prepare(handmade.dataset(indicator_values=more_factories)),
        prepare(handmade.dataset()),
    )
    assert score_of(model, "island-hub", "venture_capital", sector="robotics") > score_of(
        base, "island-hub", "venture_capital", sector="robotics"
    )
