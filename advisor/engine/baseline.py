"""Stay or move: the founder's current location scored as the baseline the recommendation must
beat, and what the move would cost.

The current location is a region of the dataset (its slug or name: "london", "London, UK"), or a
country (an ISO code: "US", "Pittsburgh, US") when the city is not covered. A region is scored
like any other; a country is scored as the mean of the dataset's regions in it (an
approximation, said so in `approximated_by`), and not at all when the dataset has none there.

The move's one-off cost and time come from the `move.*` parameters (documented assumptions in
regions/data/METHODS.md "Moving", not sourced figures): people who move (by stage) x a cost per
person (abroad or within the country), plus setting up the company abroad.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.engine.countries import COUNTRIES
from advisor.engine.vocabulary import CRITERIA

if TYPE_CHECKING:
    from advisor.engine.model import Model

MOVE_PARAMETERS = (
    "move.abroad_cost_per_person_usd",
    "move.domestic_cost_per_person_usd",
    "move.abroad_entity_usd",
    "move.abroad_weeks",
    "move.domestic_weeks",
)


def locate(model: Model, text: str | None) -> dict[str, Any] | None:
    """{"kind": "region", "region", "country"} or {"kind": "country", "country"} for the
    founder's free-text location, or None when it names neither."""
    if not text or not text.strip():
        return None
    names = {name.lower(): slug for slug, name in model.catalogue.region_names.items()}
    parts = [part.strip() for part in re.split(r"[,/]", text) if part.strip()]
    for candidate in (text.strip(), *parts):
        key = candidate.lower()
        slug = key if key in model.catalogue.region_country else names.get(key)
        if slug:
            return {
                "kind": "region",
                "region": slug,
                "country": model.catalogue.region_country[slug],
            }
    for candidate in reversed(parts):
        if candidate.upper() in COUNTRIES and len(candidate) == 2:
            return {"kind": "country", "region": None, "country": candidate.upper()}
    return None


def move_cost(model: Model, stage: str, origin_country: str, destination: str) -> dict | None:
    """{"one_off_usd", "weeks", "people", "abroad", "basis": "assumption"} for moving a company
    of `stage` from `origin_country` to region `destination`; None without the parameters."""
    params = model.params
    team = f"move.team_{stage}"
    if team not in params or any(name not in params for name in MOVE_PARAMETERS):
        return None
    abroad = model.catalogue.region_country[destination] != origin_country
    people = params[team]
    if abroad:
        cost = people * params["move.abroad_cost_per_person_usd"] + params["move.abroad_entity_usd"]
        weeks = params["move.abroad_weeks"]
    else:
        cost = people * params["move.domestic_cost_per_person_usd"]
        weeks = params["move.domestic_weeks"]
    return {
        "one_off_usd": round(float(cost), 2),
        "weeks": float(weeks),
        "people": float(people),
        "abroad": bool(abroad),
        "basis": "assumption",
    }


def compare(
    model: Model,
    where: dict[str, Any],
    *,
    stage: str,
    recommended: str,
    recommended_criteria: np.ndarray,
    weights: np.ndarray,
    all_criteria: np.ndarray,
) -> dict[str, Any]:
    """The `baseline` of a result. all_criteria (model regions, criteria) is the profile's
    criterion scores in every region of the dataset (model.regions order)."""
    regions = model.regions
    if where["kind"] == "region":
        members = [where["region"]]
    else:
        members = [
            slug for slug in regions if model.catalogue.region_country[slug] == where["country"]
        ]
    baseline: dict[str, Any] = {
        "location": where["region"] or where["country"],
        "kind": where["kind"],
        "region": where["region"],
        "country": where["country"],
        "approximated_by": members if where["kind"] == "country" else [],
        "score": None,
        "criteria": None,
        "difference": None,
        "gain": None,
        "stay": where["region"] == recommended,
        "move": None,
    }
    if members:
        rows = all_criteria[[regions.index(slug) for slug in members]].mean(axis=0)
        total = float(rows @ weights)
        recommended_total = float(recommended_criteria @ weights)
        baseline.update(
            score=round(total, 2),
            criteria={c: round(float(rows[n]), 2) for n, c in enumerate(CRITERIA)},
            # criterion by criterion: points out of 100 the recommendation adds (its criterion
            # score minus the baseline's, times the criterion's weight share)
            difference={
                c: round(float((recommended_criteria[n] - rows[n]) * weights[n]), 2)
                for n, c in enumerate(CRITERIA)
            },
            gain=round(recommended_total - total, 2),
        )
        # A country's figure is its regions' mean, which may be the recommendation itself: only
        # a baseline that does better than the recommendation says stay.
        better = (
            recommended_total <= total if where["kind"] == "region" else recommended_total < total
        )
        baseline["stay"] = baseline["stay"] or better
    if not baseline["stay"]:
        baseline["move"] = move_cost(model, stage, where["country"], recommended)
    return baseline
