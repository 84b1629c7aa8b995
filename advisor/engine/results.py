"""A scored batch of one as the JSON-ready result the CLI, the API and the pages share: the
ranking, the robustness, the explanation's reasons (data), the relocation plan and the two-site
plans, stay or move, and what would have to change (advisor/engine/scoring.py scores; this
module reads its Scores)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from advisor.engine import baseline, explain, pairs, plan, promotions, robustness, sensitivity
from advisor.engine.profiles import Profile
from advisor.engine.version import ENGINE_VERSION
from advisor.engine.vocabulary import CRITERIA

if TYPE_CHECKING:
    from advisor.engine.scoring import Scores


def one_row(scores: Scores, row: int) -> Scores:
    """One profile's scores as a batch of one, so ranking and explanation cost O(1) per profile
    (explain.reasons ranks every row of the batch it is given)."""
    at = slice(row, row + 1)
    return replace(
        scores,
        profiles=scores.profiles.rows(at),
        criteria=scores.criteria[at],
        weights=scores.weights[at],
        totals=scores.totals[at],
        first_place=None if scores.first_place is None else scores.first_place[at],
        feasibility=None if scores.feasibility is None else scores.feasibility[at],
    )


def result_of(scores: Scores, profile: Profile) -> dict[str, Any]:
    """The JSON-ready result for a batch of one. Its explanation is data (`reasons`); the
    services write it as sentences."""
    model = scores.model
    order = scores.ranking()[0]
    ranking = [
        {
            "region": scores.regions[column],
            "rank": rank,
            "score": round(float(scores.totals[0, column]), 2),
            "criteria": {
                criterion: round(float(scores.criteria[0, column, number]), 2)
                for number, criterion in enumerate(CRITERIA)
            },
        }
        for rank, column in enumerate(order, start=1)
    ]
    first_place = scores.first_place[0] if scores.first_place is not None else None
    reasons = explain.reasons(scores, 0, profile)
    relocation = _plans(scores, profile, order)
    reasons["feasibility"] = relocation["feasibility"]
    decisions = _decisions(scores, profile, order)
    decisions["baseline"] = _baseline(scores, profile, int(order[0]))
    return {
        "recommendation": ranking[0]["region"],
        "ranking": ranking,
        "robustness": (
            {scores.regions[c]: round(float(first_place[c]), 6) for c in order}
            if first_place is not None
            else {}
        ),
        "reasons": reasons,
        "weights": {
            criterion: round(float(scores.weights[0, number]), 9)
            for number, criterion in enumerate(CRITERIA)
        },
        **decisions,
        "profile": profile.to_dict(),
        "plan": relocation["plan"],
        "feasibility": relocation["by_region"],
        "pairs": relocation["pairs"],
        "samples": scores.samples,
        "dataset_version": model.version,
        "engine_version": ENGINE_VERSION,
    }


def _plans(scores: Scores, profile: Profile, order: np.ndarray) -> dict[str, Any]:
    """The relocation plan of the recommended region, each region's feasibility, the
    feasibility reasons for the explanation, and the two-site plans (pairs.best_pairs)."""
    model = scores.model
    need = profile.funding_need_usd
    nationality = profile.founder_nationality
    status = (
        scores.feasibility[0]
        if scores.feasibility is not None
        else np.zeros(len(scores.regions), dtype=np.int8)
    )
    by_region = {scores.regions[column]: plan.STATUSES[status[column]] for column in order}
    winner = scores.regions[order[0]]
    recommended = plan.region_plan(
        model.routes, winner, model.catalogue.region_country[winner], nationality, need
    )
    flagged = [
        {"region": region, "status": value}
        for region, value in by_region.items()
        if value in ("capital", "closed")
    ]
    feasibility = {
        "nationality": nationality,
        "funding_need_usd": need,
        "flagged": flagged,
        "capital_penalty": model.params["feasibility.capital_penalty"],
        "closed_penalty": model.params["feasibility.closed_penalty"],
        "winner_status": by_region[winner],
    }
    kept = plan.factors(model.routes, status)
    return {
        "plan": recommended,
        "by_region": by_region,
        "feasibility": feasibility,
        "pairs": pairs.best_pairs(scores, 0, kept),
    }


def _baseline(scores: Scores, profile: Profile, winner: int) -> dict[str, Any] | None:
    """Stay or move (advisor.engine.baseline): None without a current location it recognises."""
    model = scores.model
    where = baseline.locate(model, profile.current_location)
    if where is None:
        return None
    if scores.regions == model.regions:
        everywhere = scores.criteria[0]
    else:  # the baseline may lie outside the regions compared: score this profile everywhere
        from advisor.engine.scoring import score  # scoring imports this module

        everywhere = score(model, scores.profiles, samples=0).criteria[0]
    return baseline.compare(
        model,
        where,
        stage=profile.stage,
        recommended=scores.regions[winner],
        recommended_criteria=scores.criteria[0, winner],
        weights=scores.weights[0],
        all_criteria=everywhere,
    )


def _decisions(scores: Scores, profile: Profile, order: np.ndarray) -> dict[str, Any]:
    """What would have to change (advisor.engine.sensitivity) for a batch of one: `stability`,
    `promotions` (their sentences are written by the presentation layer), `rank_acceptability`
    and the winner's `central_weights`."""
    model = scores.model
    # A region the founders cannot (fully) move to keeps only part of its total: its criteria
    # scaled by that share give the penalised total, so every interval, promotion and sample
    # below is of the ranking the result states.
    kept = (
        np.ones(len(scores.positions))
        if scores.feasibility is None
        else plan.factors(model.routes, scores.feasibility[:1])[0]
    )
    criteria, weights = scores.criteria[0] * kept[:, None], scores.weights[0]
    winner = int(order[0])
    levers = promotions.promotion_levers(model, profile.sector)
    promoted = [
        promotions.region_promotion(
            criteria,
            weights,
            scores.regions,
            int(column),
            model=model,
            levers=levers,
            factor=float(kept[column]),
        )
        for column in order[1 : 1 + sensitivity.PROMOTED]
    ]
    decisions: dict[str, Any] = {
        "stability": sensitivity.stability(criteria, weights, winner),
        "promotions": promoted,
    }
    if scores.samples > 0:
        spread = (
            robustness.total_uncertainty(
                scores.criteria[:1], scores.weights[:1], model.uncertainty[:, scores.positions]
            )[0]
            * kept
        )
        shares, central = sensitivity.rank_acceptability(
            criteria,
            weights,
            spread,
            scores.positions,
            len(model.regions),
            samples=scores.samples,
            concentration=model.params["robustness.concentration"],
            seed=int(model.params["robustness.seed"]),
            winner=winner,
        )
        rounded = np.round(shares, 6).tolist()
        decisions["rank_acceptability"] = {
            scores.regions[column]: rounded[column] for column in order
        }
        decisions["central_weights"] = {
            criterion: round(float(central[number]), 6) for number, criterion in enumerate(CRITERIA)
        }
    return decisions
