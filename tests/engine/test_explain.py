from __future__ import annotations

import pytest

from advisor.engine import recommend
from tests.engine.conftest import profile


def test_the_explanation_names_winner_runner_up_and_where_the_lead_comes_from(model):
    result = recommend(model, profile(markets={"CN": 100}))
    reasons = result["reasons"]
    assert reasons["winner"] == result["ranking"][0]["region"]
    assert reasons["runner_up"] == result["ranking"][1]["region"]
    assert reasons["margin"] == pytest.approx(
        result["ranking"][0]["score"] - result["ranking"][1]["score"], abs=0.011
    )
    assert reasons["leads"] and all(lead["points"] > 0 for lead in reasons["leads"])
    # every criterion's share of the margin, and they add up to it
    assert sum(reasons["contributions"].values()) == pytest.approx(reasons["margin"], abs=0.05)
    text = result["explanation"]
    assert text.startswith("Factory Town ranks first")
    assert "ahead of" in text and "Its lead comes from customer proximity" in text
    assert "100% of your customers are in Mainland China, where Factory Town is." in text


def test_the_explanation_says_how_robust_the_answer_is(model):
    result = recommend(model, profile())
    probability = result["robustness"][result["recommendation"]]
    assert (
        f"ranks first in {probability:.0%} of 10,000 plausible variations" in result["explanation"]
    )


def test_the_explanation_lists_the_sources_behind_the_decisive_criteria(model):
    reasons = recommend(model, profile(markets={"CN": 100}))["reasons"]
    assert reasons["sources"]
    for source in reasons["sources"]:
        assert source["source_name"] and source["year"]
    criteria = {source["criterion"] for source in reasons["sources"]}
    assert {lead["criterion"] for lead in reasons["leads"]} <= criteria


def test_eligible_grant_programmes_are_named(model):
    result = recommend(model, profile(markets={"CN": 100}, weights={"grants": 10}))
    assert "Founder grant" in result["explanation"]
