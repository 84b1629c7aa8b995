"""The relocation plan: routes open to the founders' nationality, the capital rule, and what the
feasibility rule does to a region's score (advisor/engine/plan.py), on the shipped routes file."""

from __future__ import annotations

import numpy as np
import pytest

from advisor.engine import prepare, recommend
from advisor.engine.countries import COUNTRIES
from advisor.engine.plan import CAPITAL, CLOSED, STATUSES, parse_nationalities, region_plan
from advisor.engine.plan import statuses as plan_statuses
from regions.files import read_dataset

MODEL = prepare(read_dataset())


def profile(**changes):
    data = {
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "markets": {"CN": 80, "US": 20},
    }
    data.update(changes)
    return data


def plan_of(region: str, nationality: str | None, need: float | None = None) -> dict:
    country = MODEL.catalogue.region_country[region]
    return region_plan(MODEL.routes, region, country, nationality, need)


def routes(plan: dict, key: str = "visa_routes") -> set[str]:
    return {route["route"] for route in plan[key]}


def test_a_treaty_only_route_is_not_offered_to_a_nationality_outside_the_treaty():
    chinese = plan_of("sf-bay-area", "CN")
    assert "us-e2" not in routes(chinese)
    assert {"us-e2"} <= routes(chinese, "closed_routes")
    assert next(r for r in chinese["closed_routes"] if r["route"] == "us-e2")["reason"] == (
        "nationality"
    )
    assert {"us-o1", "us-h1b"} <= routes(chinese)
    japanese = plan_of("sf-bay-area", "JP")
    assert "us-e2" in routes(japanese)


def test_every_offered_route_is_open_and_every_closed_one_says_why():
    for region in MODEL.regions:
        for nationality in ("CN", "US", "IN", "PK", "VN", "DE"):
            plan = plan_of(region, nationality, 200_000)
            assert all(route["open"] is True for route in plan["visa_routes"])
            assert all(
                route["open"] is False and route["reason"] in ("nationality", "capital")
                for route in plan["closed_routes"]
            )


def test_a_region_whose_routes_all_exclude_the_nationality_is_left_out_and_the_explanation_says_so():
    # Taiwan's entrepreneur route excludes mainland Chinese nationals (separate rules apply)
    result = recommend(MODEL, profile(founder_nationality="CN"))
    assert result["feasibility"]["taipei-hsinchu"] == "closed"
    taipei = next(entry for entry in result["ranking"] if entry["region"] == "taipei-hsinchu")
    assert taipei["score"] == 0
    assert result["ranking"][-1]["score"] == 0
    flagged = result["reasons"]["feasibility"]["flagged"]
    assert {"region": "taipei-hsinchu", "status": "closed"} in flagged
    assert plan_of("taipei-hsinchu", "CN")["status"] == "closed"
    assert plan_of("taipei-hsinchu", "CN")["visa_routes"] == []
    # Hong Kong's entrepreneur route excludes them too, but the Top Talent Pass does not
    hong_kong = plan_of("hong-kong", "CN")
    assert routes(hong_kong) == {"hk-top-talent"} and hong_kong["status"] == "open"


def test_nationals_need_no_route():
    plan = plan_of("tokyo", "JP", 1_000)
    assert plan["national"] and plan["status"] == "open"
    assert plan["visa_routes"] == [] and plan["closed_routes"] == []
    assert plan["entity"]["route"] == "jp-kabushiki-kaisha"


def test_with_the_nationality_unknown_every_route_is_listed_with_its_conditions():
    plan = plan_of("sf-bay-area", None)
    assert plan["status"] == "unknown"
    assert routes(plan) == {"us-o1", "us-e2", "us-h1b"}
    assert all(r["open"] is None and r["reason"] == "conditions" for r in plan["visa_routes"])
    assert all(r["conditions"] for r in plan["visa_routes"])
    result = recommend(MODEL, profile())
    assert set(result["feasibility"].values()) == {"unknown"}


def test_the_capital_rule_closes_a_route_when_the_funding_need_is_below_it():
    business_manager = next(
        row for row in MODEL.routes.rows if row["slug"] == "jp-business-manager"
    )
    capital = business_manager["minimum_capital_usd"]  # 30 million yen
    assert 150_000 < capital < 250_000
    short = plan_of("tokyo", "US", capital - 1)
    assert "jp-business-manager" not in routes(short)
    closed = next(r for r in short["closed_routes"] if r["route"] == "jp-business-manager")
    assert closed["reason"] == "capital"
    assert "jp-startup-visa" in routes(short)  # no capital asked at entry
    enough = plan_of("tokyo", "US", capital + 1)
    assert "jp-business-manager" in routes(enough)
    unknown_need = plan_of("tokyo", "US", None)
    assert "jp-business-manager" in routes(unknown_need)


