"""The founder's case page: the profile, the stored result and everything shown beside it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.presentation import labels
from advisor.presentation.charts import criteria_chart_svg
from advisor.presentation.explanations import (
    FEASIBILITY_STATUSES,
    explanation_sentences,
    robustness_text,
)
from advisor.presentation.numbers import number, percent
from advisor.selectors import case_region_plan, case_report, case_review
from advisor.web.reports.decisions import stay_or_move, what_would_change
from advisor.web.reports.facts import fact_rows, source_list
from advisor.web.reports.plans import pairs_for_page, plan_for_page
from advisor.web.reports.reading import localised, region_names, snapshot


def review_for_page(case: Case, names: Mapping[str, str]) -> dict[str, Any] | None:
    review = case_review(case)
    if review is None:
        return None
    return {
        **review,
        "region_name": names.get(review["region"], review["region_name"]),
        "reviewed_at": parse_datetime(review["reviewed_at"]) if review["reviewed_at"] else None,
    }


def relative_weights(
    result: Mapping[str, Any], chosen: Mapping[str, float] | None = None
) -> dict[str, float]:
    """The weights a result used, on the founders' scale (the defaults average 1).

    A result stores weight shares that sum to 1. Scaled by the sum of the relative weights they
    came from, they are again the numbers the founder saw and typed: that sum is the ratio of any
    weight the founder chose to its share, or the number of criteria when all are defaults.
    """
    shares = result["weights"]
    scale = float(len(CRITERIA))
    for criterion, value in (chosen or {}).items():
        if value and shares.get(criterion):
            scale = float(value) / shares[criterion]
            break
    return {criterion: round(shares[criterion] * scale, 2) for criterion in CRITERIA}


def profile_rows(case: Case) -> list[tuple[str, str]]:
    """The founder's answers as (label, value) lines in the active language."""
    markets = sorted(case.markets.items(), key=lambda item: -float(item[1]))
    rows = [
        (_("Sector"), labels.label(labels.SECTORS, case.sector)),
        (_("Stage"), labels.label(labels.STAGES, case.stage)),
        (_("Who buys from you"), labels.label(labels.CUSTOMER_TYPES, case.customer_type)),
        (
            _("Customers"),
            _(", ").join(
                _("%(market)s %(share)s%%")
                % {"market": labels.label(labels.MARKETS, code), "share": number(share)}
                for code, share in markets
            ),
        ),
    ]
    if case.funding_need_usd is not None:
        rows.append(
            (
                _("Funding sought"),
                _("%(amount)s USD") % {"amount": number(case.funding_need_usd, 0)},
            )
        )
    if case.current_location:
        rows.append((_("Based in"), case.current_location))
    if case.weights:
        rows.append(
            (
                _("Your weights"),
                _(", ").join(
                    f"{labels.label(labels.CRITERIA, c)} {number(v, 2)}"
                    for c, v in case.weights.items()
                ),
            )
        )
    return rows


def case_page(case: Case, plan_region: str | None = None) -> dict[str, Any]:
    """Everything the case page shows of a case (the result's parts only once it is done)."""
    page: dict[str, Any] = {"report": None, "review": None, "profile": profile_rows(case)}
    if not case.result:
        return page
    result = case.result
    dataset = snapshot(result["dataset_version"]) if result.get("dataset_version") else None
    names = region_names(dataset)
    report = localised(case_report(case), names)
    reasons = result.get("reasons") or {}
    winner = report["winner"]
    probability = reasons.get("first_place_probability", winner.get("first_place"))
    page.update(
        report=report,
        chart=criteria_chart_svg(report),
        chart_compact=criteria_chart_svg(report, chart_id="criteria-chart-compact", compact=True),
        winner_name=winner["name"],
        robustness=robustness_text(
            winner["name"], probability, result.get("samples"), reasons.get("robustness")
        ),
        first_place=percent(probability) if probability is not None else "",
        explanation=explanation_sentences(reasons, names) if reasons else [result["explanation"]],
        facts=fact_rows(reasons, names, dataset),
        sources=source_list(dataset, [row["region"] for row in report["ranking"]]),
        review=review_for_page(case, names),
        weights=relative_weights(result, case.weights),
        pairs=pairs_for_page(result.get("pairs") or [], names),
        plan_region=plan_region or result["recommendation"],
        **what_would_change(result, names),
        baseline=stay_or_move(result, names),
    )
    plan = result.get("plan")
    if plan_region and plan_region != result["recommendation"]:
        plan = case_region_plan(case, plan_region, dataset) or plan
    page["plan"] = plan_for_page(plan, names)
    page["plan_region"] = plan["region"] if plan else result["recommendation"]
    feasibility = result.get("feasibility") or {}
    for row in report["ranking"]:
        status = feasibility.get(row["region"], "")
        row["feasibility"] = status
        row["feasibility_text"] = (
            str(FEASIBILITY_STATUSES[status]) if status in ("capital", "closed") else ""
        )
    return page
