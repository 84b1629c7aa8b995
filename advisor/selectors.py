"""Reads for the pages: a case's result joined with region names, sources and labels."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.presentation import labels
from regions.models import Region


def case_report(case: Case) -> dict[str, Any] | None:
    """What the case page shows of a result: ranking rows with names, in rank order."""
    if not case.result:
        return None
    result = case.result
    names = dict(Region.objects.values_list("slug", "name"))
    robustness = result.get("robustness", {})
    rows = [
        {
            **entry,
            "name": names.get(entry["region"], entry["region"]),
            "first_place": robustness.get(entry["region"]),
            "criteria_list": [
                (labels.CRITERIA[criterion], entry["criteria"][criterion]) for criterion in CRITERIA
            ],
        }
        for entry in result["ranking"]
    ]
    return {
        "ranking": rows,
        "winner": rows[0],
        "criteria": [labels.CRITERIA[criterion] for criterion in CRITERIA],
        "weights": [(labels.CRITERIA[c], result["weights"][c]) for c in CRITERIA],
        "explanation": result.get("explanation", ""),
        "dataset_version": result.get("dataset_version"),
        "engine_version": result.get("engine_version"),
    }


def case_review(case: Case) -> dict[str, Any] | None:
    """The advisor's decision on a case as founders and partners see it; None until reviewed."""
    if case.review_state == Case.ReviewState.PENDING:
        return None
    name = Region.objects.filter(slug=case.reviewed_region).values_list("name", flat=True).first()
    return {
        "decision": case.review_state,
        "region": case.reviewed_region,
        "region_name": name or case.reviewed_region,
        "reason": case.review_reason,
        "reviewed_at": case.reviewed_at.isoformat() if case.reviewed_at else None,
    }


def case_override_choices(case: Case) -> list[tuple[str, str]]:
    """The regions one case may be overridden to, best ranked first, each with its rank and
    score so the advisor sees what they choose against."""
    if not case.result:
        return []
    names = dict(Region.objects.values_list("slug", "name"))
    return [
        (
            entry["region"],
            _("%(name)s (ranked %(rank)d, score %(score).1f)")
            % {
                "name": names.get(entry["region"], entry["region"]),
                "rank": entry["rank"],
                "score": entry["score"],
            },
        )
        for entry in case.result["ranking"]
        if entry["region"] != case.recommendation
    ]


def cases_common_regions(queryset: QuerySet[Case]) -> list[tuple[str, str]]:
    """The regions every selected scored case compared, as (slug, name) in name order."""
    common: set[str] | None = None
    for result in queryset.exclude(result__isnull=True).values_list("result", flat=True):
        compared = {entry["region"] for entry in result.get("ranking", [])}
        common = compared if common is None else common & compared
    return list(Region.objects.filter(slug__in=common or ()).values_list("slug", "name"))
