"""GET /api/v1/regions/{slug}/matches/: a promoted region's matches among the partner's own cases
(advisor.partners.services.matches), a page of JSON or every match as CSV by `Accept`.

A region the partner does not promote is 403, not 404: which regions exist is public (GET
/api/v1/regions/), so hiding one would protect nothing, and the answer tells the partner what to
ask its advisor contact for. A region that does not exist is 404.
"""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer

from advisor.partners.api import docs
from advisor.partners.api.problems import CONTENT_TYPE as PROBLEM
from advisor.partners.api.serializers.cases import MAX_PAGE_SIZE, PAGE_SIZE
from advisor.partners.api.serializers.matches import MatchListQuery, MatchPage
from advisor.partners.api.serializers.problems import Problem
from advisor.partners.api.views import CasePagination, PartnerAPIView
from advisor.partners.services.matches import (
    MATCH_COLUMNS,
    match_document,
    matches_csv,
    matches_with_standing,
    partner_region_link,
    partner_region_matches,
    region_exists,
    region_names,
)

CSV = "text/csv"
JSON = "application/json"

# Tokyo for a seed-stage cleantech startup selling to consumers in China (80%) and the US, on
# the real data: fifth, so its promotion is computed rather than read from `promotions`.
PROMOTION_TEXT = (
    "Tokyo would rank first if Customer proximity mattered only 0.7 times as much, or if an "
    "engineer there cost 16,000 USD a year instead of 34,000."
)
MATCH_EXAMPLE = {
    "id": "0b8e4c1e-3c1a-4d2b-9a55-7b8f0f6f3d21",
    "url": "https://advisor.example/api/v1/cases/0b8e4c1e-3c1a-4d2b-9a55-7b8f0f6f3d21/",
    "startup_name": "Sunvolt",
    "sector": "cleantech",
    "stage": "seed",
    "status": "done",
    "created_at": "2026-11-23T09:59:58Z",
    "scored_at": "2026-11-23T10:00:00Z",
    "rank": 5,
    "regions_compared": 27,
    "score": 53.44,
    "recommendation": "shenzhen",
    "recommendation_score": 57.07,
    "gap": 3.63,
    "promotion": {
        "weight": {"criterion": "customer_proximity", "from": 0.229885, "to": 0.157858},
        "figure": {"indicator": "engineer_cost_usd", "from": 34357.0, "to": 16000.0},
        "text": PROMOTION_TEXT,
    },
}
CSV_EXAMPLE = (
    ",".join(MATCH_COLUMNS) + "\n"
    "0b8e4c1e-3c1a-4d2b-9a55-7b8f0f6f3d21,Sunvolt,cleantech,seed,done,"
    "2026-11-23T09:59:58+00:00,5,27,53.44,shenzhen,57.07,3.63,customer_proximity,0.229885,"
    f'0.157858,engineer_cost_usd,34357.0,16000.0,"{PROMOTION_TEXT}"\n'
)
NOT_PROMOTED = OpenApiExample(
    "Not a region you promote",
    value={
        "type": "https://advisor.example/api/problems/forbidden/",
        "title": "Forbidden",
        "status": 403,
        "detail": "Your organisation does not promote this region; ask your advisor contact to "
        "link it to your organisation.",
        "instance": "/api/v1/regions/tokyo/matches/",
    },
)
NOT_ACCEPTABLE = OpenApiExample(
    "Neither JSON nor CSV",
    value={
        "type": "https://advisor.example/api/problems/not-acceptable/",
        "title": "Not acceptable",
        "status": 406,
        "detail": f"The matches are {JSON} or {CSV}: accept one of them.",
        "instance": "/api/v1/regions/tokyo/matches/",
    },
)


def _wanted(request) -> str:
    """JSON or CSV, whichever the Accept header names first (JSON for */* or none); 406 for
    anything else."""
    accept = request.headers.get("Accept", "") or "*/*"
    for part in accept.split(","):
        kind = part.split(";")[0].strip().lower()
        if kind in (JSON, "application/*", "*/*"):
            return JSON
        if kind in (CSV, "text/*"):
            return CSV
    raise exceptions.NotAcceptable(f"The matches are {JSON} or {CSV}: accept one of them.")


