"""Advisors keep the region data and its sources current here.

Edits take effect for new scorings only: the dataset's version (a content hash) changes with them,
and stored results keep the version they were computed from. Every change is recorded by
django-simple-history (the History button on each page).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from advisor.engine.indicators import CONTEXT
from advisor.engine.vocabulary import CRITERIA
from advisor.errors import DomainError
from advisor.platform.changelists import GuardedChangeListMixin
from advisor.platform.history_admin import HistoryAdmin
from advisor.platform.refusals import refusal_line
from advisor.presentation import labels
from regions.models import (
    CurrencyRate,
    CustomerTypeProfile,
    DatasetSnapshot,
    GrantProgramme,
    Indicator,
    IndicatorValue,
    Market,
    MarketCentre,
    MarketCentreWeight,
    ModelParameter,
    PolicyRule,
    Region,
    RelocationRoute,
    SectorProfile,
    SectorWeight,
    StageProfile,
    StageWeight,
    stale_before_year,
)
from regions.selectors import data_freshness
from regions.services import region_data_kept_scorable


class DatasetGuardAdmin(HistoryAdmin):
    """Region data admin that keeps the data scorable (regions.services: a required figure
    deleted, say, would fail every new scoring until someone noticed). A change the service
    refuses is rolled back and the advisor told why; its "changed successfully" is never sent,
    since messages wait until the change is kept."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._guarded(request, super().changeform_view, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return self._guarded(request, super().delete_view, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._guarded(request, super().changelist_view, extra_context)

    def message_user(self, request, *args, **kwargs) -> None:
        pending = getattr(request, "_region_data_messages", None)
        if pending is None:
            super().message_user(request, *args, **kwargs)
        else:
            pending.append((args, kwargs))

    def _guarded(self, request, view, *args):
        if request.method != "POST":
            return view(request, *args)
        request._region_data_messages = pending = []
        try:
            with transaction.atomic(), region_data_kept_scorable():
                response = view(request, *args)
        except DomainError as refused:
            response = None
            problem = refusal_line(refused)
        finally:
            del request._region_data_messages
        if response is not None:
            for args_, kwargs in pending:
                self.message_user(request, *args_, **kwargs)
            return response
        super().message_user(
            request,
            _("Not saved: new scorings could not use the data after this change (%(problem)s).")
            % {"problem": problem},
            messages.ERROR,
        )
        return HttpResponseRedirect(request.get_full_path())


class SourcedDisplay:
    """Read-only columns for sourced figures: the source as a link, and how old the figure is."""

    @admin.display(description=_("Source"))
    def source_link(self, row) -> str:
        return self._source(row, text=row.source_name or row.source_url)

    @admin.display(description=_("Open"))
    def source_open(self, row) -> str:
        return self._source(row, text=_("source ↗"))

    @staticmethod
    def _source(row, *, text: str) -> str:
        if row.source_url.startswith(("http://", "https://")):
            return format_html(
                '<a href="{}" target="_blank" rel="noopener noreferrer" title="{}">{}</a>',
                row.source_url,
                row.source_name or row.source_url,
                text,
            )
        name = row.source_name or row.source_url
        if not name:
            return "-"
        # A source cited by name only: a short cell, the whole name on hover and on its page.
        return format_html(
            '<span class="source-name" title="{}">{}</span>', name, Truncator(name).chars(28)
        )

    @admin.display(description=_("Age"), ordering="year")
    def freshness(self, row) -> str:
        if row.year is None:
            return format_html('<span class="data-undated">{}</span>', _("no year"))
        if row.is_stale:
            return format_html(
                '<strong class="data-stale" title="{}">&#9888; {} ({})</strong>',
                _("Older than %(years)s years: look for a newer figure.")
                % {"years": settings.REGION_DATA_STALE_AFTER_YEARS},
                row.year,
                _("stale"),
            )
        return str(row.year)


