"""What the founder's case page shows: the stored result in the reader's language, with its
robustness in words, the facts and sources behind it, the advisor's review, and what-if rankings.

Reads only (the what-if ranking is computed, never stored). Region names, indicator names and
sources come from the dataset snapshot the case was scored on, so the page describes the data the
result was computed from, even after advisors have edited the region tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from advisor.engine import Dataset
from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.presentation import labels
from advisor.presentation.acceptability import acceptability_rows, rank_acceptability_svg
from advisor.presentation.charts import criteria_chart_svg
from advisor.presentation.explanations import (
    FEASIBILITY_STATUSES,
    baseline_sentences,
    explanation_sentences,
    pair_explanation,
    place_name,
    promotion_text,
    robustness_sentence,
    robustness_text,
)
from advisor.presentation.numbers import approximately, number, percent
from advisor.selectors import case_region_plan, case_report, case_review
from regions.dataset import dataset_at_version
from regions.models import DatasetSnapshot, GrantProgramme, IndicatorValue, Region

# How a figure reads with its unit; other units are written after the number as the data has them.
UNIT_FORMATS = {
    "index": gettext_lazy("%(value)s on a scale of 0 to 1"),
    "rank": gettext_lazy("rank %(value)s"),
    "count": gettext_lazy("%(value)s"),
    "percent": gettext_lazy("%(value)s%%"),
    "USD per year": gettext_lazy("%(value)s USD a year"),
    "USD per m2 per year": gettext_lazy("%(value)s USD per m² a year"),
    "USD bn": gettext_lazy("%(value)s bn USD"),
    "million": gettext_lazy("%(value)s million"),
}


def reading_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


_SNAPSHOTS: dict[str, Dataset] = {}
_SNAPSHOTS_KEPT = 8


def _snapshot(version: str) -> Dataset | None:
    """The dataset a result was computed from. A snapshot never changes, so it is kept in memory."""
    if version not in _SNAPSHOTS:
        try:
            dataset = dataset_at_version(version)
        except DatasetSnapshot.DoesNotExist:
            return None
        if len(_SNAPSHOTS) >= _SNAPSHOTS_KEPT:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        _SNAPSHOTS[version] = dataset
    return _SNAPSHOTS[version]


def region_names(dataset: Dataset | None = None) -> dict[str, str]:
    """Region slug -> name in the active language, from `dataset` or else the current tables."""
    if dataset is not None:
        rows = [(r["slug"], r["name"], r["name_zh"]) for r in dataset.records["regions"]]
    else:
        rows = list(Region.objects.values_list("slug", "name", "name_zh"))
    chinese = reading_chinese()
    return {slug: (name_zh if chinese and name_zh else name) for slug, name, name_zh in rows}


def region_choices() -> list[tuple[str, str]]:
    """(slug, name) of every region, by name in the active language, for the form's checkboxes."""
    names = region_names()
    return sorted(names.items(), key=lambda item: item[1].lower())


