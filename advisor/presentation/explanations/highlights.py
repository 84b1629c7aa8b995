"""The sentence that backs each criterion the winner leads on with its figures (proximity,
grants, venture capital, talent, cost, policy).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from advisor.presentation import labels
from advisor.presentation.numbers import (
    approximately,
    join,
    number,
    significant,
)

KIND_NAMES = {
    "grant": gettext_lazy("a grant"),
    "subsidy": gettext_lazy("a subsidy"),
    "voucher": gettext_lazy("a voucher"),
    "loan": gettext_lazy("a loan"),
    "equity": gettext_lazy("an equity co-investment"),
    "company_tax_relief": gettext_lazy("a tax relief for the company"),
    "investor_tax_relief": gettext_lazy("a tax relief for its investors"),
}
TALENT_MEASURES = {
    "talent_hardware_engineering": gettext_lazy("inventors' patent applications"),
    "talent_software_engineering": gettext_lazy("software developers"),
    "talent_life_sciences": gettext_lazy("scientific publications"),
}


def _proximity(highlight: Mapping[str, Any], winner: str) -> str:
    values = {
        "share": number(highlight["share"]),
        "market": labels.label(labels.MARKETS, highlight["market"]),
        "winner": winner,
    }
    if highlight.get("inside"):
        return _("%(share)s%% of your customers are in %(market)s, where %(winner)s is.") % values
    return _("%(winner)s is closer to your customers in %(market)s (%(share)s%% of them).") % values


def _grants(highlight: Mapping[str, Any]) -> str:
    count = int(highlight["count"])
    return ngettext(
        "A programme there that fits your sector and stage should bring about %(amount)s USD: "
        "%(example)s, %(kind)s.",
        "The %(count)s programmes there that fit your sector and stage should bring about "
        "%(amount)s USD in all; the largest is %(example)s, %(kind)s.",
        count,
    ) % {
        "count": count,
        # Results stored before expected cash was counted carry the typical awards instead.
        "amount": approximately(highlight.get("expected_usd", highlight.get("typical_usd", 0))),
        "example": highlight.get("example") or "",
        "kind": KIND_NAMES.get(highlight.get("example_kind") or "grant", KIND_NAMES["grant"]),
    }


def _national_note(sides: list[str], winner: str, runner: str) -> str:
    """ " (X: the whole country's figure)" for the sides whose figure is national, or "". The
    texts carry their own leading space, so Chinese can have none before its full-width
    parenthesis."""
    names = [{"winner": winner, "runner_up": runner}[side] for side in sides]
    if not names:
        return ""
    if len(names) == 2:
        return _(" (national figures for both)")
    return _(" (%(region)s: the whole country's figure)") % {"region": names[0]}


def _noted(sentence: str, note: str) -> str:
    """The sentence with the note before its closing full stop (either script's)."""
    if not note:
        return sentence
    if sentence[-1:] in (".", "\u3002"):
        return sentence[:-1] + note + sentence[-1]
    return sentence + note


def _capital(highlight: Mapping[str, Any], winner: str, runner: str) -> str:
    figures = highlight.get("figures") or {}
    parts = []
    if "vc_invested_usd_bn" in figures:
        pair = figures["vc_invested_usd_bn"]
        parts.append(
            _(
                "startups in %(winner)s raised %(mine)s bn USD of venture capital in a year, "
                "against %(theirs)s bn USD in %(runner)s"
            )
            % {
                "winner": winner,
                "runner": runner,
                "mine": significant(pair["winner"]),
                "theirs": significant(pair["runner_up"]),
            }
            + _national_note(pair.get("national", []), winner, runner)
        )
    if "unicorns" in figures:
        pair = figures["unicorns"]
        parts.append(
            _("%(winner)s has %(mine)s unicorns, %(runner)s %(theirs)s")
            % {
                "winner": winner,
                "runner": runner,
                "mine": number(pair["winner"], 0),
                "theirs": number(pair["runner_up"], 0),
            }
            + _national_note(pair.get("national", []), winner, runner)
        )
    if not figures and highlight.get("cluster") and "figures" not in highlight:
        # a result stored before the figures were given
        return _(
            "%(winner)s has deeper capital at your stage (%(stage)s) and a stronger %(cluster)s "
            "ecosystem."
        ) % {
            "winner": winner,
            "stage": labels.label(labels.STAGES, highlight["stage"]),
            "cluster": labels.label(labels.CLUSTERS, highlight["cluster"]),
        }
    if highlight.get("cluster"):
        parts.append(
            _("its %(cluster)s ecosystem is stronger")
            % {"cluster": labels.label(labels.CLUSTERS, highlight["cluster"])}
        )
    return _("On venture capital, %(facts)s.") % {"facts": join(parts)}


def _talent(highlight: Mapping[str, Any], winner: str, runner: str) -> str:
    discipline = labels.label(labels.DISCIPLINES, highlight["discipline"])
    if "winner" not in highlight:  # a result stored before the figures were given
        return _("%(winner)s has the deeper %(discipline)s talent pool.") % {
            "winner": winner,
            "discipline": discipline,
        }
    values = {
        "winner": winner,
        "runner": runner,
        "discipline": labels.label(labels.DISCIPLINES, highlight["discipline"]),
        "mine": significant(highlight["winner"]),
        "theirs": significant(highlight["runner_up"]),
        "measure": TALENT_MEASURES.get(highlight.get("indicator", ""), ""),
    }
    if len(highlight.get("national", [])) == 2:  # a national count stands for both cities
        return (
            _(
                "%(winner)s has the deeper %(discipline)s pool: its country counts %(mine)s "
                "%(measure)s, %(runner)s's %(theirs)s (national figures)."
            )
            % values
        )
    return _noted(
        _(
            "%(winner)s has the deeper %(discipline)s pool: %(mine)s %(measure)s against "
            "%(theirs)s in %(runner)s."
        )
        % values,
        _national_note(highlight.get("national", []), winner, runner),
    )


def _policy(
    highlight: Mapping[str, Any], reasons: Mapping[str, Any], winner: str, runner: str
) -> str:
    sector = labels.label(labels.SECTORS, highlight["sector"])
    runner_rules = [
        rule["name"] for rule in reasons.get("rules", []) if rule["region"] == reasons["runner_up"]
    ]
    if runner_rules:
        return _(
            "Fewer rules bind a company in your sector (%(sector)s) in %(winner)s; in %(runner)s, "
            "%(rules)s apply."
        ) % {"sector": sector, "winner": winner, "runner": runner, "rules": join(runner_rules[:2])}
    return _("Fewer rules bind a company in your sector (%(sector)s) in %(winner)s.") % {
        "sector": sector,
        "winner": winner,
    }


def highlight_sentence(
    highlight: Mapping[str, Any], reasons: Mapping[str, Any], winner: str, runner: str
) -> str | None:
    criterion = highlight.get("criterion")
    if criterion == "customer_proximity":
        return _proximity(highlight, winner)
    if criterion == "grants" and highlight.get("count"):
        return _grants(highlight)
    if criterion == "venture_capital":
        return _capital(highlight, winner, runner)
    if criterion == "talent":
        return _talent(highlight, winner, runner)
    if criterion == "cost":
        sentence = _(
            "An engineer costs about %(winner_cost)s USD a year in %(winner)s, against "
            "%(runner_cost)s USD in %(runner)s."
        ) % {
            "winner": winner,
            "runner": runner,
            "winner_cost": approximately(highlight["winner_engineer_cost_usd"]),
            "runner_cost": approximately(highlight["runner_up_engineer_cost_usd"]),
        }
        return _noted(sentence, _national_note(highlight.get("national", []), winner, runner))
    if criterion == "policy_risk":
        return _policy(highlight, reasons, winner, runner)
    return None