class FreshnessFilter(admin.SimpleListFilter):
    title = _("age")
    parameter_name = "age"

    def lookups(self, request, model_admin):
        years = settings.REGION_DATA_STALE_AFTER_YEARS
        return [
            ("stale", _("Older than %(years)s years") % {"years": years}),
            ("current", _("Current")),
            ("undated", _("No year")),
        ]

    def queryset(self, request, queryset):
        cutoff = stale_before_year()
        if self.value() == "stale":
            return queryset.filter(year__lt=cutoff)
        if self.value() == "current":
            return queryset.filter(year__gte=cutoff)
        if self.value() == "undated":
            return queryset.filter(year__isnull=True)
        return queryset


class CompactInline(admin.TabularInline):
    """A tabular inline that fits a laptop screen: narrow inputs, no related-object buttons."""

    widths: dict[str, int] = {}
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["widgets"] = {
            name: forms.TextInput(attrs={"size": size}) for name, size in self.widths.items()
        }
        formset = super().get_formset(request, obj, **kwargs)
        for field in formset.form.base_fields.values():
            if isinstance(field.widget, RelatedFieldWidgetWrapper):
                field.widget.can_add_related = False
                field.widget.can_change_related = False
                field.widget.can_view_related = False
                field.widget.can_delete_related = False
        return formset


class FixedChoice(forms.Widget):
    """An existing figure's indicator, shown as its name: a figure is not moved to another
    indicator (add a new one instead), and a page of figures then holds no list of every
    indicator per row."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        return format_html('<span class="fixed-choice">{}</span>', self.attrs.get("label", ""))


class KeptIndicator(forms.ModelChoiceField):
    """The indicator of an existing figure, kept as it is without a query per row."""

    def __init__(self, *args, instance=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance

    def to_python(self, value):
        if self.instance is not None and str(value) == str(self.instance.indicator_id):
            return self.instance.indicator
        return super().to_python(value)


class IndicatorValueInlineForm(forms.ModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            field = self.fields["indicator"]
            self.fields["indicator"] = KeptIndicator(
                queryset=field.queryset,
                instance=self.instance,
                disabled=True,
                widget=FixedChoice(attrs={"label": self.instance.indicator.name}),
                label=field.label,
            )


class IndicatorValueInline(SourcedDisplay, CompactInline):
    """One criterion's figures of a region: the indicator chosen by typing its name for a new
    figure (autocomplete), the source as a compact link (edited on the figure's own page)."""

    model = IndicatorValue
    form = IndicatorValueInlineForm
    criterion = ""
    autocomplete_fields = ("indicator",)
    show_change_link = True
    fields = (
        "indicator",
        "qualifier",
        "value",
        "unit",
        "year",
        "freshness",
        "source_open",
        "is_estimate",
    )
    readonly_fields = ("freshness", "source_open")
    widths = {"qualifier": 14, "value": 10, "unit": 14, "year": 5}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(indicator__criterion=self.criterion)
            .select_related("indicator")
            .order_by("indicator__name", "qualifier")
        )


def _criterion_inline(criterion: str, title) -> type[IndicatorValueInline]:
    return type(
        f"IndicatorValueInline_{criterion}",
        (IndicatorValueInline,),
        {"criterion": criterion, "verbose_name_plural": title, "classes": ("criterion-figures",)},
    )


# The region page's figures, grouped by the criterion they score (then the context figures).
INDICATOR_VALUE_INLINES = [
    *(_criterion_inline(slug, labels.CRITERIA[slug]) for slug in CRITERIA),
    _criterion_inline(CONTEXT, _("Context (shown to founders, not scored)")),
]


class GrantProgrammeInline(SourcedDisplay, CompactInline):
    """The programmes at a glance; eligibility, caps and sources on each programme's own page."""

    model = GrantProgramme
    fields = (
        "name",
        "kind",
        "typical_amount",
        "currency",
        "year",
        "freshness",
        "source_open",
        "is_estimate",
    )
    readonly_fields = ("freshness", "source_open")
    widths = {"name": 30, "typical_amount": 10, "currency": 4, "year": 5}
    show_change_link = True


