"""The data report as a page of the advisors' workspace (`/admin/data-report/`): the same figures
`python manage.py data_report` prints (regions/report.py), for staff who may view region data."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from regions.dataset import dataset_current
from regions.report import ESTIMATE_GOAL, OLDEST_EDITION_GOAL, data_report


def data_report_page(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("regions.view_indicatorvalue"):
        raise PermissionDenied
    report = data_report(dataset_current())
    gaps = {region: missing for region, missing in report.missing.items() if missing}
    context = {
        **admin.site.each_context(request),
        "title": _("Data report"),
        "report": report,
        "gaps": sorted(gaps.items()),
        "estimate_goal": ESTIMATE_GOAL,
        "oldest_edition_goal": OLDEST_EDITION_GOAL,
        "meets_goals": report.meets_goals(),
        "mixed_trackers": [line for line in report.indicators if ";" in line.tracker],
    }
    return TemplateResponse(request, "admin/regions/data_report.html", context)
