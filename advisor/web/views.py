"""Founder pages: the landing page with the profile form, the case page, its status, retry and
what-if. Thin: validate, call a service or a read, render."""

from __future__ import annotations

import json
from contextlib import suppress
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from advisor.errors import Code, DomainError
from advisor.models import Case
from advisor.presentation.numbers import minutes
from advisor.selectors import case_by_link
from advisor.services.cases import case_duplicate as case_duplicate_service
from advisor.services.cases import case_submit
from advisor.services.lifecycle import case_rescore
from advisor.services.notifications import case_link_renew as case_link_renew_service
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


def _founder_case(case_id: UUID, *, done: bool = False) -> Case:
    """The case whose founder link this is (404 for an old, renewed link, as for no case)."""
    case = case_by_link(link=case_id)
    if case is None or (done and case.status != Case.Status.DONE):
        raise Http404
    return case


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
    form = CaseForm(
        request.POST or None, default_weights=defaults, region_choices=reports.region_choices()
    )
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
                founder_email=form.cleaned_data["founder_email"],
                founder_language=request.LANGUAGE_CODE,
            )
        except DomainError as refused:
            form.add_problems(refused)
        else:
            return redirect("advisor:case", case_id=case.public_id)
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
        result = profile_recommend(profile=form.changed_profile())
    except DomainError as refused:
        form.add_problems(refused)
        return None
    what_if = reports.what_if(case, result)
    # what "Save as a new case" posts: this what-if's own fields, as typed
    what_if["query"] = [
        (name, value)
        for name in form.fields
        if name in form.data
        for value in form.data.getlist(name)
    ]
    return what_if


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
    case = _founder_case(case_id)
    page = reports.case_page(case, plan_region=request.GET.get("plan") or None)
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
    case = _founder_case(case_id, done=True)
    page = {"report": True, "weights": reports.relative_weights(case.result, case.weights)}
    form = _what_if_form(request, case, page)
    what_if = _what_if(request, case, form)
    response = render(
        request,
        "advisor/includes/what_if_result.html",
        {"case": case, "what_if_form": form, "what_if": what_if},
    )
    return _limited(response, what_if["retry_after"]) if _is_limited(what_if) else response


@require_POST
def case_duplicate(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """A new case with the what-if's profile (the original stays as it is), then its page."""
    case = _founder_case(case_id, done=True)
    page = {"report": True, "weights": reports.relative_weights(case.result, case.weights)}
    form = WhatIfForm(request.POST, original=page["weights"], profile=case.profile())
    wait = ratelimits.budget_spent(request, ratelimits.SUBMIT)
    if wait is not None:
        response = render(
            request,
            "advisor/too_many_requests.html",
            {"case": case, "message": _too_many(wait)},
        )
        return _limited(response, wait)
    if not form.is_valid():
        query = request.POST.urlencode()
        return redirect(reverse("advisor:case", args=[case.public_id]) + f"?{query}#what-if")
    duplicate = case_duplicate_service(case_id=case.id, profile=form.changed_profile())
    return redirect("advisor:case", case_id=duplicate.public_id)


@require_POST
def case_link_renew(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Replace the case's link with a new one (the old one answers 404 from now on)."""
    case = _founder_case(case_id)
    wait = ratelimits.budget_spent(request, ratelimits.SUBMIT)
    if wait is not None:
        response = render(
            request,
            "advisor/too_many_requests.html",
            {"case": case, "message": _too_many(wait)},
        )
        return _limited(response, wait)
    case = case_link_renew_service(case_id=case.id)
    return redirect(reverse("advisor:case", args=[case.public_id]) + "?renewed=1")


@never_cache
@require_GET
def case_compare(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Two to four of the case's regions side by side, every figure with its source and year."""
    case = _founder_case(case_id, done=True)
    compared = reports.comparison(case, request.GET.getlist("region"))
    response = render(request, "advisor/compare.html", {"case": case, "compared": compared})
    if "problem" in compared:
        response.status_code = 400
    return response


@never_cache
@require_GET
def case_status(request: HttpRequest, case_id: UUID) -> JsonResponse:
    """The case's state, polled by the case page while it waits for its result."""
    case = _founder_case(case_id)
    return JsonResponse(
        {
            "status": case.status,
            "finished": case.is_finished,
            "message": str(STATUS_MESSAGES[case.status]),
            "url": reverse("advisor:case", args=[case.public_id]),
        }
    )


@require_POST
def case_retry(request: HttpRequest, case_id: UUID) -> HttpResponse:
    """Score the case again (the founder's retry button, shown on a failed case); the re-score
    service decides whether it may be (a scored case is left alone), and the case page then
    says where the case stands either way."""
    case = _founder_case(case_id)
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
    return redirect("advisor:case", case_id=case.public_id)
