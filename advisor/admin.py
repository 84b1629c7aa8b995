"""Advisors review cases here."""

from __future__ import annotations

from django.contrib import admin

from advisor.models import Case, ScoringRun


class ScoringRunInline(admin.TabularInline):
    model = ScoringRun
    extra = 0
    can_delete = False
    fields = ("created_at", "dataset_version", "engine_version", "worker", "duration_ms")
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = (
        "startup_name",
        "sector",
        "stage",
        "status",
        "recommendation",
        "channel",
        "created_at",
    )
    list_filter = ("status", "sector", "stage", "customer_type", "channel")
    search_fields = ("startup_name",)
    date_hierarchy = "created_at"
    readonly_fields = (
        "id",
        "status",
        "result",
        "failure_reason",
        "attempts",
        "dataset_version",
        "engine_version",
        "created_at",
        "updated_at",
        "scoring_started_at",
        "scored_at",
    )
    inlines = [ScoringRunInline]

    @admin.display(description="Recommendation")
    def recommendation(self, case: Case) -> str:
        return case.recommendation or "-"
