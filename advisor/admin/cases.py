"""Advisors review cases here: the list and the case page.

Thin on purpose: every action calls a service (advisor.services.reviews, .lifecycle, .exports)
or a selector, which the tests exercise directly as well.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from advisor.admin.filters import AssignedFilter, RecommendedRegionFilter, RobustnessFilter
from advisor.admin.messages import FounderMessages
from advisor.admin.review import ReviewActions
from advisor.models import Case, ScoringRun
from advisor.platform.history_admin import HistoryAdmin
from advisor.presentation import labels
from advisor.presentation.charts import criteria_chart_svg
from advisor.selectors import (
    case_change_in_words,
    case_history,
    case_notes,
    case_report,
    case_review,
    cases_with_recommendation,
)
from advisor.services.reviews import case_assign
from regions.selectors import region_names


class ScoringRunInline(admin.TabularInline):
    model = ScoringRun
    extra = 0
    can_delete = False
    verbose_name_plural = _("Scoring runs (every result this case has had)")
    fields = (
        "created_at",
        "recommendation",
        "first_place",
        "dataset_version",
        "engine_version",
        "worker",
        "duration",
    )
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        # Region names read once for the page, not once per run.
        self._names = region_names()
        return super().get_queryset(request)

    @admin.display(description=_("Recommendation"))
    def recommendation(self, run: ScoringRun) -> str:
        slug = run.result.get("recommendation")
        if not slug:
            return "-"
        names = getattr(self, "_names", None) or region_names()
        return names.get(slug, slug)

    @admin.display(description=_("Scoring time"))
    def duration(self, run: ScoringRun) -> str:
        return "-" if run.duration_ms is None else f"{run.duration_ms:.0f} ms"

    @admin.display(description=_("Ranks first"))
    def first_place(self, run: ScoringRun) -> str:
        probability = (run.result.get("reasons") or {}).get("first_place_probability")
        return "-" if probability is None else f"{probability:.0%}"


@admin.register(Case)
class CaseAdmin(FounderMessages, ReviewActions, HistoryAdmin):
    """The advisors' desk: the case list and the case page (the review actions and buttons are
    ReviewActions', the messages to the founder FounderMessages')."""

    list_display = (
        "startup_name",
        "sector",
        "stage",
        "status_shown",
        "recommended",
        "robustness_shown",
        "assigned_to",
        "review_state",
        "created",
    )
    list_filter = (
        "status",
        "sector",
        "stage",
        RecommendedRegionFilter,
        RobustnessFilter,
        AssignedFilter,
        "review_state",
        "created_at",
    )
    list_select_related = ("assigned_to",)
    search_fields = ("startup_name",)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)
    list_per_page = 50

    class Media:
        css = {"all": ("advisor/admin-cases.css",)}

    actions = (
        "assign_to_me",
        "accept_recommendation",
        "override_recommendation",
        "rescore",
        "export_csv",
    )
    fieldsets = (
        (
            _("Profile"),
            {
                "fields": (
                    "startup_name",
                    ("sector", "stage", "customer_type"),
                    "markets_shown",
                    "weights_shown",
                    "regions_shown",
                    ("funding_need_usd", "current_location"),
                    ("channel", "created_at"),
                )
            },
        ),
        (
            _("Review"),
            {
                "fields": (
                    "assigned_to",
                    "review_state",
                    "reviewed_region",
                    "review_reason",
                    ("reviewed_by", "reviewed_at"),
                )
            },
        ),
        (
            _("Scoring"),
            {
                "fields": (
                    ("status", "attempts"),
                    "failure_reason",
                    ("scoring_started_at", "scored_at"),
                    ("dataset_version", "engine_version"),
                )
            },
        ),
        (_("Stored result (JSON)"), {"classes": ("collapse",), "fields": ("result_shown",)}),
    )
    readonly_fields = (
        "startup_name",
        "sector",
        "stage",
        "customer_type",
        "markets_shown",
        "weights_shown",
        "regions_shown",
        "funding_need_usd",
        "current_location",
        "channel",
        "created_at",
        "review_state",
        "reviewed_region",
        "review_reason",
        "reviewed_by",
        "reviewed_at",
        "status",
        "attempts",
        "failure_reason",
        "scoring_started_at",
        "scored_at",
        "dataset_version",
        "engine_version",
        "result_shown",
    )
    inlines = [ScoringRunInline]

    def get_queryset(self, request):
        return cases_with_recommendation(super().get_queryset(request))

    def history_change_in_words(self, field_name: str, old, new) -> tuple[str, str, str]:
        # Related users come as objects here; region names are read once per history page.
        names = getattr(self, "_history_names", None) or region_names()
        return case_change_in_words(field_name, old, new, names=names, users={})

    def history_view(self, request, object_id, extra_context=None):
        # Any request may refresh it: every one reads the same names.
        self._history_names = region_names()
        return super().history_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_to":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        # The only editable field is the assignee; the service records who reassigned the case.
        if change and "assigned_to" in form.changed_data:
            case_assign(case_id=obj.pk, advisor=obj.assigned_to, by=request.user)

    # --- list columns -------------------------------------------------------------------------

    @admin.display(description=_("Status"), ordering="status")
    def status_shown(self, case: Case) -> str:
        # A failed case says why in the list, so advisors can decide to re-score at a glance.
        if case.status == Case.Status.FAILED and case.failure_reason:
            return format_html(
                '{}<br><span class="help">{}</span>',
                case.get_status_display(),
                Truncator(case.failure_reason).chars(120),
            )
        return case.get_status_display()

    @admin.display(description=_("Recommended region"), ordering="recommended_region_name")
    def recommended(self, case: Case) -> str:
        return case.recommended_region_name or case.recommended_region or "-"

    @admin.display(description=_("Created"), ordering="created_at")
    def created(self, case: Case) -> str:
        # Compact, so the list's nine columns fit beside the filters on a laptop screen.
        return format_html(
            '<span class="nowrap">{}</span>', date_format(localtime(case.created_at), "Y-m-d H:i")
        )

    @admin.display(description=_("Robustness"), ordering="confidence")
    def robustness_shown(self, case: Case) -> str:
        if case.confidence is None:
            return "-"
        label = labels.label(labels.ROBUSTNESS, case.robustness or "")
        return f"{case.confidence:.0%} ({label})"

    # --- case page fields ---------------------------------------------------------------------

    @admin.display(description=_("Customers by market"))
    def markets_shown(self, case: Case) -> str:
        return ", ".join(
            f"{labels.MARKETS.get(code, code)} {share:g}%" for code, share in case.markets.items()
        )

    @admin.display(description=_("Weight overrides"))
    def weights_shown(self, case: Case) -> str:
        if not case.weights:
            return _("none (default weights for the stage and sector)")
        return ", ".join(
            f"{labels.CRITERIA.get(name, name)} {weight:g}" for name, weight in case.weights.items()
        )

    @admin.display(description=_("Regions compared"))
    def regions_shown(self, case: Case) -> str:
        if not case.regions:
            return _("all regions")
        names = region_names()
        return ", ".join(names.get(slug, slug) for slug in case.regions)

    @admin.display(description=_("Result"))
    def result_shown(self, case: Case) -> str:
        if not case.result:
            return "-"
        return format_html("<pre>{}</pre>", json.dumps(case.result, indent=2, ensure_ascii=False))

    def changelist_view(self, request, extra_context=None):
        # The list is the advisors' desk: its nine columns and the filters get the whole width
        # (on a 1440-pixel screen they do not fit beside the navigation sidebar as well).
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if case is not None:
            report = case_report(case)
            extra_context.update(
                report=report,
                review=case_review(case),
                chart=criteria_chart_svg(report, chart_id="case-criteria-chart")
                if report
                else None,
                history=case_history(case),
                can_review=self.has_change_permission(request, case),
                founder_page=reverse("advisor:case", args=[case.public_id]),
                notes=case_notes(case),
                show_save_and_add_another=False,
            )
        if case is not None and report:
            extra_context["robustness"] = self.robustness_shown(case)
        return super().change_view(request, object_id, form_url, extra_context)
