"""The advisors' workspace as an admin site: the product's name, and an index that opens on the
review queue (what waits for whom, with counts that link to the case list filtered the same way)
before the region data.

A module of its own, outside advisor/admin/: Django builds the site lazily the first time any
admin module registers a model, so the site must not import the package that registers them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from advisor.dashboard import team_figures
from advisor.presentation.bar_charts import bars_svg, columns_svg
from advisor.selectors import review_queue_counts, review_queue_oldest
from regions.selectors import data_freshness

# Each line of the queue: the question, and the case list's own filters that answer it (so the
# count and the list it opens always agree; advisor/admin/filters.py).
REVIEW_QUEUE = (
    ("awaiting", _("Awaiting review"), {"status__exact": "done", "review_state__exact": "pending"}),
    ("mine", _("Assigned to me"), {"assigned": "me", "review_state__exact": "pending"}),
    (
        "fragile",
        _("Close calls and fragile answers"),
        {
            "status__exact": "done",
            "review_state__exact": "pending",
            "robustness": "close_call,fragile",
        },
    ),
    ("failed", _("Failed"), {"status__exact": "failed"}),
)
# The workspace's sections, in the order an advisor uses them: cases first.
APP_ORDER = ("advisor", "regions", "partners")


class WorkspaceSite(admin.AdminSite):
    site_header = _("Relocation Advisor: advisors' workspace")
    site_title = _("Relocation Advisor")
    index_title = _("Review queue")
    index_template = "admin/workspace_index.html"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        order = {label: position for position, label in enumerate(APP_ORDER)}
        return sorted(apps, key=lambda app: order.get(app["app_label"], len(order)))

    def index(self, request, extra_context=None):
        context = {**(extra_context or {})}
        if request.user.has_perm("advisor.view_case"):
            changelist = reverse("admin:advisor_case_changelist", current_app=self.name)
            counts = review_queue_counts(user=request.user)
            context["review_queue"] = [
                {
                    "key": key,
                    "label": label,
                    "count": counts[key],
                    "url": f"{changelist}?{urlencode(query)}",
                }
                for key, label, query in REVIEW_QUEUE
            ]
            context["oldest_waiting"] = review_queue_oldest()
            context["dashboard_url"] = reverse("admin:dashboard", current_app=self.name)
        if request.user.has_perm("regions.view_region"):
            context["freshness_count"] = data_freshness().count
            context["freshness_url"] = reverse(
                "admin:regions_region_freshness", current_app=self.name
            )
        return super().index(request, context)

    def get_urls(self):
        return [
            path("dashboard/", self.admin_view(self.dashboard_view), name="dashboard"),
            *super().get_urls(),
        ]

    def dashboard_view(self, request):
        """The team's figures over the last 30 days, drawn as charts served by the project."""
        if not request.user.has_perm("advisor.view_case"):
            raise PermissionDenied
        figures = team_figures(days=30)
        context = {
            **self.each_context(request),
            "title": _("Team dashboard"),
            "figures": figures,
            "cases_chart": columns_svg(
                [(date_format(day, "M j"), n) for day, n in figures.cases_by_day],
                title=gettext("Cases submitted a day, last %(days)s days") % {"days": figures.days},
                chart_id="cases-by-day-chart",
            ),
            "wins_chart": bars_svg(
                figures.wins,
                title=gettext("Recommended regions, cases of the last %(days)s days")
                % {"days": figures.days},
                chart_id="wins-chart",
            ),
            "overrides_chart": bars_svg(
                [(override.region, override.count) for override in figures.overrides],
                title=gettext("Overrides by the region chosen instead"),
                chart_id="overrides-chart",
            ),
        }
        return TemplateResponse(request, "admin/workspace_dashboard.html", context)
