"""Two sites: a headquarters and an operations site scored as one plan (advisor/engine/pairs.py)."""

from __future__ import annotations

import itertools

from advisor.engine import prepare, recommend
from regions.files import read_dataset

MODEL = prepare(read_dataset())
# The seeds' own case: Chinese manufacturing customers, investors that matter (US founders).
SPLIT = {
    "sector": "robotics",
    "stage": "seed",
    "customer_type": "manufacturers",
    "markets": {"CN": 90, "US": 10},
    "weights": {"venture_capital": 3},
    "founder_nationality": "US",
}


def test_a_pair_beats_both_its_single_sites_on_a_profile_built_for_it():
    result = recommend(MODEL, SPLIT)
    assert result["pairs"], "a split profile should get a two-site plan"
    best = result["pairs"][0]
    totals = {entry["region"]: entry["score"] for entry in result["ranking"]}
    assert best["headquarters"] != best["operations"]
    assert best["score"] > totals[best["headquarters"]]
    assert best["score"] > totals[best["operations"]]
    margin = MODEL.params["pairs.margin"]
    assert best["score"] >= result["ranking"][0]["score"] + margin
    # operations sit by the Chinese customers, the headquarters where capital is deeper
    assert MODEL.catalogue.region_country[best["operations"]] == "CN"
    assert best["criteria"]["venture_capital"] == next(
        e["criteria"]["venture_capital"]
        for e in result["ranking"]
        if e["region"] == best["headquarters"]
    )
    assert best["criteria"]["customer_proximity"] == next(
        e["criteria"]["customer_proximity"]
        for e in result["ranking"]
        if e["region"] == best["operations"]
    )
    scores = [pair["score"] for pair in result["pairs"]]
    assert scores == sorted(scores, reverse=True)
    assert 0.5 < best["robustness"]["beats_single"] <= 1
    assert best["robustness"]["samples"] == result["samples"]
    assert best["coordination_points"] > 0 and best["distance_km"] > 0


def test_no_pair_appears_when_one_site_already_serves_everything():
    only_capital = {**SPLIT, "weights": {c: 0 for c in result_criteria()} | {"venture_capital": 1}}
    assert recommend(MODEL, only_capital)["pairs"] == []
    # two regions of which one is at least as good on every criterion: never a pair
    ranking = recommend(MODEL, SPLIT)["ranking"]
    dominated = next(
        (a["region"], b["region"])
        for a, b in itertools.permutations(ranking, 2)
        if all(a["criteria"][c] >= b["criteria"][c] for c in a["criteria"])
    )
    assert recommend(MODEL, {**SPLIT, "regions": list(dominated)})["pairs"] == []


def test_a_pair_under_a_parent_abroad_carries_the_pairs_own_policy_exposure():
    """A US parent of a Shenzhen subsidiary is a US person investing in China (the outbound
    investment rule), whoever the founders are: the pair's policy score is below Shenzhen's own
    for founders from elsewhere."""
    from advisor.engine import ProfileArrays, parse_profile, score
    from advisor.engine.pairs import _parent_policy
    from advisor.engine.vocabulary import CRITERIA

    profile = parse_profile({**SPLIT, "sector": "semiconductors", "founder_nationality": "SG"})
    scores = score(MODEL, ProfileArrays.from_profiles([profile]), samples=0)
    parent = _parent_policy(scores, 0)
    bay, shenzhen = scores.regions.index("sf-bay-area"), scores.regions.index("shenzhen")
    own = scores.criteria[0, shenzhen, CRITERIA.index("policy_risk")]
    assert parent[bay, shenzhen] < own


def test_pairs_are_off_without_robustness_samples_but_still_scored():
    result = recommend(MODEL, SPLIT, samples=0)
    assert result["pairs"]
    assert result["pairs"][0]["robustness"] == {"beats_single": None, "samples": 0}


def result_criteria():
    return recommend(MODEL, SPLIT)["weights"].keys()
