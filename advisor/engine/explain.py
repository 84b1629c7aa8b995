"""Explanations generated from the numbers: why the winner beats the runner-up, how sure that is,
and which sourced facts it rests on.

`reasons()` returns plain data; advisor.presentation.explanations writes it as sentences, in the
reader's language on the pages and in English for the stored result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.engine import policy
from advisor.engine.countries import CITY_STATES
from advisor.engine.vocabulary import CRITERIA, CUSTOMER_TYPES, MARKETS, MEASURED_CLUSTERS, STAGES

if TYPE_CHECKING:
    from advisor.engine.model import Model
    from advisor.engine.profiles import Profile
    from advisor.engine.scoring import Scores

NOTABLE_POINTS = 0.05  # contributions smaller than this are noise, not reasons
MAX_LEADS = 3
MAX_TRAILS = 2
MIN_SHARE = 0.5  # percent: a market holding less of the customers is never a reason


def _indicators_for(
    model: Model, criterion: str, sector: str, customer_type: str
) -> list[tuple[str, str]]:
    """(indicator, qualifier) pairs behind a criterion for this profile."""
    cluster, discipline = model.catalogue.sector_traits[sector]
    chosen = {
        "": "",
        "cluster": cluster,
        "rated_cluster": cluster,
        "discipline": discipline,
        "customer_type": customer_type,
    }
    pairs: list[tuple[str, str]] = []
    for slug, kind in model.catalogue.criterion_indicators.get(criterion, []):
        if slug.startswith("talent_") and slug != f"talent_{discipline}":
            continue
        if slug.startswith("customers_") and slug != f"customers_{customer_type}":
            continue
        if kind in chosen:
            pairs.append((slug, chosen[kind]))
    return pairs


def fact(model: Model, region: str, indicator: str, qualifier: str = "") -> dict[str, Any] | None:
    found = model.catalogue.facts.get((region, indicator, qualifier))
    return dict(found) if found else None


def _value(model: Model, region: str, indicator: str, qualifier: str = "") -> float | None:
    found = model.catalogue.facts.get((region, indicator, qualifier))
    return None if not found or found["value"] is None else float(found["value"])


def _national(model: Model, winner: str, runner: str, indicator: str) -> list[str]:
    """Which sides ("winner", "runner_up") have their whole country's figure for `indicator`
    (a city-state's country is the city: not counted)."""
    facts = model.catalogue.facts
    countries = model.catalogue.region_country
    return [
        side
        for side, slug in (("winner", winner), ("runner_up", runner))
        if (facts.get((slug, indicator, "")) or {}).get("geography") == "country"
        and countries.get(slug) not in CITY_STATES
    ]


def _robustness(model: Model, first: np.ndarray, order: np.ndarray, regions) -> dict[str, Any]:
    """The verdict on the winner's first-place share and its strongest rival's."""
    params = model.params
    winner = order[0]
    shares = first.copy()
    shares[winner] = -1
    rival = int(np.argmax(shares)) if len(order) > 1 else None
    probability = float(first[winner])
    rival_probability = float(first[rival]) if rival is not None else 0.0
    if rival_probability >= params["robustness.close_call_rival"]:
        verdict = "close_call"
    elif (
        probability >= params["robustness.robust_threshold"]
        and rival_probability < params["robustness.robust_rival_limit"]
    ):
        verdict = "robust"
    elif probability >= params["robustness.fragile_threshold"]:
        verdict = "fairly_robust"
    else:
        verdict = "fragile"
    return {
        "first_place_probability": round(probability, 4),
        "robustness": verdict,
        "rival": regions[rival] if rival is not None and rival_probability > 0 else None,
        "rival_probability": round(rival_probability, 4) if rival is not None else None,
    }


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
        "rival": None,
        "rival_probability": None,
        "highest_total": None,
        "samples": scores.samples,
        "outside_markets": None,
        "highlights": [],
        "programmes": [],
        "nationality_dependent": [],
        "rules": [],
        "sources": [],
    }
    if scores.first_place is not None:
        details.update(_robustness(model, scores.first_place[row], order, scores.regions))
        central = int(scores.central_winner()[row])
        if central != winner:
            details["highest_total"] = scores.regions[central]
    details["outside_markets"] = _outside(scores, row, winner, order)
    programmes = _programmes(model, scores.regions[winner], profile)
    details["programmes"] = programmes
    details["nationality_dependent"] = (
        [p["programme"] for p in programmes if p["depends_on_nationality"]]
        if profile.founder_nationality is None
        else []
    )
    details["nationality_probability"] = model.params["grants.unknown_eligibility"]
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
    details["leads"] = _leads(gaps)
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
    details["rules"] = _rules(scores, row, winner) + _rules(scores, row, runner)

    seen: set[tuple[str, str, str]] = set()
    for entry in details["leads"] + details["trails"]:
        criterion = entry["criterion"]
        if criterion == "grants":
            details["sources"].extend(programmes[:3])
            continue
        if criterion == "policy_risk":
            details["sources"].extend(
                {"criterion": criterion, **rule} for rule in details["rules"][:3]
            )
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


