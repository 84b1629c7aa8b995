"""Relocation plans as the page shows them: a region's routes and company, and two-site plans."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisor.engine.vocabulary import CRITERIA
from advisor.presentation import labels
from advisor.presentation.explanations import (
    FEASIBILITY_STATUSES,
    pair_explanation,
)
from advisor.presentation.numbers import approximately, number, percent
from advisor.web.reports.reading import reading_chinese


def _money(value: float | None) -> str:
    return "" if value is None else _("%(amount)s USD") % {"amount": approximately(value)}


def _route_rows(routes: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    # The conditions are written in English in the data (the route and source names are names,
    # kept as they are): a Chinese page shows the route without them.
    chinese = reading_chinese()
    return [
        {
            **route,
            "conditions": "" if chinese else route["conditions"],
            "capital": _money(route["minimum_capital_usd"]) if route["minimum_capital_usd"] else "",
            "cost": _money(route["cost_usd"]),
            "weeks_text": number(float(route["weeks"]), 0),
            "reason_text": str(ROUTE_REASONS.get(route["reason"], "")),
        }
        for route in routes
    ]


ROUTE_REASONS = {
    "open": gettext_lazy("open to you"),
    "nationality": gettext_lazy("not open to your nationality"),
    "capital": gettext_lazy("needs more capital than you are raising"),
    "conditions": gettext_lazy("open if you meet its conditions"),
}


def plan_for_page(
    plan: Mapping[str, Any] | None, names: Mapping[str, str]
) -> dict[str, Any] | None:
    """A relocation plan (the result's `plan`, or another region's) as the page shows it."""
    if not plan:
        return None
    entity = plan.get("entity")
    return {
        **plan,
        "region_name": names.get(plan["region"], plan["region"]),
        "status_text": str(FEASIBILITY_STATUSES.get(plan["status"], "")),
        "visa_rows": _route_rows(plan.get("visa_routes") or []),
        "closed_rows": _route_rows(plan.get("closed_routes") or []),
        "entity_row": (
            {
                **entity,
                "conditions": "" if reading_chinese() else entity["conditions"],
                "capital": _money(entity["minimum_capital_usd"]),
                "cost": _money(entity["cost_usd"]),
                "weeks_text": number(float(entity["weeks"]), 0),
            }
            if entity
            else None
        ),
        "sources_list": [
            {**source, "currency_name": labels.label(labels.CURRENCIES, source["currency"])}
            if source.get("currency")
            else source
            for source in plan.get("sources") or []
        ],
        "capital": _money(plan.get("minimum_capital_usd")),
        "weeks_text": ""
        if plan.get("setup_weeks") is None
        else number(float(plan["setup_weeks"]), 0),
        "cost": _money(plan.get("setup_cost_usd")),
    }


def pairs_for_page(
    pairs: list[Mapping[str, Any]], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The two-site plans with their explanation in the reader's language."""
    rows = []
    for pair in pairs:
        beats = (pair.get("robustness") or {}).get("beats_single")
        rows.append(
            {
                **pair,
                "headquarters_name": names.get(pair["headquarters"], pair["headquarters"]),
                "operations_name": names.get(pair["operations"], pair["operations"]),
                "explanation_text": pair_explanation(pair["reasons"], names)
                if pair.get("reasons")
                else pair.get("explanation", ""),
                "beats_single": percent(beats) if beats is not None else "",
                "criteria_list": [(labels.CRITERIA[c], pair["criteria"][c]) for c in CRITERIA],
            }
        )
    return rows
