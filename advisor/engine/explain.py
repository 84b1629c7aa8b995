"""Explanations generated from the numbers: why the winner beats the runner-up, how sure that is,
and which sourced facts it rests on.

`reasons()` returns plain data; advisor.presentation.explanations writes it as sentences, in the
reader's language on the pages and in English for the stored result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.engine.vocabulary import CRITERIA, CUSTOMER_TYPES, MARKETS, POLICY_DIMENSIONS

if TYPE_CHECKING:
    from advisor.engine.model import Model
    from advisor.engine.profiles import Profile
    from advisor.engine.scoring import Scores

NOTABLE_POINTS = 0.05  # contributions smaller than this are noise, not reasons
MAX_LEADS = 3
MAX_TRAILS = 2


def _indicators_for(
    model: Model, criterion: str, sector: str, customer_type: str
) -> list[tuple[str, str]]:
    """(indicator, qualifier) pairs behind a criterion for this profile."""
    cluster, discipline = model.catalogue.sector_traits[sector]
    chosen = {"": "", "cluster": cluster, "discipline": discipline, "customer_type": customer_type}
    pairs: list[tuple[str, str]] = []
    for slug, kind in model.catalogue.criterion_indicators.get(criterion, []):
        if kind == "policy_dimension":
            pairs.extend((slug, dimension) for dimension in POLICY_DIMENSIONS)
        elif kind in chosen:
            pairs.append((slug, chosen[kind]))
    return pairs


def fact(model: Model, region: str, indicator: str, qualifier: str = "") -> dict[str, Any] | None:
    found = model.catalogue.facts.get((region, indicator, qualifier))
    return dict(found) if found else None


def reasons(scores: Scores, row: int, profile: Profile) -> dict[str, Any]:
    model = scores.model
    order = scores.ranking()[row]
    weights = scores.weights[row]
    criteria = scores.criteria[row]
    winner = order[0]
    details: dict[str, Any] = {
        "winner": scores.regions[winner],
        "winner_score": round(float(scores.totals[row, winner]), 2),
        "runner_up": None,
        "runner_up_score": None,
        "margin": None,
        "contributions": {},
        "leads": [],
        "trails": [],
        "first_place_probability": None,
        "robustness": None,
        "samples": scores.samples,
        "highlights": [],
        "sources": [],
    }
    if scores.first_place is not None:
        probability = float(scores.first_place[row, winner])
        details["first_place_probability"] = round(probability, 4)
        if probability >= model.params["robustness.robust_threshold"]:
            details["robustness"] = "robust"
        elif probability >= model.params["robustness.fragile_threshold"]:
            details["robustness"] = "fairly_robust"
        else:
            details["robustness"] = "fragile"
    if len(order) < 2:
        return details

    runner = order[1]
    details["runner_up"] = scores.regions[runner]
    details["runner_up_score"] = round(float(scores.totals[row, runner]), 2)
    details["margin"] = round(float(scores.totals[row, winner] - scores.totals[row, runner]), 2)
    gaps = weights * (criteria[winner] - criteria[runner])
    details["contributions"] = {
        criterion: round(float(gaps[c]), 2) for c, criterion in enumerate(CRITERIA)
    }
    ranked = np.argsort(-gaps)
    details["leads"] = [
        {"criterion": CRITERIA[c], "points": round(float(gaps[c]), 2)}
        for c in ranked
        if gaps[c] > NOTABLE_POINTS
    ][:MAX_LEADS]
    details["trails"] = [
        {"criterion": CRITERIA[c], "points": round(float(gaps[c]), 2)}
        for c in ranked[::-1]
        if gaps[c] < -NOTABLE_POINTS
    ][:MAX_TRAILS]

    winner_slug, runner_slug = scores.regions[winner], scores.regions[runner]
    for lead in details["leads"][:2]:
        highlight = _highlight(scores, row, profile, lead["criterion"], winner, runner)
        if highlight:
            details["highlights"].append(highlight)

    seen: set[tuple[str, str, str]] = set()
    for entry in details["leads"] + details["trails"]:
        criterion = entry["criterion"]
        if criterion == "grants":
            for programme in _programmes(model, winner_slug, profile)[:3]:
                details["sources"].append(programme)
            continue
        for indicator, qualifier in _indicators_for(
            model, criterion, profile.sector, profile.customer_type
        ):
            for region in (winner_slug, runner_slug):
                key = (region, indicator, qualifier)
                if key in seen:
                    continue
                seen.add(key)
                found = fact(model, region, indicator, qualifier)
                if found:
                    details["sources"].append({"criterion": criterion, **found})
    return details


def _programmes(model: Model, region: str, profile: Profile) -> list[dict[str, Any]]:
    """The region's programmes this profile is eligible for, largest expected value first."""
    return [
        {
            "criterion": "grants",
            "region": region,
            "programme": programme["name"],
            "typical_usd": round(programme["typical_usd"]),
            "year": programme["year"],
            "source_name": programme["source_name"],
            "source_url": programme["source_url"],
            "is_estimate": programme["is_estimate"],
        }
        for programme in model.catalogue.programmes.get(region, [])
        if profile.sector in programme["sector_set"] and profile.stage in programme["stage_set"]
    ]


def _highlight(
    scores: Scores, row: int, profile: Profile, criterion: str, winner: int, runner: int
) -> dict[str, Any] | None:
    model = scores.model
    winner_slug = scores.regions[winner]
    runner_slug = scores.regions[runner]
    if criterion == "customer_proximity":
        kind = CUSTOMER_TYPES.index(profile.customer_type)
        at = scores.positions
        access = model.access[kind][at]
        shares = scores.profiles.shares[row]
        gain = shares * (access[winner] - access[runner])
        market = int(np.argmax(gain))
        home = model.catalogue.region_home_market[winner_slug]
        return {
            "criterion": criterion,
            "market": MARKETS[market],
            "share": round(float(shares[market] * 100), 1),
            "inside": home == MARKETS[market],
            "customer_type": profile.customer_type,
        }
    if criterion == "grants":
        programmes = _programmes(model, winner_slug, profile)
        return {
            "criterion": criterion,
            "count": len(programmes),
            "typical_usd": sum(p["typical_usd"] for p in programmes),
            "example": programmes[0]["programme"] if programmes else None,
        }
    if criterion == "venture_capital":
        cluster, _ = model.catalogue.sector_traits[profile.sector]
        return {"criterion": criterion, "stage": profile.stage, "cluster": cluster}
    if criterion == "talent":
        _, discipline = model.catalogue.sector_traits[profile.sector]
        return {"criterion": criterion, "discipline": discipline}
    if criterion == "cost":
        mine = fact(model, winner_slug, "engineer_cost_usd")
        theirs = fact(model, runner_slug, "engineer_cost_usd")
        if mine and theirs:
            return {
                "criterion": criterion,
                "winner_engineer_cost_usd": round(mine["value"]),
                "runner_up_engineer_cost_usd": round(theirs["value"]),
            }
        return None
    if criterion == "policy_risk":
        return {"criterion": criterion, "sector": profile.sector}
    return None
