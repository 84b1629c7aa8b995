"""Partner API views: read the request, call one service, present the answer."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from advisor.engine.vocabulary import SECTORS
from advisor.partners.api import docs
from advisor.partners.api.authentication import IsPartner, PartnerKeyAuthentication
from advisor.partners.api.door import remember_refusal
from advisor.partners.api.problems import capped_errors, exception_handler
from advisor.partners.api.serializers.cases import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    CaseDetail,
    CaseListQuery,
    CaseShare,
    CaseSummary,
)
from advisor.partners.api.serializers.submissions import (
    BulkAccepted,
    BulkSubmission,
    CaseAccepted,
    CaseSubmission,
)
from advisor.partners.api.throttles import (
    PartnerCaseThrottle,
    PartnerRateThrottle,
    spent_budget_message,
)
from advisor.partners.documents import case_document, case_summary, case_url
from advisor.partners.models import Partner
from advisor.partners.selectors import partner_case_get, partner_cases
from advisor.partners.services.submissions import (
    Accepted,
    partner_case_share,
    partner_case_submit,
    partner_cases_submit_bulk,
)


class JSONBodyParser(JSONParser):
    """JSON, where nesting deep enough to exhaust the parser is a 400 like any other bad JSON.
    (Bodies over DATA_UPLOAD_MAX_MEMORY_SIZE are refused before parsing: 413.)"""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError("JSON parse error - nested too deeply") from None


class PartnerAPIView(APIView):
    """Authenticated by partner key, throttled per partner, JSON in and out, problem+json errors."""

    authentication_classes = [PartnerKeyAuthentication]
    permission_classes = [IsPartner]
    throttle_classes = [PartnerRateThrottle, PartnerCaseThrottle]
    parser_classes = [JSONBodyParser]
    renderer_classes = [JSONRenderer]
    # Query parameters the view reads. Others are refused, so that a misspelt filter
    # (`?stauts=done`) is a 400 rather than an unfiltered answer taken for a filtered one.
    query_parameters: frozenset[str] = frozenset()

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        unknown = sorted(set(request.query_params) - self.query_parameters)
        if unknown:
            known = ", ".join(sorted(self.query_parameters)) or "none"
            raise exceptions.ValidationError(
                {
                    name: [f"unknown query parameter (this address takes: {known})"]
                    for name in unknown
                }
            )

    def get_exception_handler(self):
        return exception_handler

    def check_throttles(self, request) -> None:
        """DRF's check, saying which budget is spent: the requests' or the cases'. The first
        spent budget answers: the requests' is checked first and costs nothing, the cases' may
        have to parse the body to count them, so a request past its request budget is refused
        unparsed. A refusal that cannot change before its Retry-After is remembered at the door
        (door.py), which refuses the key's next requests before they reach Django."""
        for throttle in self.get_throttles():
            if throttle.allow_request(request, self):
                continue
            wait = throttle.wait() or 1.0
            cases = isinstance(throttle, PartnerCaseThrottle)
            if not cases or throttle.spent:
                remember_refusal(request, wait=wait, cases=cases)
            raise exceptions.Throttled(wait, detail=spent_budget_message(cases=cases))

    @property
    def partner(self) -> Partner:
        return self.request.auth.partner

    def base_url(self) -> str:
        return self.request.build_absolute_uri("/").rstrip("/")

    def submitted(self, submit: Callable[..., Accepted]) -> Accepted:
        """Hand the body and its Idempotency-Key to a submission service."""
        return submit(
            partner=self.partner,
            data=self.request.data,
            idempotency_key=self.request.headers.get("Idempotency-Key"),
        )

    @staticmethod
    def accepted_response(accepted: Accepted, body: dict, *, location: str) -> Response:
        """202 with the new resource's address; a replayed Idempotency-Key says so."""
        headers = {"Location": location}
        if accepted.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(body, status=202, headers=headers)


class CasePagination(PageNumberPagination):
    """Pages as CaseListQuery checked them (DRF's own parsing would take `page=1.0` for a page
    that does not exist)."""

    page_size_query_param = "page_size"

    def __init__(self, *, page: int = 1, page_size: int = PAGE_SIZE) -> None:
        self.page_number = page
        self.page_size = page_size

    def get_page_size(self, request) -> int:
        return self.page_size

    def get_page_number(self, request, paginator) -> int:
        return self.page_number


