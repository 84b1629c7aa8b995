from __future__ import annotations

from advisor.engine import prepare
from tests.engine import handmade
from tests.engine.conftest import criteria


def grants(model, region, **changes):
    return criteria(model, **changes)[region]["grants"]


def test_a_programme_counts_only_for_the_stages_it_serves(model):
    # Factory Town's founder grant is for pre-seed and seed companies.
    assert grants(model, "factory-town", stage="seed") > 0
    assert grants(model, "factory-town", stage="growth") == 0


def test_a_programme_counts_only_for_the_sectors_it_serves(model):
    # Capital City's research grant is for biotech and medtech.
    assert grants(model, "capital-city", sector="biotech") > 0
    assert grants(model, "capital-city", sector="robotics") == 0


def test_the_same_grant_matters_more_to_an_earlier_company(model):
    early = grants(model, "capital-city", sector="biotech", stage="pre_seed")
    late = grants(model, "capital-city", sector="biotech", stage="growth")
    assert early > late > 0


def test_amounts_are_compared_in_dollars_at_the_recorded_exchange_rate():
    rates = [{"currency": "USD", "usd_per_unit": 1.0}, {"currency": "CNY", "usd_per_unit": 0.5}]
    cheap_yuan, dear_yuan = prepare(handmade.dataset()), prepare(handmade.dataset(fx_rates=rates))
    assert grants(dear_yuan, "factory-town") > grants(cheap_yuan, "factory-town")


def test_scores_stay_within_0_and_100_however_large_the_grant():
    huge = handmade.rows()["grants"]
    huge[0]["typical_amount"] = 1e12
    model = prepare(handmade.dataset(grants=huge))
    assert 0 <= grants(model, "factory-town") <= 100
