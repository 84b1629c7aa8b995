"""What the landing page says about coverage: regions, criteria and where the data comes from."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from advisor.engine.vocabulary import CRITERIA
from advisor.presentation import labels
from advisor.web.reports.reading import reading_chinese, region_names
from regions.models import GrantProgramme, IndicatorValue

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