class CasePage(serializers.Serializer):
    count = serializers.IntegerField(help_text="Cases matching the filters, on all pages.")
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    previous = serializers.URLField(
        allow_null=True, help_text="The previous page; null on the first."
    )
    results = CaseSummary(many=True, help_text="The cases on this page, newest first.")


class CaseListView(PartnerAPIView):
    query_parameters = frozenset(CaseListQuery().fields)

    @extend_schema(
        operation_id="cases_list",
        summary="List your cases",
        description=f"Your organisation's cases, newest first, {PAGE_SIZE} a page (`page_size` up to "
        f"{MAX_PAGE_SIZE}). "
        "Filter by `status`, submission time and bulk `batch`.",
        tags=["Cases"],
        parameters=[CaseListQuery],
        responses={
            200: OpenApiResponse(
                CasePage,
                description="A page of your cases.",
                examples=[
                    OpenApiExample(
                        "One page",
                        value={
                            "count": 1,
                            "next": None,
                            "previous": None,
                            "results": [
                                {key: docs.CASE_DETAIL_EXAMPLE[key] for key in CaseSummary().fields}
                            ],
                        },
                    )
                ],
            ),
            **docs.problem_responses(400, 404, *docs.COMMON, reads=True),
        },
    )
    def get(self, request):
        query = CaseListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = {
            name: value
            for name, value in query.validated_data.items()
            if name not in ("page", "page_size")  # the paginator reads those
        }
        links = partner_cases(partner=self.partner, **filters)
        paginator = CasePagination(
            page=query.validated_data.get("page", 1),
            page_size=query.validated_data.get("page_size", PAGE_SIZE),
        )
        page = paginator.paginate_queryset(links, request, view=self)
        base = self.base_url()
        return paginator.get_paginated_response(
            [case_summary(link=link, base_url=base) for link in page]
        )

    @extend_schema(
        operation_id="cases_create",
        summary="Submit a case",
        description="Check the profile and queue it for scoring. Answers at once with `202`; the "
        "case is usually `done` within seconds (poll its `url`, or wait for the webhook). The "
        "rules are the founder form's: shares add up to 100, known sector, stage, customer "
        "type, markets and criteria, at least two known regions when `regions` is given.",
        tags=["Cases"],
        parameters=[docs.IDEMPOTENCY_KEY],
        request=CaseSubmission,
        examples=[
            OpenApiExample("A robotics startup", value=docs.CASE_EXAMPLE, request_only=True),
        ],
        responses={
            202: OpenApiResponse(
                CaseAccepted,
                description="Accepted and queued. `Location` is the case's address. A repeated "
                "Idempotency-Key answers with the first case and `Idempotent-Replayed: true`.",
                examples=[
                    OpenApiExample(
                        "Queued",
                        value={
                            "id": docs.CASE_DETAIL_EXAMPLE["id"],
                            "status": "queued",
                            "url": docs.CASE_DETAIL_EXAMPLE["url"],
                        },
                    )
                ],
            ),
            **docs.problem_responses(400, 413, 415, 422, *docs.COMMON),
        },
    )
    def post(self, request):
        accepted = self.submitted(partner_case_submit)
        link = accepted.link
        url = case_url(case_id=link.case_id, base_url=self.base_url())
        body = {"id": str(link.case_id), "status": link.case.status, "url": url}
        return self.accepted_response(accepted, body, location=url)


