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
    # The engine explains with data only; its words are the renderer's
    # (tests/presentation/test_explanation_text.py).
    assert "explanation" not in result
    assert reasons["highlights"][0] == {
        "criterion": "customer_proximity",
        "market": "CN",
        "share": 100.0,
        "inside": True,
        "customer_type": "manufacturers",
    }


def test_the_explanation_lists_the_sources_behind_the_decisive_criteria(model):
    reasons = recommend(model, profile(markets={"CN": 100}))["reasons"]
    assert reasons["sources"]
    for source in reasons["sources"]:
        assert source["source_name"] and source["year"]
    criteria = {source["criterion"] for source in reasons["sources"]}
    assert {lead["criterion"] for lead in reasons["leads"]} <= criteria
