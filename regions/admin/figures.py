"""The sourced figures' own lists: indicator values, programmes, markets and their centres,
policy rules, relocation routes, indicators and currency rates.
"""

from __future__ import annotations

from django.contrib import admin

from regions.admin.display import FreshnessFilter, SourcedDisplay
from regions.admin.guard import DatasetGuardAdmin
from regions.models import (
    CurrencyRate,
    GrantProgramme,
    Indicator,
    IndicatorValue,
    Market,
    MarketCentre,
    MarketCentreWeight,
    PolicyRule,
    RelocationRoute,
)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SourcedDisplay, DatasetGuardAdmin):
    list_display = (
        "region",
        "indicator",
        "qualifier",
        "value",
        "unit",
        "freshness",
        "source_open",
        "is_estimate",
    )

    class Media:
        css = {"all": ("advisor/admin-regions.css",)}

    def changelist_view(self, request, extra_context=None):
        # Eight columns and the filters fit a 1280-pixel screen without the navigation sidebar.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    list_filter = (FreshnessFilter, "is_estimate", "region", "indicator__criterion", "indicator")
    list_select_related = ("region", "indicator")
    search_fields = ("region__name", "indicator__slug", "indicator__name", "source_name")


@admin.register(GrantProgramme)
class GrantProgrammeAdmin(SourcedDisplay, DatasetGuardAdmin):
    list_display = (
        "name",
        "region",
        "kind",
        "typical_amount",
        "currency",
        "freshness",
        "source_link",
        "is_estimate",
    )
    list_filter = (FreshnessFilter, "is_estimate", "region", "kind")
    list_select_related = ("region",)
    search_fields = ("name", "region__name")


@admin.register(Market)
class MarketAdmin(SourcedDisplay, DatasetGuardAdmin):
    list_display = ("code", "name", "name_zh")


@admin.register(MarketCentre)
class MarketCentreAdmin(SourcedDisplay, DatasetGuardAdmin):
    list_display = ("market", "name", "weight", "countries", "year", "is_estimate", "source_link")
    list_filter = ("market",)


@admin.register(MarketCentreWeight)
class MarketCentreWeightAdmin(SourcedDisplay, DatasetGuardAdmin):
    list_display = (
        "market",
        "centre",
        "customer_type",
        "weight",
        "year",
        "is_estimate",
        "source_link",
    )
    list_filter = ("market", "customer_type")


@admin.register(PolicyRule)
class PolicyRuleAdmin(DatasetGuardAdmin):
    list_display = ("slug", "instrument", "issuer", "scope", "targets", "effective", "ends")
    list_filter = ("instrument", "scope", "issuer")
    search_fields = ("slug", "name", "note")


@admin.register(RelocationRoute)
class RelocationRouteAdmin(SourcedDisplay, DatasetGuardAdmin):
    """Visa and residence routes and the usual company, per country (the relocation plan)."""

    list_display = (
        "country",
        "kind",
        "name",
        "nationalities",
        "minimum_capital",
        "currency",
        "weeks",
        "cost",
        "checked",
        "is_estimate",
        "source_link",
    )
    list_filter = ("country", "kind", "is_estimate")
    search_fields = ("slug", "name", "conditions", "note")


@admin.register(Indicator)
class IndicatorAdmin(DatasetGuardAdmin):
    list_display = ("slug", "name", "criterion", "unit", "scale", "lower_bound", "upper_bound")
    list_filter = ("criterion",)
    search_fields = ("slug", "name")


@admin.register(CurrencyRate)
class CurrencyRateAdmin(SourcedDisplay, DatasetGuardAdmin):
    list_display = ("currency", "usd_per_unit", "freshness", "source_link", "is_estimate")
