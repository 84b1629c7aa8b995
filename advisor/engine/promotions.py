"""Promotions for any region: the smallest change that would make it first (sensitivity.py's
weight and figure promotions, with the region's own figures looked up in the model), and a
region's standing in a stored result.

A result keeps what its promotions need: every compared region's per-criterion scores (in
`ranking`), the normalised weights it was scored with (`weights`) and its profile, beside the
dataset version whose figures the promotion may change. So the promotion of a region the result
did not list (it lists the PROMOTED regions after the winner) is computed from the result
itself, by the same functions, with nothing scored again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from advisor.engine import sensitivity
from advisor.engine.model import Model
from advisor.engine.vocabulary import CRITERIA


@dataclass(frozen=True)
class Levers:
    """The figures a promotion may change for one sector, with their indicators' definitions."""

    candidates: list[sensitivity.Lever]
    definitions: dict[str, dict]


_DEFINITIONS: dict[tuple[str, tuple[str, ...]], dict[str, dict]] = {}


def promotion_levers(model: Model, sector: str) -> Levers:
    """The levers of a profile of `sector` (its discipline decides the talent pool's figure);
    the definitions (scale, bounds) are read once per dataset version."""
    discipline = model.catalogue.sector_traits[sector][1]
    candidates = sensitivity.levers(model.params, discipline)
    indicators = tuple(lever.indicator for lever in candidates)
    key = (model.version, indicators)
    if key not in _DEFINITIONS:
        table = model.indicators.definitions
        _DEFINITIONS[key] = {
            slug: table.loc[slug].to_dict() for slug in indicators if slug in table.index
        }
    return Levers(candidates, _DEFINITIONS[key])


def region_promotion(
    criteria: np.ndarray,
    weights: np.ndarray,
    regions: tuple[str, ...],
    column: int,
    *,
    model: Model | None,
    levers: Levers | None,
    factor: float = 1.0,
) -> dict[str, Any]:
    """{"region", "weight", "figure"}: what would make the region in `column` first (criteria
    (regions, criteria) scores, each region's already scaled by the share of its total the
    feasibility rule lets it keep; weights (criteria,) normalised); each part None when no
    single change of that kind can. `factor` is that share for this region (a better figure
    adds only that share of its points). Without a model (and its levers) there is no figure
    part."""
    region = regions[column]
    weight = sensitivity.weight_promotion(criteria, weights, column)
    figure = None
    if model is not None and levers is not None:
        figures = {}
        for lever in levers.candidates:
            found = model.catalogue.facts.get((region, lever.indicator, ""))
            if found and found["value"] is not None and lever.indicator in levers.definitions:
                figures[lever.indicator] = (
                    float(found["value"]),
                    levers.definitions[lever.indicator],
                )
        figure = sensitivity.figure_promotion(
            criteria, weights, column, figures, levers.candidates, factor=factor
        )
    return {
        "region": region,
        "weight": None
        if weight is None
        else {
            "criterion": weight["criterion"],
            "from": round(float(weight["from"]), 6),
            "to": round(float(weight["to"]), 6),
        },
        "figure": figure,
    }


@dataclass(frozen=True)
class Standing:
    """Where one region stands in one stored result."""

    region: str
    rank: int  # 1 is the recommendation
    score: float  # its total, 0-100, as stored
    winner: str
    winner_score: float
    promotion: dict[str, Any] | None  # None for the winner itself

    @property
    def gap(self) -> float:
        """Points behind the recommendation (0 for it; below 0 for a region with a higher total
        that ranks after it because it takes first place in fewer robustness samples)."""
        return round(self.winner_score - self.score, 2)


def stored_standing(result: Mapping[str, Any], region: str, model: Model | None) -> Standing | None:
    """The standing of `region` in a stored result, with its promotion: the result's own
    `promotions` entry when it lists the region, or else computed from the result's scores and
    weights. Without `model` (the dataset version is no longer held), the promotion has no
    figure part (None), only the weight part. None when the result did not compare the region."""
    ranking = result.get("ranking") or []
    slugs = tuple(entry["region"] for entry in ranking)
    if region not in slugs:
        return None
    column = slugs.index(region)
    entry = ranking[column]
    winner = ranking[0]
    promotion = None
    if column > 0:
        listed = {item["region"]: item for item in result.get("promotions") or []}
        promotion = listed.get(region) or _computed(result, slugs, column, model)
    return Standing(
        region=region,
        rank=int(entry["rank"]),
        score=float(entry["score"]),
        winner=winner["region"],
        winner_score=float(winner["score"]),
        promotion=promotion,
    )


def _computed(
    result: Mapping[str, Any], slugs: tuple[str, ...], column: int, model: Model | None
) -> dict[str, Any]:
    criteria = np.array(
        [[float(entry["criteria"][name]) for name in CRITERIA] for entry in result["ranking"]]
    )
    weights = np.array([float(result["weights"][name]) for name in CRITERIA])
    weights = weights / weights.sum()
    kept = _kept(result, slugs)
    levers = None if model is None else promotion_levers(model, result["profile"]["sector"])
    return region_promotion(
        criteria * kept[:, None],
        weights,
        slugs,
        column,
        model=model,
        levers=levers,
        factor=float(kept[column]),
    )


def _kept(result: Mapping[str, Any], slugs: tuple[str, ...]) -> np.ndarray:
    """Each region's share of its total under the feasibility rule, as the result stated it
    (results from before the rule keep everything)."""
    rule = (result.get("reasons") or {}).get("feasibility") or {}
    penalty = {
        "capital": float(rule.get("capital_penalty") or 0.0),
        "closed": float(rule.get("closed_penalty") or 0.0),
    }
    status = result.get("feasibility") or {}
    return np.array([1.0 - penalty.get(status.get(slug, ""), 0.0) for slug in slugs])
