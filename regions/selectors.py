"""Reads of region data for the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from regions.models import (
    GrantProgramme,
    IndicatorValue,
    MarketCentre,
    ModelParameter,
    Region,
    stale_before_year,
)


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


@dataclass
class DataFreshness:
    """What in the region data needs an advisor's attention, each list oldest first."""

    stale_before: int  # figures describing an earlier year are past the stale age
    confirm_before: int  # programmes not confirmed running since before this year count half
    stale_values: list[IndicatorValue]
    stale_programmes: list[GrantProgramme]
    programmes_to_confirm: list[GrantProgramme]
    estimates_without_method: list[IndicatorValue | GrantProgramme | MarketCentre]

    @property
    def count(self) -> int:
        return (
            len(self.stale_values)
            + len(self.stale_programmes)
            + len(self.programmes_to_confirm)
            + len(self.estimates_without_method)
        )


def data_freshness() -> DataFreshness:
    """Figures and programmes past REGION_DATA_STALE_AFTER_YEARS (the admin's stale marker);
    programmes the engine discounts because no source has confirmed them running within
    data.stale_after_years of the dataset's reference year (advisor/engine/grants.py); and
    estimates that do not say how they were made."""
    stale_before = stale_before_year()
    parameters = dict(
        ModelParameter.objects.filter(
            name__in=("data.as_of_date", "data.stale_after_years")
        ).values_list("name", "value")
    )
    as_of_year = int(parameters.get("data.as_of_date", timezone.now().year * 10000) // 10000)
    confirm_before = as_of_year - int(parameters.get("data.stale_after_years", 3))
    values = IndicatorValue.objects.select_related("region", "indicator")
    programmes = GrantProgramme.objects.select_related("region")
    confirmed = Coalesce("confirmed", "year")
    no_method = Q(is_estimate=True, method="")
    return DataFreshness(
        stale_before=stale_before,
        confirm_before=confirm_before,
        stale_values=list(values.filter(year__lt=stale_before).order_by("year", "region__name")),
        stale_programmes=list(
            programmes.filter(year__lt=stale_before).order_by("year", "region__name")
        ),
        programmes_to_confirm=list(
            programmes.annotate(last_confirmed=confirmed)
            .filter(Q(last_confirmed__lt=confirm_before) | Q(last_confirmed__isnull=True))
            .order_by(F("last_confirmed").asc(nulls_first=True), "region__name")
        ),
        estimates_without_method=[
            *values.filter(no_method).order_by("region__name"),
            *programmes.filter(no_method).order_by("region__name"),
            *MarketCentre.objects.select_related("market").filter(no_method),
        ],
    )
