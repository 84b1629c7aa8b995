"""The region page: its figures grouped by criterion, its grant programmes, the freshness page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from advisor.engine.indicators import CONTEXT
from advisor.engine.vocabulary import CRITERIA
from advisor.presentation import labels
from regions.admin.display import CompactInline, SourcedDisplay
from regions.admin.guard import DatasetGuardAdmin
from regions.models import (
    GrantProgramme,
    IndicatorValue,
    Region,
    stale_before_year,
)
from regions.selectors import data_freshness


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
