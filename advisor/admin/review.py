"""The review actions on the case list and the buttons on the case page: assign, accept,
override, re-score, export. Each calls one service; a refusal is shown as the admin shows every
refusal (advisor.platform.refusals)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisor.errors import DomainError
from advisor.models import Case
from advisor.platform.refusals import refusal_on_form, refusal_shown
from advisor.selectors import case_override_choices, cases_common_regions, cases_with_recommendation
from advisor.services.exports import cases_csv
from advisor.services.lifecycle import case_rescore
from advisor.services.notes import case_note_add
from advisor.services.reviews import (
    BulkOutcome,
    case_accept,
    case_assign,
    case_override,
    cases_accept,
    cases_assign,
    cases_override,
    cases_rescore,
)


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


class ReviewActions:
    """Mixed into CaseAdmin."""

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
        outcome = cases_rescore(case_ids=_ids(queryset), by=request.user)
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
            path("<path:object_id>/note/", view(self.note_view), name="advisor_case_note"),
            *super().get_urls(),
        ]

    def assign_view(self, request: HttpRequest, object_id: str):
        return self._button(
            request,
            object_id,
            lambda case: case_assign(case_id=case.pk, advisor=request.user, by=request.user),
            _("Assigned to you."),
        )

    def accept_view(self, request: HttpRequest, object_id: str):
        return self._button(
            request,
            object_id,
            lambda case: case_accept(case_id=case.pk, by=request.user),
            _("Recommendation accepted."),
        )

    def rescore_view(self, request: HttpRequest, object_id: str):
        return self._button(
            request,
            object_id,
            lambda case: case_rescore(case_id=case.pk, by=request.user),
            _("Queued for re-scoring; the previous result is kept."),
        )

    def note_view(self, request: HttpRequest, object_id: str):
        return self._button(
            request,
            object_id,
            lambda case: case_note_add(
                case_id=case.pk, text=request.POST.get("text", ""), by=request.user
            ),
            _("Note added."),
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
            except DomainError as refused:
                refusal_on_form(form, refused)
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

    def _button(self, request: HttpRequest, object_id: str, operation, done: str):
        """A button on the case page (a POST): run the service, say how it went, come back."""
        case = self._case_to_change(request, object_id, post_only=True)
        try:
            operation(case)
        except DomainError as refused:
            refusal_shown(self, request, refused)
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
