"""Why a headquarters and an operations site beat the best single site."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from advisor.presentation.explanations.phrases import criterion_name, sentences
from advisor.presentation.numbers import (
    join,
    number,
    percent,
    score,
)


def _role_names(criteria: Sequence[str]) -> str:
    names = [criterion_name(slug) for slug in criteria]
    if not (get_language() or "").lower().startswith("zh"):
        names = [name.lower() for name in names]
    return join(names)


def pair_explanation(reasons: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Why a headquarters and an operations site beat the best single site, in the active
    language: the role split, the scores, the coordination cost, the pair's own policy exposure
    and how often it still wins."""
    hq = names.get(reasons["headquarters"], reasons["headquarters"])
    ops = names.get(reasons["operations"], reasons["operations"])
    single = names.get(reasons["single"], reasons["single"])
    parts = [
        _(
            "Two sites serve this startup better than one: headquarters in %(hq)s for "
            "%(hq_roles)s, operations in %(ops)s for %(ops_roles)s."
        )
        % {
            "hq": hq,
            "ops": ops,
            "hq_roles": _role_names(reasons.get("headquarters_serves", [])),
            "ops_roles": _role_names(reasons.get("operations_serves", [])),
        },
        _(
            "Together they score %(pair)s out of 100 against %(single_score)s for %(single)s "
            "alone, after %(points)s points for coordination (%(hours)s working hours in common, "
            "%(km)s km apart)."
        )
        % {
            "pair": score(float(reasons["pair_score"])),
            "single_score": score(float(reasons["single_score"])),
            "single": single,
            "points": score(float(reasons["coordination_points"])),
            "hours": number(float(reasons["overlap_hours"]), 1),
            "km": number(float(reasons["distance_km"]), 0),
        },
    ]
    if float(reasons.get("policy_points") or 0) >= 0.05:
        parts.append(
            _(
                "Running operations in %(ops)s from a parent company in %(hq)s brings its own "
                "policy exposure, %(points)s points of the pair's score."
            )
            % {"ops": ops, "hq": hq, "points": score(float(reasons["policy_points"]))}
        )
    probability = reasons.get("beats_single_probability")
    if probability is not None and reasons.get("samples"):
        parts.append(
            _(
                "The pair beats every single site in %(percent)s of %(samples)s plausible "
                "weightings of your priorities."
            )
            % {"percent": percent(float(probability)), "samples": number(reasons["samples"], 0)}
        )
    return sentences(parts)
