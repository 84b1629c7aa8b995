"""Explanations generated from the numbers: why the winner beats the runner-up, how sure that is,
and which sourced facts it rests on.

`reasons()` returns plain data (the pages render it in the reader's language); `text()` writes it
as English sentences for the CLI, the API and the stored result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.engine.vocabulary import CRITERIA, CUSTOMER_TYPES, MARKETS, POLICY_DIMENSIONS

if TYPE_CHECKING:
    from advisor.engine.model import Model
    from advisor.engine.profiles import Profile
    from advisor.engine.scoring import Scores

CRITERION_LABELS = {
    "customer_proximity": "customer proximity",
    "grants": "grants",
    "venture_capital": "venture capital",
    "talent": "talent",
    "cost": "cost",
    "policy_risk": "policy risk",
}
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


def _market_name(model: Model, code: str) -> str:
    return model.catalogue.market_names.get(code, code)


def _list(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _highlight_text(
    model: Model, highlight: dict[str, Any], winner: str, runner: str
) -> str | None:
    criterion = highlight["criterion"]
    if criterion == "customer_proximity":
        market = _market_name(model, highlight["market"])
        if highlight["inside"]:
            return f"{highlight['share']:g}% of your customers are in {market}, where {winner} is"
        return f"{winner} is closer to your customers in {market} ({highlight['share']:g}% of them)"
    if criterion == "grants" and highlight["count"]:
        example = f", such as {highlight['example']}" if highlight["example"] else ""
        return (
            f"{highlight['count']} grant programme{'s' if highlight['count'] != 1 else ''} there fit "
            f"your sector and stage (typical awards about {highlight['typical_usd']:,} USD in all{example})"
        )
    if criterion == "venture_capital":
        stage = highlight["stage"].replace("_", " ")
        cluster = highlight["cluster"].replace("_", " ")
        return (
            f"{winner} has deeper capital for {stage} companies and a stronger {cluster} ecosystem"
        )
    if criterion == "talent":
        return f"{winner} has the deeper {highlight['discipline'].replace('_', ' ')} talent pool"
    if criterion == "cost":
        return (
            f"an engineer costs about {highlight['winner_engineer_cost_usd']:,} USD a year there, "
            f"against {highlight['runner_up_engineer_cost_usd']:,} USD in {runner}"
        )
    if criterion == "policy_risk":
        return f"a {highlight['sector'].replace('_', ' ')} company meets fewer export, investment and data rules there"
    return None


def text(details: dict[str, Any], model: Model) -> str:
    """English sentences for the stored result, the CLI and the API."""
    names = model.catalogue.region_names
    winner = names.get(details["winner"], details["winner"])
    sentences = []
    if details["runner_up"] is None:
        sentences.append(
            f"{winner} is the only region compared, with {details['winner_score']:g} out of 100."
        )
    else:
        runner = names.get(details["runner_up"], details["runner_up"])
        sentences.append(
            f"{winner} ranks first with {details['winner_score']:g} out of 100, "
            f"{details['margin']:g} points ahead of {runner} ({details['runner_up_score']:g})."
        )
        if details["leads"]:
            leads = [
                f"{CRITERION_LABELS[x['criterion']]} (+{x['points']:g})" for x in details["leads"]
            ]
            sentence = f"Its lead comes from {_list(leads)}"
            if details["trails"]:
                trails = [
                    f"{CRITERION_LABELS[x['criterion']]} ({x['points']:g})"
                    for x in details["trails"]
                ]
                sentence += f"; {runner} is stronger on {_list(trails)}"
            sentences.append(sentence + ".")
        for highlight in details["highlights"]:
            sentence = _highlight_text(model, highlight, winner, runner)
            if sentence:
                sentences.append(sentence[0].upper() + sentence[1:] + ".")
    probability = details["first_place_probability"]
    if probability is not None:
        verdict = {
            "robust": "so the recommendation is robust",
            "fairly_robust": "so the recommendation is fairly robust",
            "fragile": "so the recommendation is fragile: small changes in priorities or data change the winner",
        }[details["robustness"]]
        sentences.append(
            f"{winner} ranks first in {probability:.0%} of {details['samples']:,} plausible variations "
            f"of your priorities and of the data, {verdict}."
        )
    sourced = [s for s in details["sources"] if s.get("source_name")]
    if sourced:
        names_used = list(dict.fromkeys(s["source_name"] for s in sourced))[:3]
        sentences.append(f"Main sources: {'; '.join(names_used)}.")
    return " ".join(sentences)
