"""Founder pages: the profile form and the case page. Thin: validate, call a service, render."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from advisor.engine import InvalidInput
from advisor.forms import CaseForm
from advisor.models import Case
from advisor.selectors import case_report
from advisor.services.cases import case_submit


@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_submit(
                startup_name=form.cleaned_data["startup_name"],
                profile=form.profile(),
                channel=Case.Channel.WEB,
            )
        except InvalidInput as error:
            # Market-share problems concern the whole group of market fields: shown above them.
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect("advisor:case", case_id=case.id)
    return render(request, "advisor/home.html", {"form": form})


def case_detail(request: HttpRequest, case_id) -> HttpResponse:
    case = get_object_or_404(Case, id=case_id)
    return render(request, "advisor/case.html", {"case": case, "report": case_report(case)})