def localised(report: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    for row in report["ranking"]:
        row["name"] = names.get(row["region"], row["name"])
    report["winner"] = report["ranking"][0]
    return report


def figure(value: float, unit: str) -> str:
    """A sourced value with its unit, as a reader of the active language writes it."""
    text = number(value, 2)
    if unit in UNIT_FORMATS:
        return str(UNIT_FORMATS[unit]) % {"value": text}
    return f"{text} {unit}".strip()


def fact_rows(
    reasons: Mapping[str, Any], names: Mapping[str, str], dataset: Dataset | None
) -> list[dict[str, Any]]:
    """The sourced facts the explanation rests on, ready to list."""
    rows = []
    for source in reasons.get("sources", []):
        if "programme" in source:
            what = source["programme"]
            value = _("about %(amount)s USD") % {
                "amount": approximately(source.get("expected_usd", source.get("typical_usd", 0)))
            }
        else:
            slug = source["indicator"]
            what = labels.label(labels.INDICATORS, slug)
            if source.get("qualifier"):
                what = _("%(indicator)s (%(qualifier)s)") % {
                    "indicator": what,
                    "qualifier": labels.qualifier(source["qualifier"]),
                }
            value = figure(source["value"], source.get("unit", ""))
        rows.append(
            {
                "criterion": labels.label(labels.CRITERIA, source["criterion"]),
                "region": names.get(source["region"], source["region"]),
                "what": what,
                "value": value,
                "year": source.get("year"),
                "source_name": source.get("source_name") or _("Unsourced"),
                "source_url": source.get("source_url") or "",
                "is_estimate": bool(source.get("is_estimate")),
            }
        )
    return rows


def source_list(dataset: Dataset | None, regions: list[str]) -> list[dict[str, Any]]:
    """Every source behind the scores of `regions`: name, address, years, what it informs."""
    if dataset is None:
        return []
    wanted = set(regions)
    criterion_of = {
        row["slug"]: row["criterion"]
        for row in dataset.records["indicators"]
        if row["criterion"] in CRITERIA
    }
    used = [
        (row, criterion_of[row["indicator"]])
        for row in dataset.records["indicator_values"]
        if row["region"] in wanted and row["indicator"] in criterion_of
    ] + [(row, "grants") for row in dataset.records["grants"] if row["region"] in wanted]
    sources: dict[tuple[str, str], dict[str, Any]] = {}
    for row, criterion in used:
        name = row["source_name"] or _("Unsourced")
        entry = sources.setdefault(
            (name, row["source_url"]),
            {"name": name, "url": row["source_url"], "years": set(), "criteria": [], "figures": 0},
        )
        if row["year"]:
            entry["years"].add(row["year"])
        if criterion not in entry["criteria"]:
            entry["criteria"].append(criterion)
        entry["figures"] += 1
    listed = []
    for entry in sources.values():
        years = sorted(entry["years"])
        listed.append(
            {
                **entry,
                "years": (
                    ""
                    if not years
                    else str(years[0])
                    if years[0] == years[-1]
                    else f"{years[0]}\u2013{years[-1]}"
                ),
                "latest_year": years[-1] if years else 0,
                "criteria": [labels.CRITERIA[c] for c in CRITERIA if c in entry["criteria"]],
            }
        )
    listed.sort(key=lambda entry: (-entry["figures"], entry["name"].lower()))
    return listed


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


def case_page(case: Case, plan_region: str | None = None) -> dict[str, Any]:
    """Everything the case page shows of a case (the result's parts only once it is done)."""
    page: dict[str, Any] = {"report": None, "review": None, "profile": profile_rows(case)}
    if not case.result:
        return page
    result = case.result
    dataset = _snapshot(result["dataset_version"]) if result.get("dataset_version") else None
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


CRITERIA_SUMMARIES = {
    "customer_proximity": gettext_lazy(
        "How close the region is to your customers: distance, time zones, being inside the "
        "market, and a local base of buyers like yours."
    ),
    "grants": gettext_lazy(
        "Grant programmes you are eligible for at your sector and stage, by value and number."
    ),
    "venture_capital": gettext_lazy(
        "Depth of venture capital at your stage and in your sector, and access for foreign founders."
    ),
    "talent": gettext_lazy(
        "Universities, engineers in your discipline and openness to talent from abroad."
    ),
    "cost": gettext_lazy("What engineers and offices cost."),
    "policy_risk": gettext_lazy(
        "Export controls, investment screening, data and licensing rules for your sector."
    ),
}


def landing_facts() -> dict[str, Any]:
    """What the landing page says about coverage: regions, criteria and where the data comes from."""
    names = region_names()
    values = IndicatorValue.objects.filter(indicator__criterion__in=CRITERIA)
    grants = GrantProgramme.objects.all()
    sources = set(values.values_list("source_name", flat=True)) | set(
        grants.values_list("source_name", flat=True)
    )
    sources.discard("")
    years = [
        year
        for year in (
            *values.values_list("year", flat=True).distinct(),
            *grants.values_list("year", flat=True).distinct(),
        )
        if year
    ]
    return {
        "regions": sorted(names.values(), key=str.lower)
        if not reading_chinese()
        else [names[slug] for slug in sorted(names)],
        "criteria": [(labels.CRITERIA[c], CRITERIA_SUMMARIES[c]) for c in CRITERIA],
        "figures": values.count() + grants.count(),
        "sources": len(sources),
        "first_year": min(years, default=None),
        "last_year": max(years, default=None),
    }


MIN_COMPARED, MAX_COMPARED = 2, 4
QUALIFIER_KINDS = ("", "cluster", "rated_cluster", "discipline", "customer_type")


def comparison(case: Case, slugs: list[str]) -> dict[str, Any]:
    """Two to four of the case's ranked regions side by side: per criterion its score in each,
    then every figure behind it with its source and year (from the snapshot the case was scored
    on). {"problem": message} when the choice is not two to four of the case's regions."""
    result = case.result
    ranked = {entry["region"]: entry for entry in result["ranking"]}
    chosen = [slug for slug in dict.fromkeys(slugs) if slug in ranked]
    if not MIN_COMPARED <= len(chosen) <= MAX_COMPARED or len(chosen) != len(set(slugs)):
        return {"problem": _("Choose two to four of the regions in your ranking to compare them.")}
    dataset = _snapshot(result["dataset_version"])
    names = region_names(dataset)
    records = dataset.records if dataset is not None else {}
    traits = {row["slug"]: row for row in records.get("sectors", [])}.get(case.sector, {})
    wanted = {
        "": "",
        "cluster": traits.get("cluster", ""),
        "rated_cluster": traits.get("cluster", ""),
        "discipline": traits.get("discipline", ""),
        "customer_type": case.customer_type,
    }
    values = {
        (row["region"], row["indicator"], row["qualifier"]): row
        for row in records.get("indicator_values", [])
    }
    groups = []
    for criterion in CRITERIA:
        rows = []
        for definition in records.get("indicators", []):
            if definition["criterion"] != criterion:
                continue
            kind = definition["qualifier_kind"]
            if kind not in QUALIFIER_KINDS:
                continue
            slug = definition["slug"]
            if slug.startswith("talent_") and slug != f"talent_{wanted['discipline']}":
                continue
            if slug.startswith("customers_") and slug != f"customers_{case.customer_type}":
                continue
            cells = []
            for region in chosen:
                row = values.get((region, slug, wanted[kind]))
                cells.append(
                    None
                    if row is None or row["value"] is None
                    else {
                        "value": figure(float(row["value"]), row.get("unit", "")),
                        "year": row.get("year"),
                        "source_name": row.get("source_name") or _("Unsourced"),
                        "source_url": row.get("source_url") or "",
                        "is_estimate": bool(row.get("is_estimate")),
                    }
                )
            if any(cells):
                rows.append({"what": labels.label(labels.INDICATORS, slug), "cells": cells})
        groups.append(
            {
                "criterion": labels.label(labels.CRITERIA, criterion),
                "scores": [ranked[region]["criteria"][criterion] for region in chosen],
                "rows": rows,
            }
        )
    return {
        "columns": [
            {
                "region": region,
                "name": names.get(region, region),
                "rank": ranked[region]["rank"],
                "score": ranked[region]["score"],
            }
            for region in chosen
        ],
        "groups": groups,
    }
