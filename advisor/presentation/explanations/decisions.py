"""Why the winner wins: the headline, the criteria behind the lead, the highlights, and the
whole explanation with how robust it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from advisor.presentation import labels
from advisor.presentation.explanations.feasibility import feasibility_sentences
from advisor.presentation.explanations.highlights import highlight_sentence
from advisor.presentation.explanations.phrases import criterion_name, sentences
from advisor.presentation.explanations.robustness import robustness_text
from advisor.presentation.numbers import (
    join,
    percent,
    rounded,
    score,
)
from advisor.presentation.spacing import spaced


def _points(entry: Mapping[str, Any]) -> str:
    """'customer proximity (6.5 points)': a criterion and what it adds to the lead, out of 100."""
    return _("%(criterion)s (%(points)s points)") % {
        "criterion": criterion_name(entry["criterion"]).lower()
        if not (get_language() or "").lower().startswith("zh")
        else criterion_name(entry["criterion"]),
        "points": score(abs(float(entry["points"]))),
    }


def _headline(reasons: Mapping[str, Any], winner: str, runner: str) -> str:
    values = {
        "winner": winner,
        "score": score(reasons["winner_score"]),
        # The difference of the two scores as shown, so that the reader's sum comes out.
        "margin": score(
            abs(rounded(reasons["winner_score"]) - rounded(reasons["runner_up_score"]))
        ),
        "runner": runner,
        "runner_score": score(reasons["runner_up_score"]),
    }
    if reasons.get("highest_total") == reasons.get("runner_up"):
        return (
            _(
                "We recommend %(winner)s (%(score)s out of 100) although %(runner)s scores "
                "%(margin)s points more at your stated priorities (%(runner_score)s): "
                "%(winner)s comes first more often when those priorities and the data vary."
            )
            % values
        )
    return (
        _(
            "%(winner)s ranks first with %(score)s out of 100, %(margin)s points ahead of "
            "%(runner)s (%(runner_score)s)."
        )
        % values
    )


def _outside(reasons: Mapping[str, Any], winner: str, names: Mapping[str, str]) -> str | None:
    outside = reasons.get("outside_markets")
    if not outside:
        return None
    markets = join([labels.label(labels.MARKETS, code) for code in outside["markets"]])
    chinese = (get_language() or "").lower().startswith("zh")
    leads = [
        criterion_name(entry["criterion"])
        if chinese
        else criterion_name(entry["criterion"]).lower()
        # against the best region inside those markets (older results: against the runner-up)
        for entry in outside.get("leads", reasons.get("leads", []))
        if entry["criterion"] != "customer_proximity"  # its distance is what it makes up for
    ]
    rival = outside.get("inside_rival")
    values = {"winner": winner, "markets": markets, "criteria": join(leads)}
    if not leads:
        return (
            _("%(winner)s lies outside the markets your customers are in (%(markets)s).") % values
        )
    if rival:
        return _(
            "%(winner)s lies outside the markets your customers are in (%(markets)s): against "
            "%(rival)s, the best-placed region inside them, it wins on %(criteria)s by more than "
            "its distance from them costs."
        ) % {**values, "rival": names.get(rival, rival)}
    return (
        _(
            "%(winner)s lies outside the markets your customers are in (%(markets)s): it wins on "
            "%(criteria)s by more than its distance from them costs."
        )
        % values
    )


def _depends_on_nationality(reasons: Mapping[str, Any]) -> str | None:
    names = reasons.get("nationality_dependent") or []
    if not names:
        return None
    return ngettext(
        "%(programmes)s is open only to some founders by nationality, which you did not give: "
        "it is counted at a %(chance)s chance.",
        "%(programmes)s are open only to some founders by nationality, which you did not give: "
        "they are counted at a %(chance)s chance.",
        len(names),
    ) % {
        "programmes": join(list(names[:3])),
        "chance": percent(float(reasons.get("nationality_probability") or 0.5)),
    }


def explanation_sentences(reasons: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """Why the winner wins, in the active language. `names` maps region slugs to display names."""
    winner = names.get(reasons["winner"], reasons["winner"])
    if not reasons.get("runner_up"):
        return [
            _("%(winner)s is the only region compared, with %(score)s out of 100.")
            % {"winner": winner, "score": score(reasons["winner_score"])}
        ]
    runner = names.get(reasons["runner_up"], reasons["runner_up"])
    sentences = [_headline(reasons, winner, runner)]
    leads = [_points(entry) for entry in reasons.get("leads", [])]
    trails = [_points(entry) for entry in reasons.get("trails", [])]
    if leads and trails:
        sentences.append(
            _("Its lead comes from %(leads)s; %(runner)s does better on %(trails)s.")
            % {"leads": join(leads), "runner": runner, "trails": join(trails)}
        )
    elif leads:
        sentences.append(_("Its lead comes from %(leads)s.") % {"leads": join(leads)})
    outside = _outside(reasons, winner, names)
    if outside:
        sentences.append(outside)
    for highlight in reasons.get("highlights", []):
        sentence = highlight_sentence(highlight, reasons, winner, runner)
        if sentence:
            sentences.append(sentence)
    dependent = _depends_on_nationality(reasons)
    if dependent:
        sentences.append(dependent)
    sentences.extend(feasibility_sentences(reasons.get("feasibility"), names))
    return [spaced(sentence) for sentence in sentences]


def explanation_text(reasons: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The whole explanation as one text in the active language: why the winner wins, and how
    robust that is."""
    winner = names.get(reasons["winner"], reasons["winner"])
    return sentences(
        [
            *explanation_sentences(reasons, names),
            robustness_text(
                winner,
                reasons.get("first_place_probability"),
                reasons.get("samples"),
                reasons.get("robustness"),
                names.get(reasons.get("rival") or "", reasons.get("rival")),
                reasons.get("rival_probability"),
            ),
        ]
    )
