"""Stay or move: where the founder is against the recommendation, and what the move costs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from advisor.presentation.explanations.phrases import criterion_name
from advisor.presentation.numbers import (
    join,
    number,
    score,
    significant,
)
from advisor.presentation.spacing import spaced


def place_name(baseline: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """Where the founder is: the region's name, or the country's code with the regions that
    stand in for it."""
    if baseline["kind"] == "region":
        return names.get(baseline["region"], baseline["region"])
    if baseline["approximated_by"]:
        return _("%(country)s (scored as %(regions)s)") % {
            "country": baseline["country"],
            "regions": join([names.get(slug, slug) for slug in baseline["approximated_by"]]),
        }
    return baseline["country"]


def _gains(difference: Mapping[str, float], *, positive: bool) -> list[str]:
    chosen = sorted(
        ((c, v) for c, v in difference.items() if (v >= NOTABLE if positive else v <= -NOTABLE)),
        key=lambda item: -abs(item[1]),
    )[:MAX_NAMED]
    return [
        _("%(criterion)s (%(points)s points)")
        % {"criterion": criterion_name(c), "points": number(abs(v), 1)}
        for c, v in chosen
    ]


NOTABLE = 0.5  # points: smaller differences are not named
MAX_NAMED = 3


def move_sentence(move: Mapping[str, Any] | None) -> str:
    if not move:
        return ""
    values = {
        "cost": significant(move["one_off_usd"]),
        "weeks": number(move["weeks"], 0),
        "people": number(move["people"], 0),
    }
    if move["abroad"]:
        return (
            _(
                "The move would cost about %(cost)s USD once and take about %(weeks)s weeks: our "
                "assumption for %(people)s people moving abroad and a new company there, not a "
                "sourced figure."
            )
            % values
        )
    return (
        _(
            "The move would cost about %(cost)s USD once and take about %(weeks)s weeks: our "
            "assumption for %(people)s people moving within the country, not a sourced figure."
        )
        % values
    )


def baseline_sentences(
    baseline: Mapping[str, Any] | None, recommended: str, names: Mapping[str, str]
) -> list[str]:
    """Stay or move, in the active language: [] without a baseline."""
    if not baseline:
        return []
    here = place_name(baseline, names)
    winner = names.get(recommended, recommended)
    if baseline["stay"] and baseline["region"] == recommended:
        return [spaced(_("Stay where you are: %(here)s is the recommendation.") % {"here": here})]
    if baseline["score"] is None:
        return [
            spaced(
                _(
                    "The data covers no region in %(country)s, so staying where you are cannot be "
                    "scored against %(winner)s."
                )
                % {"country": baseline["country"], "winner": winner}
            ),
            spaced(move_sentence(baseline["move"])),
        ]
    if baseline["stay"]:
        return [
            spaced(
                _(
                    "Stay where you are: %(here)s scores %(score)s out of 100 at your weights, "
                    "no less than %(winner)s; moving would not pay."
                )
                % {"here": here, "score": score(baseline["score"]), "winner": winner}
            )
        ]
    gains = _gains(baseline["difference"], positive=True)
    losses = _gains(baseline["difference"], positive=False)
    parts = [
        _("Moving from %(here)s to %(winner)s adds %(points)s points out of 100 over staying.")
        % {"here": here, "winner": winner, "points": number(baseline["gain"], 1)}
    ]
    if gains and losses:
        parts.append(
            _("It gains on %(gains)s and gives up %(losses)s.")
            % {"gains": join(gains), "losses": join(losses)}
        )
    elif gains:
        parts.append(_("It gains on %(gains)s.") % {"gains": join(gains)})
    parts.append(move_sentence(baseline["move"]))
    return [spaced(part) for part in parts if part]