def _leads(gaps: np.ndarray, *, skip: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The criteria a region leads another on by more than NOTABLE_POINTS weighted points, the
    largest first; `gaps` is (criteria,) weight x score difference."""
    return [
        {"criterion": CRITERIA[c], "points": round(float(gaps[c]), 2)}
        for c in np.argsort(-gaps)
        if gaps[c] > NOTABLE_POINTS and CRITERIA[c] not in skip
    ][:MAX_LEADS]


def _outside(scores: Scores, row: int, winner: int, order: np.ndarray) -> dict[str, Any] | None:
    """When the winner lies inside none of the markets that hold the customers: which markets,
    how much of the customers they hold, and what it wins on against the best-ranked region
    inside them (`inside_rival`): the runner-up may lie outside too, so the winner's lead over it
    would not say why an outside region beats an inside one."""
    model = scores.model
    shares = scores.profiles.shares[row]
    held = [
        (m, code, float(shares[m]))
        for m, code in enumerate(MARKETS)
        if shares[m] > 0 and code != "OTHER"
    ]
    if not held:
        return None

    def is_inside(column: int) -> bool:
        inside = model.inside[scores.positions[column]]
        return any(inside[m] > 0 for m, _, _ in held)

    if is_inside(winner):
        return None
    rival = next((int(column) for column in order if is_inside(int(column))), None)
    leads: list[dict[str, Any]] = []
    if rival is not None:
        gaps = scores.weights[row] * (scores.criteria[row][winner] - scores.criteria[row][rival])
        # its distance from the customers is what the outside region makes up for
        leads = _leads(gaps, skip=("customer_proximity",))
    return {
        "markets": [code for _, code, _ in held],
        "share": round(100 * sum(share for _, _, share in held), 1),
        "inside_rival": scores.regions[rival] if rival is not None else None,
        "leads": leads,
    }


def _rules(scores: Scores, row: int, column: int) -> list[dict[str, Any]]:
    model = scores.model
    persons = policy.persons_of_issuers(
        model.rules,
        scores.profiles.nationalities()[row : row + 1],
        scores.profiles.incorporations()[row : row + 1],
        model.params,
    )[0]
    found = policy.binding(
        model.rules,
        scores.positions,
        int(scores.profiles.sector[row]),
        int(scores.profiles.customer_type[row]),
        scores.profiles.shares[row],
        persons,
        column,
    )
    region = scores.regions[column]
    return [
        {
            "region": region,
            "rule": slug,
            "name": model.catalogue.rules[slug]["name"],
            "instrument": model.catalogue.rules[slug]["instrument"],
            "bite": round(bite, 3),
            "source_name": model.catalogue.rules[slug]["source_name"],
            "source_url": model.catalogue.rules[slug]["source_url"],
            "year": model.catalogue.rules[slug]["edition"],
            "is_estimate": False,
        }
        for slug, bite in found[:3]
    ]


def _programmes(model: Model, region: str, profile: Profile) -> list[dict[str, Any]]:
    """The region's programmes this profile can bank money from, largest expected cash first;
    lapsed programmes and reliefs for investors are left out."""
    table = model.programmes
    stage = STAGES.index(profile.stage)
    factor = table.nationality_factor(profile.founder_nationality)
    depends = table.depends_on_nationality()
    listed = []
    for programme in model.catalogue.programmes.get(region, []):
        number = programme["number"]
        cash = float(table.cash[number, stage] * factor[number])
        if profile.sector not in programme["sector_set"] or cash <= 0:
            continue
        listed.append(
            {
                "criterion": "grants",
                "region": region,
                "programme": programme["name"],
                "kind": programme["kind"],
                "typical_usd": round(programme["typical_usd"]),
                "expected_usd": round(cash),
                "depends_on_nationality": bool(depends[number])
                and profile.founder_nationality is None,
                "stale": bool(table.stale[number]),
                "year": programme["year"],
                "source_name": programme["source_name"],
                "source_url": programme["source_url"],
                "is_estimate": programme["is_estimate"],
            }
        )
    return sorted(listed, key=lambda item: -item["expected_usd"])


def _highlight(
    scores: Scores, row: int, profile: Profile, criterion: str, winner: int, runner: int
) -> dict[str, Any] | None:
    """The fact behind a lead, only where the figures shown back the comparison."""
    model = scores.model
    winner_slug = scores.regions[winner]
    runner_slug = scores.regions[runner]
    if criterion == "customer_proximity":
        kind = CUSTOMER_TYPES.index(profile.customer_type)
        access = model.access[kind][scores.positions]
        shares = scores.profiles.shares[row]
        gain = shares * (access[winner] - access[runner])
        market = int(np.argmax(gain))
        if gain[market] <= 0 or shares[market] * 100 < MIN_SHARE or MARKETS[market] == "OTHER":
            return None
        return {
            "criterion": criterion,
            "market": MARKETS[market],
            "share": round(float(shares[market] * 100), 1),
            "inside": bool(model.inside[scores.positions[winner], market] > 0),
            "customer_type": profile.customer_type,
        }
    if criterion == "grants":
        programmes = _programmes(model, winner_slug, profile)
        if not programmes:
            return None
        return {
            "criterion": criterion,
            "count": len(programmes),
            "expected_usd": sum(p["expected_usd"] for p in programmes),
            "example": programmes[0]["programme"],
            "example_kind": programmes[0]["kind"],
        }
    if criterion == "venture_capital":
        figures = {}
        for indicator in ("vc_invested_usd_bn", "unicorns"):
            mine, theirs = (_value(model, slug, indicator) for slug in (winner_slug, runner_slug))
            if mine is not None and theirs is not None and mine > theirs:
                figures[indicator] = {"winner": mine, "runner_up": theirs}
                national = _national(model, winner_slug, runner_slug, indicator)
                if national:
                    figures[indicator]["national"] = national
        cluster, _ = model.catalogue.sector_traits[profile.sector]
        indicator, qualifier = MEASURED_CLUSTERS.get(cluster, "sector_strength"), cluster
        if cluster in MEASURED_CLUSTERS:
            qualifier = ""
        mine, theirs = (
            _value(model, slug, indicator, qualifier) for slug in (winner_slug, runner_slug)
        )
        stronger = mine is not None and theirs is not None and mine > theirs
        if not figures and not stronger:
            return None
        return {
            "criterion": criterion,
            "stage": profile.stage,
            "cluster": cluster if stronger else None,
            "figures": figures,
        }
    if criterion == "talent":
        _, discipline = model.catalogue.sector_traits[profile.sector]
        mine, theirs = (
            _value(model, slug, f"talent_{discipline}") for slug in (winner_slug, runner_slug)
        )
        if mine is None or theirs is None or mine <= theirs:
            return None
        national = _national(model, winner_slug, runner_slug, f"talent_{discipline}")
        return {
            "criterion": criterion,
            "discipline": discipline,
            "indicator": f"talent_{discipline}",
            "winner": mine,
            "runner_up": theirs,
            **({"national": national} if national else {}),
        }
    if criterion == "cost":
        mine = _value(model, winner_slug, "engineer_cost_usd")
        theirs = _value(model, runner_slug, "engineer_cost_usd")
        if mine is not None and theirs is not None and mine < theirs:
            national = _national(model, winner_slug, runner_slug, "engineer_cost_usd")
            return {
                "criterion": criterion,
                "winner_engineer_cost_usd": round(mine),
                "runner_up_engineer_cost_usd": round(theirs),
                **({"national": national} if national else {}),
            }
        return None
    if criterion == "policy_risk":
        return {"criterion": criterion, "sector": profile.sector}
    return None
