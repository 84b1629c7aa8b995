"""/api/: the partner API (v1), its OpenAPI schema and interactive documentation."""

from __future__ import annotations

from django.urls import path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)

from advisor.partners.api import batches, matches, problems, regions, views

app_name = "partners"

urlpatterns = [
    path("v1/cases/", views.CaseListView.as_view(), name="case-list"),
    path("v1/cases/bulk/", views.CaseBulkView.as_view(), name="case-bulk"),
    path("v1/cases/<uuid:case_id>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("v1/batches/", batches.BatchCreateView.as_view(), name="batch-list"),
    path("v1/batches/<uuid:job_id>/", batches.BatchDetailView.as_view(), name="batch-detail"),
    path(
        "v1/batches/<uuid:job_id>/results/",
        batches.BatchResultsView.as_view(),
        name="batch-results",
    ),
    path(
        "v1/batches/<uuid:job_id>/errors/", batches.BatchErrorsView.as_view(), name="batch-errors"
    ),
    path("v1/batches/<uuid:job_id>/cases/", batches.BatchRowCaseView.as_view(), name="batch-cases"),
    path("v1/regions/", regions.RegionListView.as_view(), name="region-list"),
    path("v1/regions/<slug:slug>/", regions.RegionDetailView.as_view(), name="region-detail"),
    path(
        "v1/regions/<slug:slug>/matches/",
        matches.RegionMatchListView.as_view(),
        name="region-matches",
    ),
    path("v1/vocabulary/", regions.VocabularyView.as_view(), name="vocabulary"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from a URL, not inline (a strict CSP allows it),
    # and our template loads the page style from a file.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="partners:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    # No ReDoc page: it styles itself with injected style elements and loads its logo from a
    # third party, both refused by the Content-Security-Policy. Swagger UI above needs neither.
    path("problems/<slug:slug>/", problems.problem_type, name="problem"),
    # Anything else under /api/ is a problem+json 404, not the site's HTML page.
    re_path(r"^[\s\S]*$", problems.not_found),
]
