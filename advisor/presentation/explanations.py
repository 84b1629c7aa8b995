"""The one explanation renderer: the engine's reasons (`result["reasons"]`, plain data) as
sentences in the active language, with numbers formatted for it.

The founder's pages write them in the reader's language; the stored `result["explanation"]`,
which the API, the CLI and the admin show, is the same sentences written with English active
(results_explained, called by the scoring services).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from advisor.presentation import labels
from advisor.presentation.numbers import approximately, join, number, percent, rounded, score


def sentences(parts: list[str]) -> str:
    """Sentences run together as the language writes them (Chinese puts no space after 。)."""
    separator = "" if (get_language() or "").lower().startswith("zh") else " "
    return separator.join(part for part in parts if part)


def criterion_name(slug: str) -> str:
    return labels.label(labels.CRITERIA, slug)


def _points(entry: Mapping[str, Any]) -> str:
    value = float(entry["points"])
    sign = "+" if value > 0 else "\u2212"  # a true minus sign
    return _("%(criterion)s (%(sign)s%(points)s points)") % {
        "criterion": criterion_name(entry["criterion"]),
        "sign": sign,
        "points": score(abs(value)),
    }


def _highlight(highlight: Mapping[str, Any], winner: str, runner: str) -> str | None:
    criterion = highlight.get("criterion")
    if criterion == "customer_proximity":
        values = {
            "share": number(highlight["share"]),
            "market": labels.label(labels.MARKETS, highlight["market"]),
            "winner": winner,
        }
        if highlight.get("inside"):
            return (
                _("%(share)s%% of your customers are in %(market)s, where %(winner)s is.") % values
            )
        return (
            _("%(winner)s is closer to your customers in %(market)s (%(share)s%% of them).")
            % values
        )
    if criterion == "grants" and highlight.get("count"):
        values = {
            "count": highlight["count"],
            "amount": approximately(highlight["typical_usd"]),
            "example": highlight.get("example") or "",
        }
        count = int(highlight["count"])
        if highlight.get("example"):
            return (
                ngettext(
                    "%(count)s grant programme there fits your sector and stage: %(example)s, with "
                    "a typical award of about %(amount)s USD.",
                    "%(count)s grant programmes there fit your sector and stage (typical awards of "
                    "about %(amount)s USD in all, such as %(example)s).",
                    count,
                )
                % values
            )
        return (
            ngettext(
                "%(count)s grant programme there fits your sector and stage (typical award of about "
                "%(amount)s USD).",
                "%(count)s grant programmes there fit your sector and stage (typical awards of about "
                "%(amount)s USD in all).",
                count,
            )
            % values
        )
    if criterion == "venture_capital":
        return _(
            "%(winner)s has deeper capital at your stage (%(stage)s) and a stronger %(cluster)s "
            "ecosystem."
        ) % {
            "winner": winner,
            "stage": labels.label(labels.STAGES, highlight["stage"]),
            "cluster": labels.label(labels.CLUSTERS, highlight["cluster"]),
        }
    if criterion == "talent":
        return _("%(winner)s has the deeper %(discipline)s talent pool.") % {
            "winner": winner,
            "discipline": labels.label(labels.DISCIPLINES, highlight["discipline"]),
        }
    if criterion == "cost":
        return _(
            "An engineer costs about %(winner_cost)s USD a year in %(winner)s, against "
            "%(runner_cost)s USD in %(runner)s."
        ) % {
            "winner": winner,
            "runner": runner,
            "winner_cost": approximately(highlight["winner_engineer_cost_usd"]),
            "runner_cost": approximately(highlight["runner_up_engineer_cost_usd"]),
        }
    if criterion == "policy_risk":
        return _(
            "In your sector (%(sector)s), a company meets fewer export, investment and data rules "
            "in %(winner)s."
        ) % {
            "sector": labels.label(labels.SECTORS, highlight["sector"]),
            "winner": winner,
        }
    return None


def explanation_sentences(reasons: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """Why the winner wins, in the active language. `names` maps region slugs to display names."""
    winner = names.get(reasons["winner"], reasons["winner"])
    if not reasons.get("runner_up"):
        return [
            _("%(winner)s is the only region compared, with %(score)s out of 100.")
            % {"winner": winner, "score": score(reasons["winner_score"])}
        ]
    runner = names.get(reasons["runner_up"], reasons["runner_up"])
    sentences = [
        _(
            "%(winner)s ranks first with %(score)s out of 100, %(margin)s points ahead of "
            "%(runner)s (%(runner_score)s)."
        )
        % {
            "winner": winner,
            "score": score(reasons["winner_score"]),
            # The difference of the two scores as shown, so that the reader's sum comes out.
            "margin": score(rounded(reasons["winner_score"]) - rounded(reasons["runner_up_score"])),
            "runner": runner,
            "runner_score": score(reasons["runner_up_score"]),
        }
    ]
    leads = [_points(entry) for entry in reasons.get("leads", [])]
    trails = [_points(entry) for entry in reasons.get("trails", [])]
    if leads and trails:
        sentences.append(
            _("Its lead comes from %(leads)s; %(runner)s is stronger on %(trails)s.")
            % {"leads": join(leads), "runner": runner, "trails": join(trails)}
        )
    elif leads:
        sentences.append(_("Its lead comes from %(leads)s.") % {"leads": join(leads)})
    for highlight in reasons.get("highlights", []):
        sentence = _highlight(highlight, winner, runner)
        if sentence:
            sentences.append(sentence)
    return sentences


ROBUSTNESS_VERDICTS = {
    "robust": gettext_lazy("The recommendation is robust."),
    "fairly_robust": gettext_lazy("The recommendation is fairly robust."),
    "fragile": gettext_lazy(
        "The recommendation is fragile: small changes in your priorities or in the data change "
        "the winner."
    ),
}


def robustness_sentence(region: str, probability: float | None, samples: int | None) -> str:
    """'Tokyo ranks first in 83% of 10,000 plausible weightings ...', or '' without an analysis."""
    if probability is None or not samples:
        return ""
    return _(
        "%(region)s ranks first in %(percent)s of %(samples)s plausible weightings of your "
        "priorities and of the data."
    ) % {"region": region, "percent": percent(probability), "samples": number(samples, 0)}


def robustness_text(
    region: str, probability: float | None, samples: int | None, robustness: str | None
) -> str:
    """How sure the recommendation is: how often `region` ranks first, and what that makes it."""
    return sentences(
        [
            robustness_sentence(region, probability, samples),
            str(ROBUSTNESS_VERDICTS.get(robustness or "", "")),
        ]
    )


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
            ),
        ]
    )


def results_explained(results: Sequence[Any], *, names: Mapping[str, str]) -> list[Any]:
    """The engine's results, each with its English `explanation` put in after `robustness`;
    anything else in `results` (the engine's refusals) is passed through. `names` maps region
    slugs to the names the data gives them."""
    with translation.override("en"):
        return [
            _explained(result, names) if isinstance(result, dict) else result for result in results
        ]


def _explained(result: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    explained: dict[str, Any] = {}
    for key, value in result.items():
        explained[key] = value
        if key == "robustness":
            explained["explanation"] = explanation_text(result["reasons"], names)
    return explained