class CaseDetailView(PartnerAPIView):
    @extend_schema(
        operation_id="cases_retrieve",
        parameters=[docs.CASE_ID],
        summary="Read a case",
        description="The case with its `status`, its `result` once scored (the object "
        "`manage.py recommend --json` prints) and the advisor's `review` once reviewed. A case "
        "of another organisation is `404`, like one that does not exist.",
        tags=["Cases"],
        responses={
            200: OpenApiResponse(
                CaseDetail,
                description="The case.",
                examples=[OpenApiExample("Done and reviewed", value=docs.CASE_DETAIL_EXAMPLE)],
            ),
            **docs.problem_responses(400, 404, *docs.COMMON, reads=True),
        },
    )
    def get(self, request, case_id):
        return Response(case_document(link=self.link(case_id), base_url=self.base_url()))

    @extend_schema(
        operation_id="cases_share",
        parameters=[docs.CASE_ID],
        request=CaseShare,
        examples=[
            OpenApiExample("Share the founder page", value={"share_link": True}, request_only=True)
        ],
        summary="Share or unshare a case's founder page",
        description='`{"share_link": true}` lets anyone with the case\'s link open it on the '
        "founder pages (the report, what-if and retry; its address is `founder_url`), to pass "
        "it on to the startup; `false` makes them answer 404 again. By default a partner's "
        "case is not shared. Only `share_link` may be changed.",
        tags=["Cases"],
        responses={
            200: OpenApiResponse(
                CaseDetail,
                description="The case, as GET answers it.",
                examples=[OpenApiExample("Shared", value=docs.CASE_DETAIL_EXAMPLE)],
            ),
            **docs.problem_responses(400, 404, 415, *docs.COMMON),
        },
    )
    def patch(self, request, case_id):
        link = partner_case_share(link=self.link(case_id), data=request.data)
        return Response(case_document(link=link, base_url=self.base_url()))

    def link(self, case_id):
        link = partner_case_get(partner=self.partner, case_id=case_id)
        if link is None:
            raise exceptions.NotFound("No such case.")
        return link


class CaseBulkView(PartnerAPIView):
    @extend_schema(
        operation_id="cases_bulk_create",
        summary="Submit many cases",
        description="Up to 1,000 cases in one request, scored together as one batch (with the "
        "dataset's batch robustness sample count: each result's `samples`). Each case "
        "is checked on its own: valid ones are accepted and queued, invalid ones are listed in "
        "`errors` by `index` (their `ids` entry is null). When no case is valid the answer is "
        "`400` with every case's errors. Poll the batch with `cases_url`, or wait for each "
        "case's webhook.",
        tags=["Cases"],
        parameters=[docs.IDEMPOTENCY_KEY],
        request=BulkSubmission,
        examples=[
            OpenApiExample(
                "Two cases, one with a mistake",
                value={
                    "cases": [
                        docs.CASE_EXAMPLE,
                        {**docs.CASE_EXAMPLE, "startup_name": "Kyoto Bio", "sector": "biotek"},
                    ],
                    "callback_url": "https://partner.example/webhooks/advisor",
                },
                request_only=True,
            )
        ],
        responses={
            202: OpenApiResponse(
                BulkAccepted,
                description="The valid cases are accepted and queued as one batch.",
                examples=[
                    OpenApiExample(
                        "One accepted, one rejected",
                        value={
                            "batch": "5b1d7e0a-8f7c-4f6e-9d1a-2c3b4a5d6e7f",
                            "accepted": 1,
                            "rejected": 1,
                            "ids": [docs.CASE_DETAIL_EXAMPLE["id"], None],
                            "errors": [
                                {
                                    "index": 1,
                                    "field": "sector",
                                    "detail": "unknown sector 'biotek'; expected one of: "
                                    + ", ".join(SECTORS),
                                }
                            ],
                            "cases_url": "https://advisor.example/api/v1/cases/"
                            "?batch=5b1d7e0a-8f7c-4f6e-9d1a-2c3b4a5d6e7f",
                        },
                    )
                ],
            ),
            **docs.problem_responses(400, 413, 415, 422, *docs.COMMON),
        },
    )
    def post(self, request):
        accepted = self.submitted(partner_cases_submit_bulk)
        batch = accepted.batch
        cases_url = f"{self.base_url()}{reverse('partners:case-list')}?batch={batch.id}"
        body = {
            "batch": str(batch.id),
            "accepted": sum(1 for case_id in batch.case_ids if case_id),
            "rejected": sum(1 for case_id in batch.case_ids if not case_id),
            "ids": batch.case_ids,
            **capped_errors(batch.errors, batch.errors_total),
            "cases_url": cases_url,
        }
        return self.accepted_response(accepted, body, location=cases_url)
