"""Founder pages: the landing page with the profile form, the case page, its status, retry and
what-if. Thin: validate, call a service or a read, render."""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from advisor.errors import Code, DomainError
from advisor.models import Case
from advisor.presentation.numbers import minutes
from advisor.selectors import founder_cases
from advisor.services.cases import case_submit
from advisor.services.lifecycle import case_rescore
from advisor.services.scoring import profile_recommend, weights_default_table
from advisor.web import ratelimits, reports
from advisor.web.forms import CaseForm, WhatIfForm, is_what_if_request

STATUS_MESSAGES = {
    Case.Status.QUEUED: _("Queued: your case is next in line to be scored."),
    Case.Status.SCORING: _("Scoring: comparing the regions now."),
    Case.Status.DONE: _("Done: your recommendation is ready."),
    Case.Status.FAILED: _("Scoring failed."),
}


def _too_many(wait: int) -> str:
    count = minutes(wait)
    return ngettext(
        "Many requests have come from your network in the last few minutes, so this one was not "
        "processed. Please try again in %(count)d minute: nothing you entered is lost.",
        "Many requests have come from your network in the last few minutes, so this one was not "
        "processed. Please try again in %(count)d minutes: nothing you entered is lost.",
        count,
    ) % {"count": count}


def _limited(response: HttpResponse, wait: int) -> HttpResponse:
    response.status_code = 429
    response["Retry-After"] = str(wait)
    return response


def _default_weights() -> dict[str, Any]:
    try:
        return weights_default_table()
    except DomainError as refused:
        if refused.code != Code.NO_REGION_DATA:
            raise
        return {}


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    defaults = _default_weights()
    form = CaseForm(request.POST or None, default_weights=defaults)
    wait = ratelimits.budget_spent(request, ratelimits.SUBMIT) if request.method == "POST" else None
    if wait is not None:
        # Over the budget: the form comes back as the founder filled it in, with the reason.
        form.add_message(_too_many(wait))
    elif request.method == "POST" and form.is_valid():
        try:
            case = case_submit(
                startup_name=form.cleaned_data["startup_name"],
                profile=form.profile(),
                channel=Case.Channel.WEB,
                funding_need_usd=form.cleaned_data["funding_need_usd"],
                current_location=form.cleaned_data["current_location"],
            )
        except DomainError as refused:
            form.add_problems(refused)
        else:
            return redirect("advisor:case", case_id=case.id)
    response = render(
        request,
        "advisor/home.html",
        {
            "form": form,
            "defaults_json": json.dumps(defaults),
            "landing": reports.landing_facts(),
        },
    )
    return _limited(response, wait) if wait is not None else response


def _what_if(request: HttpRequest, case: Case, form: WhatIfForm) -> dict[str, Any] | None:
    """The ranking under the form's weights, computed now and never stored over the case; or, past
    the client's what-if budget, {"limited": message, "retry_after": seconds}."""
    if not form.is_bound or not form.is_valid():
        return None
    wait = ratelimits.budget_spent(request, ratelimits.WHAT_IF)
    if wait is not None:
        return {"limited": _too_many(wait), "retry_after": wait}
    try:
        result = profile_recommend(profile={**case.profile(), "weights": form.weights()})
    except DomainError as refused:
        form.add_problems(refused)
        return None
    return reports.what_if(case, result)


def _is_limited(what_if: dict[str, Any] | None) -> bool:
    return what_if is not None and "limited" in what_if


def _what_if_form(request: HttpRequest, case: Case, page: dict[str, Any]) -> WhatIfForm | None:
    if page["report"] is None:
        return None
    data = request.GET if is_what_if_request(request.GET) else None
    return WhatIfForm(data, original=page["weights"], profile=case.profile())


@never_cache
@require_GET
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = get_object_or_404(founder_cases(), id=case_id)
    page = reports.case_page(case)
    form = _what_if_form(request, case, page)
    what_if = _what_if(request, case, form) if form is not None else None
    response = render(
        request,
        "advisor/case.html",
        {
            "case": case,
            "page": page,
            "report": page["report"],
            "status_message": STATUS_MESSAGES[case.status],
            "what_if_form": form,
            "what_if": what_if,
        },
    )
    return _limited(response, what_if["retry_after"]) if _is_limited(what_if) else response


@never_cache
@require_GET
def case_what_if(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """The what-if ranking alone, for the case page's script to swap in as weights change."""
    case = get_object_or_404(founder_cases(), id=case_id, status=Case.Status.DONE)
    page = {"report": True, "weights": reports.relative_weights(case.result, case.weights)}
    form = _what_if_form(request, case, page)
    what_if = _what_if(request, case, form)
    response = render(
        request,
        "advisor/includes/what_if_result.html",
        {"case": case, "what_if_form": form, "what_if": what_if},
    )
    return _limited(response, what_if["retry_after"]) if _is_limited(what_if) else response


@never_cache
@require_GET
def case_status(request: HttpRequest, case_id: UUID) -> JsonResponse:
    """The case's state, polled by the case page while it waits for its result."""
    case = get_object_or_404(founder_cases(), id=case_id)
    return JsonResponse(
        {
            "status": case.status,
            "finished": case.is_finished,
            "message": str(STATUS_MESSAGES[case.status]),
            "url": reverse("advisor:case", args=[case.id]),
        }
    )


@require_POST
def case_retry(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Score the case again (the founder's retry button, shown on a failed case); the re-score
    service decides whether it may be (a scored case is left alone), and the case page then
    says where the case stands either way."""
    case = get_object_or_404(founder_cases(), id=case_id)
    wait = ratelimits.budget_spent(request, ratelimits.SUBMIT)
    if wait is not None:
        page = render(
            request,
            "advisor/too_many_requests.html",
            {"case": case, "message": _too_many(wait)},
        )
        return _limited(page, wait)
    # Refused (scored, or already queued): nothing to do now, and the case page shows why.
    with suppress(DomainError):
        case_rescore(case_id=case.id, by=request.user)
    return redirect("advisor:case", case_id=case.id)
