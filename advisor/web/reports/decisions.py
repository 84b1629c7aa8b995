"""What would change the decision: stay or move, promotions and stability, what-if rankings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.presentation import labels
from advisor.presentation.acceptability import acceptability_rows, rank_acceptability_svg
from advisor.presentation.explanations import (
    baseline_sentences,
    place_name,
    promotion_text,
    robustness_sentence,
)
from advisor.presentation.numbers import percent
from advisor.web.reports.reading import region_names


def stay_or_move(result: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any] | None:
    """The baseline as the page shows it: its sentences and, when it could be scored, each
    criterion where the founder is beside the recommendation's."""
    baseline = result.get("baseline")
    if not baseline:
        return None
    winner = result["ranking"][0]
    rows = []
    if baseline["criteria"]:
        for criterion in CRITERIA:
            rows.append(
                {
                    "criterion": labels.label(labels.CRITERIA, criterion),
                    "here": baseline["criteria"][criterion],
                    "there": winner["criteria"][criterion],
                    "points": baseline["difference"][criterion],
                }
            )
    return {
        "here": place_name(baseline, names),
        "winner": names.get(winner["region"], winner["region"]),
        "sentences": baseline_sentences(baseline, result["recommendation"], names),
        "rows": rows,
        "score": baseline["score"],
        "winner_score": winner["score"],
        "stay": baseline["stay"],
    }


def what_would_change(result: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """The promotions as sentences, the stability intervals as rows of percentages, and the rank
    acceptability chart (results stored before these keys existed have none of them)."""
    order = [entry["region"] for entry in result["ranking"]]
    stability = [
        {
            "criterion": labels.label(labels.CRITERIA, criterion),
            "weight": percent(interval["weight"]),
            "low": None if interval["low"] is None else percent(interval["low"]),
            "high": None if interval["high"] is None else percent(interval["high"]),
            "always": interval["low"] == 0 and interval["high"] == 1,
        }
        for criterion, interval in (result.get("stability") or {}).items()
    ]
    shares = result.get("rank_acceptability") or {}
    rows = acceptability_rows(shares, names, order)
    return {
        "promotions": [promotion_text(entry, names) for entry in result.get("promotions") or []],
        "stability": stability,
        "rank_rows": rows,
        "rank_chart": rank_acceptability_svg(rows) if rows else "",
    }


def what_if(case: Case, result: Mapping[str, Any]) -> dict[str, Any]:
    """A what-if result (same shape as a stored one) next to the case's stored ranking."""
    names = region_names()
    original = {entry["region"]: entry["rank"] for entry in case.result["ranking"]}
    robustness = result.get("robustness", {})
    rows = []
    for entry in result["ranking"]:
        before = original.get(entry["region"])
        rows.append(
            {
                **entry,
                "name": names.get(entry["region"], entry["region"]),
                "first_place": percent(robustness[entry["region"]])
                if entry["region"] in robustness
                else "",
                "original_rank": before,
                "moved": (before - entry["rank"]) if before else 0,
                "places": abs(before - entry["rank"]) if before else 0,
                "criteria_list": [(labels.CRITERIA[c], entry["criteria"][c]) for c in CRITERIA],
            }
        )
    winner = rows[0]
    changed = winner["region"] != case.result["recommendation"]
    return {
        "ranking": rows,
        "winner": winner,
        "changed": changed,
        "robustness": robustness_sentence(
            winner["name"],
            robustness.get(winner["region"]),
            result.get("samples"),
        ),
    }
