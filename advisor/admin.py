"""Advisors review cases here: the list, the case page and the review actions.

Thin on purpose: every action calls a service in advisor.services.reviews or .exports, which the
tests exercise directly as well.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from advisor.engine import InvalidInput
from advisor.models import Case, ScoringRun
from advisor.platform.history_admin import HistoryAdmin
from advisor.presentation import labels
from advisor.presentation.charts import criteria_chart_svg
from advisor.selectors import (
    case_override_choices,
    case_report,
    case_review,
    cases_common_regions,
)
from advisor.services.exports import cases_csv
from advisor.services.review_queue import (
    ROBUSTNESS_CLASSES,
    case_history,
    cases_with_recommendation,
)
from advisor.services.reviews import (
    BulkOutcome,
    case_accept,
    case_assign,
    case_override,
    case_request_rescore,
    cases_accept,
    cases_assign,
    cases_override,
    cases_request_rescore,
)
from regions.models import Region

ROBUSTNESS_LABELS = {
    "robust": _("Robust"),
    "fairly_robust": _("Fairly robust"),
    "fragile": _("Fragile"),
}


class RecommendedRegionFilter(admin.SimpleListFilter):
    title = _("recommended region")
    parameter_name = "recommended"

    def lookups(self, request, model_admin):
        return list(Region.objects.values_list("slug", "name"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(recommended_region=self.value())
        return queryset


class RobustnessFilter(admin.SimpleListFilter):
    title = _("robustness")
    parameter_name = "robustness"

    def lookups(self, request, model_admin):
        return [(slug, ROBUSTNESS_LABELS[slug]) for slug in ROBUSTNESS_CLASSES]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(robustness=self.value())
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned advisor")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        advisors = get_user_model().objects.filter(is_staff=True, is_active=True)
        return [
            ("me", _("Me")),
            ("nobody", _("Nobody")),
            *((str(user.pk), user.get_username()) for user in advisors.order_by("username")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_to=request.user)
        if value == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        if value:
            return queryset.filter(assigned_to_id=value)
        return queryset


class OverrideForm(forms.Form):
    region = forms.ChoiceField(label=_("Recommend instead"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Required: the founder sees it beside your decision."),
    )

    def __init__(self, *args, regions: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # No region is preselected: an advisor who overrides picks one on purpose.
        self.fields["region"].choices = [("", _("Choose a region…")), *regions]


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

    @admin.display(description=_("Recommendation"))
    def recommendation(self, run: ScoringRun) -> str:
        return run.result.get("recommendation", "-")

    @admin.display(description=_("Scoring time"))
    def duration(self, run: ScoringRun) -> str:
        return "-" if run.duration_ms is None else f"{run.duration_ms:.0f} ms"

    @admin.display(description=_("Ranks first"))
    def first_place(self, run: ScoringRun) -> str:
        probability = (run.result.get("reasons") or {}).get("first_place_probability")
        return "-" if probability is None else f"{probability:.0%}"


@admin.register(Case)
class CaseAdmin(HistoryAdmin):
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
        label = ROBUSTNESS_LABELS.get(case.robustness, case.robustness or "")
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
        return ", ".join(case.regions) if case.regions else _("all regions")

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
                show_save_and_add_another=False,
            )
        if case is not None and report:
            extra_context["robustness"] = self.robustness_shown(case)
        return super().change_view(request, object_id, form_url, extra_context)

    # --- actions on the list ------------------------------------------------------------------

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset) -> None:
        outcome = cases_assign(case_ids=_ids(queryset), advisor=request.user, by=request.user)
        self._report(request, outcome, _("Assigned to you"))

    @admin.action(description=_("Accept the recommendation"), permissions=["change"])
    def accept_recommendation(self, request, queryset) -> None:
        outcome = cases_accept(case_ids=_ids(queryset), by=request.user)
        self._report(request, outcome, _("Accepted"))

    @admin.action(description=_("Re-score (keeps the previous result)"), permissions=["change"])
    def rescore(self, request, queryset) -> None:
        outcome = cases_request_rescore(case_ids=_ids(queryset), by=request.user)
        self._report(request, outcome, _("Queued for re-scoring"))

    @admin.action(description=_("Override the recommendation…"), permissions=["change"])
    def override_recommendation(self, request, queryset):
        ids = _ids(queryset)
        form = OverrideForm(
            request.POST if "apply" in request.POST else None,
            regions=cases_common_regions(queryset),
        )
        if form.is_bound and form.is_valid():
            outcome = cases_override(
                case_ids=ids,
                region=form.cleaned_data["region"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            self._report(request, outcome, _("Overridden"))
            return None
        return self._override_page(request, form=form, cases=list(queryset), action=True)

    @admin.action(description=_("Export to CSV with scores"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = StreamingHttpResponse(
            cases_csv(cases=queryset.model.objects.filter(pk__in=queryset.values("pk"))),
            content_type="text/csv; charset=utf-8",
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.csv"'
        return response

    # --- buttons on the case page -------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/assign-to-me/", view(self.assign_view), name="advisor_case_assign"
            ),
            path("<path:object_id>/accept/", view(self.accept_view), name="advisor_case_accept"),
            path("<path:object_id>/rescore/", view(self.rescore_view), name="advisor_case_rescore"),
            path(
                "<path:object_id>/override/", view(self.override_view), name="advisor_case_override"
            ),
            *super().get_urls(),
        ]

    def assign_view(self, request: HttpRequest, object_id: str):
        case = self._case_to_change(request, object_id, post_only=True)
        return self._run(
            request,
            case,
            lambda: case_assign(case_id=case.pk, advisor=request.user, by=request.user),
            _("Assigned to you."),
        )

    def accept_view(self, request: HttpRequest, object_id: str):
        case = self._case_to_change(request, object_id, post_only=True)
        return self._run(
            request,
            case,
            lambda: case_accept(case_id=case.pk, by=request.user),
            _("Recommendation accepted."),
        )

    def rescore_view(self, request: HttpRequest, object_id: str):
        case = self._case_to_change(request, object_id, post_only=True)
        return self._run(
            request,
            case,
            lambda: case_request_rescore(case_id=case.pk, by=request.user),
            _("Queued for re-scoring; the previous result is kept."),
        )

    def override_view(self, request: HttpRequest, object_id: str):
        case = self._case_to_change(request, object_id)
        regions = case_override_choices(case)
        form = OverrideForm(request.POST if request.method == "POST" else None, regions=regions)
        if form.is_bound and form.is_valid():
            try:
                case_override(
                    case_id=case.pk,
                    region=form.cleaned_data["region"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except InvalidInput as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(request, _("Recommendation overridden."), messages.SUCCESS)
                return HttpResponseRedirect(_change_url(case))
        return self._override_page(request, form=form, cases=[case], action=False)

    # --- glue ---------------------------------------------------------------------------------

    def _case_to_change(
        self, request: HttpRequest, object_id: str, *, post_only: bool = False
    ) -> Case:
        if post_only and request.method != "POST":
            raise PermissionDenied
        case = self.get_object(request, object_id)  # None for an unknown or malformed id
        if case is None:
            raise Http404
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        return case

    def _run(self, request: HttpRequest, case: Case, operation, done: str):
        try:
            operation()
        except InvalidInput as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(_change_url(case))

    def _override_page(
        self, request: HttpRequest, *, form: OverrideForm, cases: list[Case], action: bool
    ):
        context = {
            **self.admin_site.each_context(request),
            "title": _("Override the recommendation"),
            "opts": self.model._meta,
            "form": form,
            "cases": list(
                cases_with_recommendation(Case.objects.filter(pk__in=[c.pk for c in cases]))
            ),
            "is_action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/advisor/case/override.html", context)

    def _report(self, request: HttpRequest, outcome: BulkOutcome, done: str) -> None:
        if outcome.changed:
            self.message_user(request, f"{done}: {outcome.changed}.", messages.SUCCESS)
        for name, reason in outcome.refused:
            self.message_user(request, f"{name}: {reason}", messages.WARNING)


def _ids(queryset) -> list:
    return list(queryset.values_list("pk", flat=True))


def _change_url(case: Case) -> str:
    return reverse("admin:advisor_case_change", args=[case.pk])
