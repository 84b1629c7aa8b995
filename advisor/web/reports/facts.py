"""The sourced facts an explanation rests on, and every source behind the scores."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from advisor.engine import Dataset
from advisor.engine.vocabulary import CRITERIA
from advisor.presentation import labels
from advisor.presentation.numbers import approximately
from advisor.web.reports.reading import figure


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
        elif "rule" in source:  # a policy rule that binds the region (its policy risk)
            what = source["name"]
            value = labels.label(labels.POLICY_INSTRUMENTS, source["instrument"])
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
