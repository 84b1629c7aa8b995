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


def programme(**fields):
    row = {
        "region": "capital-city",
        "name": "Test programme",
        "kind": "grant",
        "sectors": "*",
        "stages": "*",
        "typical_amount": 200000,
        "currency": "USD",
        "year": 2025,
        "edition": 2025,
        "confirmed": 2025,
        "source_name": "Hand-made test data",
    }
    row.update(fields)
    return row


def only(**fields):
    return prepare(handmade.dataset(grants=[programme(**fields)]))


def test_a_relief_for_investors_is_no_money_for_the_company():
    assert grants(only(kind="investor_tax_relief"), "capital-city") == 0
    assert grants(only(kind="grant"), "capital-city") > 0


def test_a_relief_for_investors_helps_the_startup_raise_instead():
    relief = criteria(only(kind="investor_tax_relief"))["capital-city"]["venture_capital"]
    none = criteria(prepare(handmade.dataset(grants=[])))["capital-city"]["venture_capital"]
    assert relief > none


def test_a_relief_on_profits_is_worth_nothing_to_a_loss_making_company():
    relief = only(kind="company_tax_relief", eligibility="profitable")
    assert grants(relief, "capital-city", stage="seed") == 0
    assert grants(relief, "capital-city", stage="growth") > 0


def test_a_loan_is_worth_less_than_a_grant_of_the_same_size():
    assert (
        0 < grants(only(kind="loan"), "capital-city") < grants(only(kind="grant"), "capital-city")
    )


def test_a_programme_for_nationals_is_closed_to_foreign_founders():
    sbir = only(eligibility="majority_owned_by:US")
    american = grants(sbir, "capital-city", founder_nationality="US")
    foreign = grants(sbir, "capital-city", founder_nationality="FR")
    unknown = grants(sbir, "capital-city")
    assert foreign == 0
    assert american > unknown > 0


def test_a_programme_for_foreign_founders_is_closed_to_nationals():
    challenge = only(eligibility="foreign_founders:US")
    assert grants(challenge, "capital-city", founder_nationality="US") == 0
    assert grants(challenge, "capital-city", founder_nationality="KR") > 0


def test_a_returnee_subsidy_is_only_for_nationals():
    returnee = only(eligibility="returnee:US:3")
    assert grants(returnee, "capital-city", founder_nationality="GB") == 0
    assert grants(returnee, "capital-city", founder_nationality="US") > 0


def test_a_programme_that_ended_scores_nothing():
    as_of = str(int(only().params["data.as_of_date"]))
    year, month = int(as_of[:4]), as_of[4:6]
    assert grants(only(ends=f"{year - 1}-{month}-01"), "capital-city") == 0
    assert grants(only(ends=f"{year + 1}-{month}-01"), "capital-city") > 0


def test_an_unconfirmed_old_programme_is_discounted():
    current = grants(only(), "capital-city")
    old = grants(only(year=2018, edition=2018, confirmed=2018), "capital-city")
    assert 0 < old < current


def test_the_same_grant_matters_more_to_a_company_raising_less():
    model = only()
    small = grants(model, "capital-city", funding_need_usd=500_000)
    large = grants(model, "capital-city", funding_need_usd=50_000_000)
    assert small > large
