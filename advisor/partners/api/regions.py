"""Partner API views of the reference data: the regions the engine compares, each with its
sourced figures, and the vocabulary a case may use."""

from __future__ import annotations

from collections import OrderedDict

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from advisor.engine.vocabulary import CRITERIA, CUSTOMER_TYPES, MARKETS, SECTORS, STAGES
from advisor.partners.api import docs
from advisor.partners.api.serializers.regions import RegionDetail, RegionSummary, Vocabulary
from advisor.partners.api.views import PartnerAPIView
from advisor.presentation import labels
from regions.selectors import region_with_figures, regions_list


class RegionListView(PartnerAPIView):
    @extend_schema(
        operation_id="regions_list",
        summary="List regions",
        description="Every region the engine compares (all of them, not paginated).",
        tags=["Regions"],
        responses={
            200: OpenApiResponse(RegionSummary(many=True), description="Every region, by name."),
            **docs.problem_responses(400, *docs.COMMON, reads=True),
        },
    )
    def get(self, request):
        regions = regions_list()
        return Response(RegionSummary(regions, many=True, context={"request": request}).data)


class RegionDetailView(PartnerAPIView):
    @extend_schema(
        operation_id="regions_retrieve",
        parameters=[docs.REGION_SLUG],
        summary="Read a region",
        description="A region with every indicator value held for it and its grant programmes, "
        "each with its source (name, address) and the year it describes.",
        tags=["Regions"],
        responses={
            200: OpenApiResponse(RegionDetail, description="The region and its sourced figures."),
            **docs.problem_responses(400, 404, *docs.COMMON, reads=True),
        },
    )
    def get(self, request, slug):
        region = region_with_figures(slug=slug)
        if region is None:
            raise exceptions.NotFound("No such region.")
        return Response(RegionDetail(region, context={"request": request}).data)


def _terms(slugs: tuple[str, ...], names: dict) -> list[dict[str, str]]:
    return [OrderedDict(slug=slug, label=str(names.get(slug, slug))) for slug in slugs]


class VocabularyView(PartnerAPIView):
    @extend_schema(
        operation_id="vocabulary_retrieve",
        summary="The values a case may use",
        description="Sectors, stages, customer types, market codes and criteria, each with a "
        "human label. New values may be added; existing ones never change.",
        tags=["Vocabulary"],
        responses={
            200: OpenApiResponse(Vocabulary, description="The vocabulary."),
            **docs.problem_responses(400, *docs.COMMON, reads=True),
        },
    )
    def get(self, request):
        return Response(
            {
                "sectors": _terms(SECTORS, labels.SECTORS),
                "stages": _terms(STAGES, labels.STAGES),
                "customer_types": _terms(CUSTOMER_TYPES, labels.CUSTOMER_TYPES),
                "markets": _terms(MARKETS, labels.MARKETS),
                "criteria": _terms(CRITERIA, labels.CRITERIA),
            }
        )