@admin.register(Region)
class RegionAdmin(DatasetGuardAdmin):
    list_display = ("name", "slug", "country", "home_market", "time_zone", "values", "stale")
    search_fields = ("name", "slug")
    fields = (
        ("name", "slug", "name_zh"),
        ("country", "home_market", "time_zone"),
        ("latitude", "longitude"),
        ("year", "source_name", "source_url"),
        "note",
    )
    inlines = [*INDICATOR_VALUE_INLINES, GrantProgrammeInline]

    class Media:
        css = {"all": ("advisor/admin-regions.css",)}

    def get_urls(self):
        view = self.admin_site.admin_view(self.freshness_view)
        return [path("freshness/", view, name="regions_region_freshness"), *super().get_urls()]

    def freshness_view(self, request):
        """What needs an advisor's attention in the data, each row with a link to edit it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        freshness = data_freshness()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Data freshness"),
            "opts": self.model._meta,
            "freshness": freshness,
            "estimates": [
                (
                    capfirst(row._meta.verbose_name),
                    f"{row.region.name}: {row}" if hasattr(row, "region") else str(row),
                    reverse(f"admin:regions_{row._meta.model_name}_change", args=[row.pk]),
                )
                for row in freshness.estimates_without_method
            ],
            "stale_after": settings.REGION_DATA_STALE_AFTER_YEARS,
        }
        return TemplateResponse(request, "admin/regions/freshness.html", context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A region's figures and programmes get the whole width of a 1280-pixel screen.
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "freshness_url": reverse("admin:regions_region_freshness"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                value_count=Count("indicator_values", distinct=True),
                stale_count=Count(
                    "indicator_values",
                    filter=Q(indicator_values__year__lt=stale_before_year()),
                    distinct=True,
                ),
            )
        )

    @admin.display(description=_("Indicator values"), ordering="value_count")
    def values(self, region: Region) -> int:
        return region.value_count

    @admin.display(description=_("Stale values"), ordering="stale_count")
    def stale(self, region: Region) -> str:
        if not region.stale_count:
            return "0"
        return format_html('<strong class="data-stale">&#9888; {}</strong>', region.stale_count)


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


@admin.register(StageWeight)
class StageWeightAdmin(DatasetGuardAdmin):
    """The default weights: one row per stage and criterion (relative importances)."""

    list_display = ("stage", "criterion", "weight", "rationale")
    list_editable = ("weight",)
    list_filter = ("stage", "criterion")


@admin.register(SectorWeight)
class SectorWeightAdmin(DatasetGuardAdmin):
    """Sector adjustments: a multiplier on the stage's default weight for one criterion."""

    list_display = ("sector", "criterion", "multiplier", "rationale")
    list_editable = ("multiplier",)
    list_filter = ("sector", "criterion")


@admin.register(SectorProfile)
class SectorProfileAdmin(DatasetGuardAdmin):
    list_display = (
        "slug",
        "name",
        "cluster",
        "discipline",
    )


@admin.register(StageProfile)
class StageProfileAdmin(DatasetGuardAdmin):
    list_display = (
        "slug",
        "name",
        "early_share",
        "typical_round_usd",
        "profitable_share",
        "is_estimate",
    )


@admin.register(CustomerTypeProfile)
class CustomerTypeProfileAdmin(DatasetGuardAdmin):
    list_display = ("slug", "name", "outside_access", "local_share")


@admin.register(ModelParameter)
class ModelParameterAdmin(DatasetGuardAdmin):
    list_display = ("name", "value", "minimum", "maximum", "unit", "description")
    search_fields = ("name", "description")

    def get_readonly_fields(self, request, obj=None):
        # The bounds are the data file's (regions/data/parameters.csv, reviewed with the code
        # that relies on them): an advisor edits a value within them, never the bounds, or one
        # form could widen them to let 1e12 samples through.
        if obj is not None:
            return ("minimum", "maximum")
        return ()


@admin.register(DatasetSnapshot)
class DatasetSnapshotAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """The dataset each stored result was computed from; never edited."""

    list_display = ("version", "created_at")
    readonly_fields = ("version", "payload", "created_at")
