"""Advisors keep the region data and its sources current here."""

from __future__ import annotations

from django.contrib import admin

from regions.models import (
    CurrencyRate,
    CustomerTypeProfile,
    DatasetSnapshot,
    GrantProgramme,
    Indicator,
    IndicatorValue,
    Market,
    ModelParameter,
    Region,
    SectorProfile,
    SectorWeight,
    StageProfile,
    StageWeight,
)


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = (
        "indicator",
        "qualifier",
        "value",
        "unit",
        "year",
        "source_name",
        "source_url",
        "is_estimate",
    )


class GrantProgrammeInline(admin.StackedInline):
    model = GrantProgramme
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "country", "home_market", "time_zone")
    search_fields = ("name", "slug")
    inlines = [IndicatorValueInline, GrantProgrammeInline]


@admin.register(Market)
class MarketAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "latitude", "longitude", "time_zone")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "criterion", "unit", "scale", "lower_bound", "upper_bound")
    list_filter = ("criterion",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ("region", "indicator", "qualifier", "value", "unit", "year", "is_estimate")
    list_filter = ("indicator", "region", "is_estimate")
    list_select_related = ("region", "indicator")


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "kind", "typical_amount", "currency", "year", "is_estimate")
    list_filter = ("region", "kind")
    list_select_related = ("region",)


admin.site.register(
    [
        CurrencyRate,
        SectorProfile,
        StageProfile,
        CustomerTypeProfile,
        StageWeight,
        SectorWeight,
        ModelParameter,
    ]
)


@admin.register(DatasetSnapshot)
class DatasetSnapshotAdmin(admin.ModelAdmin):
    list_display = ("version", "created_at")
    readonly_fields = ("version", "payload", "created_at")
