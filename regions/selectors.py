"""Reads of region data for the pages and the API."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from regions.models import GrantProgramme, IndicatorValue, Region


def regions_list() -> QuerySet[Region]:
    return Region.objects.order_by("name")


def region_with_figures(*, slug: str) -> Region | None:
    """The region with its indicator values (by criterion) and grant programmes, in three
    queries whatever their number; None when there is no such region."""
    return (
        Region.objects.filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "indicator_values",
                queryset=IndicatorValue.objects.select_related("indicator").order_by(
                    "indicator__criterion", "indicator__slug", "qualifier"
                ),
            ),
            Prefetch("grant_programmes", queryset=GrantProgramme.objects.order_by("name")),
        )
        .first()
    )


def region_names() -> dict[str, str]:
    """Each region's name by slug, in the active language's order of preference (the data's
    names: regions are data, not labels)."""
    return dict(Region.objects.values_list("slug", "name"))