class RegionMatchListView(PartnerAPIView):
    query_parameters = frozenset(MatchListQuery().fields)

    def perform_content_negotiation(self, request, force=False):
        # Errors and pages are JSON (problem+json); the CSV is streamed by the view itself.
        return JSONRenderer(), JSON

    @extend_schema(
        operation_id="regions_matches",
        parameters=[docs.REGION_SLUG, MatchListQuery],
        summary="Your cases ranked for a region you promote",
        description="For an organisation that promotes the region (linked to it by its advisor "
        "contact): its own cases whose result ranks the region, best fit first: by the "
        "region's `rank` in the case, then the `gap` to the recommendation's score, then the "
        "region's `score`. Each comes with the smallest change that would put the region first "
        "(`promotion`). Filter by `sector`, `stage` and `status`. JSON pages of "
        f"{PAGE_SIZE} (`page_size` up to {MAX_PAGE_SIZE}), or, with `Accept: {CSV}`, every "
        "match as one CSV (no `page` or `page_size`). A region you do not promote is `403`; "
        "another organisation's cases are never listed.",
        tags=["Regions"],
        responses={
            (200, JSON): OpenApiResponse(
                MatchPage,
                description="A page of matches.",
                examples=[
                    OpenApiExample(
                        "One page",
                        value={
                            "count": 1,
                            "next": None,
                            "previous": None,
                            "results": [MATCH_EXAMPLE],
                        },
                    )
                ],
            ),
            (200, CSV): OpenApiResponse(
                OpenApiTypes.STR,
                description=f"Every match as CSV (`Accept: {CSV}`), in the same order.",
                examples=[OpenApiExample("CSV", value=CSV_EXAMPLE)],
            ),
            (403, PROBLEM): OpenApiResponse(
                Problem,
                description="Forbidden: your organisation does not promote this region.",
                examples=[NOT_PROMOTED],
            ),
            (406, PROBLEM): OpenApiResponse(
                Problem,
                description=f"Not acceptable: accept {JSON} or {CSV}.",
                examples=[NOT_ACCEPTABLE],
            ),
            **docs.problem_responses(400, 404, *docs.COMMON, reads=True),
        },
    )
    def get(self, request, slug):
        kind = _wanted(request)
        query = MatchListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        if partner_region_link(partner=self.partner, slug=slug) is None:
            if not region_exists(slug=slug):
                raise exceptions.NotFound("No such region.")
            raise exceptions.PermissionDenied(
                "Your organisation does not promote this region; ask your advisor contact to "
                "link it to your organisation."
            )
        paging = {name: query.validated_data.pop(name, None) for name in ("page", "page_size")}
        links = partner_region_matches(partner=self.partner, region=slug, **query.validated_data)
        if kind == CSV:
            if any(value is not None for value in paging.values()):
                raise exceptions.ValidationError(
                    {
                        name: ["the CSV holds every match: leave out page and page_size"]
                        for name, value in paging.items()
                        if value is not None
                    }
                )
            response = StreamingHttpResponse(
                (text.encode() for text in matches_csv(links=links, region=slug)),
                content_type=f"{CSV}; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="matches-{slug}.csv"'
            patch_vary_headers(response, ["Accept"])
            return response
        paginator = CasePagination(
            page=paging["page"] or 1, page_size=paging["page_size"] or PAGE_SIZE
        )
        page = paginator.paginate_queryset(links, request, view=self)
        names, base = region_names(), self.base_url()
        with translation.override("en"):
            results = [
                match_document(match=match, names=names, base_url=base)
                for match in matches_with_standing(links=page, region=slug)
            ]
        response = paginator.get_paginated_response(results)
        patch_vary_headers(response, ["Accept"])
        return response