def test_a_region_whose_open_routes_all_need_more_capital_than_the_need_is_penalised():
    need = 50_000
    assert plan_of("jakarta", "US", need)["status"] == "capital"
    result = recommend(MODEL, profile(founder_nationality="US", funding_need_usd=need))
    assert result["feasibility"]["jakarta"] == "capital"
    jakarta = next(entry for entry in result["ranking"] if entry["region"] == "jakarta")
    unpenalised = sum(
        jakarta["criteria"][criterion] * weight for criterion, weight in result["weights"].items()
    )
    kept = 1 - MODEL.params["feasibility.capital_penalty"]
    assert jakarta["score"] == pytest.approx(unpenalised * kept, abs=0.05)
    assert {"region": "jakarta", "status": "capital"} in result["reasons"]["feasibility"]["flagged"]


def test_the_plan_adds_up_the_company_and_the_chosen_route():
    plan = plan_of("berlin", "US", 1_000_000)
    entity = plan["entity"]
    assert entity["route"] == "de-gmbh" and entity["minimum_capital_usd"] > 25_000
    assert plan["minimum_capital_usd"] == entity["minimum_capital_usd"]
    fastest = min(route["weeks"] for route in plan["visa_routes"])
    assert plan["setup_weeks"] == entity["weeks"] + fastest
    assert any(source["currency"] == "EUR" for source in plan["sources"])
    assert all(source["name"] for source in plan["sources"])


def test_the_scored_status_agrees_with_the_plan_for_every_region_nationality_and_need():
    nationalities = ("CN", "US", "IN", "PK", "VN", "JP", "DE", "IE", None)
    needs = (None, 10_000.0, 150_000.0, 5_000_000.0)
    at = np.arange(len(MODEL.regions))
    for need in needs:
        column = np.full(len(nationalities), np.nan if need is None else need)
        status = plan_statuses(MODEL.routes, nationalities, column, at)
        for row, nationality in enumerate(nationalities):
            for position, region in enumerate(MODEL.regions):
                expected = plan_of(region, nationality, need)["status"]
                assert STATUSES[status[row, position]] == expected, (region, nationality, need)
    assert CLOSED in status or CAPITAL in status


def test_every_region_country_has_a_company_and_a_route_with_a_source():
    countries = set(MODEL.catalogue.region_country.values())
    for country in countries:
        assert country in MODEL.routes.entity
        assert MODEL.routes.by_country[country]
    for row in MODEL.routes.rows:
        assert row["source_url"].startswith("https://") and row["checked"]
        assert not row["is_estimate"] or row["method"]


def test_nationalities_parse_groups_and_exclusions():
    assert parse_nationalities("*;!PK") == COUNTRIES - {"PK"}
    assert "FR" in parse_nationalities("EU27;CH") and "GB" not in parse_nationalities("EU27")
    with pytest.raises(ValueError):
        parse_nationalities("!PK")


def test_what_would_make_a_penalised_region_first_counts_its_penalty():
    # Jakarta and Bangkok need more capital than a 50,000 USD raise: each keeps only part of its
    # total, and the change that would make it first must overcome that too.
    data = {
        "sector": "consumer_internet",
        "stage": "seed",
        "customer_type": "consumers",
        "markets": {"SEA": 100},
        "founder_nationality": "US",
        "funding_need_usd": 50_000,
        "regions": ["singapore", "jakarta", "bangkok", "tokyo"],
    }
    result = recommend(MODEL, data, samples=0)
    penalised = {r for r, status in result["feasibility"].items() if status == "capital"}
    applied = 0
    for promotion in result["promotions"]:
        if promotion["region"] not in penalised or not promotion["weight"]:
            continue
        change = promotion["weight"]
        weights = {**result["weights"], change["criterion"]: change["to"]}
        rescored = recommend(MODEL, {**data, "weights": weights}, samples=0)
        assert rescored["ranking"][0]["region"] == promotion["region"], promotion
        applied += 1
    assert applied >= 1
