"""What the region data pages share: sources as links, how old a figure is, compact inlines."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from regions.models import (
    stale_before_year,
)


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
