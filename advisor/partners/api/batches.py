"""Partner API views of batch jobs: upload (streamed), progress, cancel, results and refused rows
(streamed), and one row turned into a full case.

The upload is handed to the service as the request's stream: nothing here reads request.body or
request.data for it (DJANGO_MAX_BODY_BYTES would refuse a large job, and it would sit in memory).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from advisor.partners.api import docs
from advisor.partners.api.problems import CONTENT_TYPE as PROBLEM
from advisor.partners.api.serializers.batches import (
    BatchAccepted,
    BatchDetail,
    BatchRowCase,
)
from advisor.partners.api.serializers.submissions import CaseAccepted
from advisor.partners.api.views import PartnerAPIView
from advisor.partners.documents import batch_document, batch_url, case_url
from advisor.partners.models import BatchJob
from advisor.partners.services.batches import (
    batch_errors_all,
    batch_format,
    batch_job_cancel,
    batch_job_create,
    batch_job_get,
    batch_results_csv,
    batch_results_jsonl,
    batch_row_case_submit,
)

CSV = "text/csv"
JSONL = "application/x-ndjson"


class BatchAPIView(PartnerAPIView):
    def job(self, job_id) -> BatchJob:
        job = batch_job_get(partner=self.partner, job_id=job_id)
        if job is None:
            raise exceptions.NotFound("No such batch job.")
        return job


def _streamed_responses(what: str, csv_example: str, jsonl_example: str) -> dict:
    return {
        (200, CSV): OpenApiResponse(
            OpenApiTypes.STR,
            description=f"{what} as CSV (the default).",
            examples=[OpenApiExample("CSV", value=csv_example)],
        ),
        (200, JSONL): OpenApiResponse(
            OpenApiTypes.STR,
            description=f"{what} as JSON Lines (`Accept: {JSONL}`).",
            examples=[OpenApiExample("JSON Lines", value=jsonl_example)],
        ),
        (406, PROBLEM): OpenApiResponse(
            docs.Problem,
            description="Not acceptable: accept text/csv or application/x-ndjson.",
            examples=[docs.NOT_ACCEPTABLE],
        ),
    }


class BatchCreateView(BatchAPIView):
    parser_classes: list = []  # the body is the service's to stream
    # Not against the partner's case budget (PARTNER_CASE_RATE): a job is bounded by
    # BATCH_MAX_ROWS and scored on a queue of its own, behind no founder's case.
    counts_cases = False

    @extend_schema(
        operation_id="batches_create",
        summary="Submit a batch job",
        description="Up to 1,000,000 profiles in one body, streamed (send `Content-Length`): "
        "CSV with the columns of `manage.py recommend --batch` (`id`, `sector`, `stage`, "
        "`customer_type`, one per market code; optionally `founder_nationality`, "
        "`incorporated_in`, `funding_need_usd`), or JSON Lines, one profile object a line "
        "(`markets` as an object). The workers score it in chunks into compact rows (id, "
        "recommendation, confidence, each region's score); rows that cannot be scored are "
        "listed by line number. Follow the job at `url`.",
        tags=["Batch jobs"],
        request={
            CSV: OpenApiTypes.STR,
            JSONL: OpenApiTypes.STR,
        },
        examples=[
            OpenApiExample("CSV", value=docs.BATCH_CSV_EXAMPLE, request_only=True, media_type=CSV),
            OpenApiExample(
                "JSON Lines", value=docs.BATCH_JSONL_EXAMPLE, request_only=True, media_type=JSONL
            ),
        ],
        responses={
            202: OpenApiResponse(
                BatchAccepted,
                description="Stored and queued. `Location` is the job's address.",
                examples=[
                    OpenApiExample(
                        "Queued",
                        value={
                            "id": docs.BATCH_DETAIL_EXAMPLE["id"],
                            "status": "queued",
                            "url": docs.BATCH_DETAIL_EXAMPLE["url"],
                        },
                    )
                ],
            ),
            **docs.problem_responses(400, 415, *docs.COMMON),
        },
    )
    def post(self, request):
        format = batch_format(request.content_type or "")
        if format is None:
            raise exceptions.UnsupportedMediaType(
                request.content_type,
                detail=f"Send the profiles as {CSV} (the columns of `recommend --batch`) or as "
                f"{JSONL} (one profile a line).",
            )
        job = batch_job_create(
            partner=self.partner, stream=request.stream or _Empty(), format=format
        )
        url = batch_url(job_id=job.id, base_url=self.base_url())
        return Response(
            {"id": str(job.id), "status": job.status, "url": url},
            status=202,
            headers={"Location": url},
        )


class _Empty:
    def read(self, size: int = -1) -> bytes:
        return b""


_DETAIL = OpenApiResponse(
    BatchDetail,
    description="The job and its progress.",
    examples=[OpenApiExample("Running", value=docs.BATCH_DETAIL_EXAMPLE)],
)


class BatchDetailView(BatchAPIView):
    @extend_schema(
        operation_id="batches_retrieve",
        parameters=[docs.BATCH_ID],
        summary="Follow a batch job",
        description="Its `status`, rows `done` and `failed` of `total`, the rate and the time "
        "left, and the first refused rows by line number. Another organisation's job is "
        "`404`, like one that does not exist.",
        tags=["Batch jobs"],
        responses={200: _DETAIL, **docs.problem_responses(400, 404, *docs.COMMON, reads=True)},
    )
    def get(self, request, job_id):
        return Response(batch_document(job=self.job(job_id), base_url=self.base_url()))

    @extend_schema(
        operation_id="batches_cancel",
        parameters=[docs.BATCH_ID],
        summary="Cancel a batch job",
        description="Stops a queued or running job: chunks not yet started are not scored; "
        "the rows already scored stay readable. A finished job is left as it is.",
        tags=["Batch jobs"],
        responses={200: _DETAIL, **docs.problem_responses(400, 404, *docs.COMMON, reads=True)},
    )
    def delete(self, request, job_id):
        job = batch_job_cancel(job=self.job(job_id))
        return Response(batch_document(job=job, base_url=self.base_url()))


def _wanted(request) -> str:
    """CSV unless the client asks for JSON Lines (Accept); 406 for anything else."""
    accept = request.headers.get("Accept", "") or "*/*"
    kinds = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    if JSONL in kinds or "application/jsonl" in kinds:
        return JSONL
    if CSV in kinds or "*/*" in kinds or "text/*" in kinds:
        return CSV
    raise exceptions.NotAcceptable(f"The results are {CSV} or {JSONL}: accept one of them.")


class _StreamingView(BatchAPIView):
    def perform_content_negotiation(self, request, force=False):
        # Errors are JSON (problem+json); the answers themselves are streamed CSV or JSON Lines.
        return JSONRenderer(), "application/json"

    @staticmethod
    def streamed(rows: Iterator[str], kind: str, job: BatchJob, name: str):
        response = StreamingHttpResponse(
            (text.encode() for text in rows),
            content_type=f"{kind}; charset=utf-8" if kind == CSV else kind,
        )
        extension = "csv" if kind == CSV else "jsonl"
        response["Content-Disposition"] = f'attachment; filename="{name}-{job.id}.{extension}"'
        # Until the job is done the rows are those of the chunks scored so far.
        response["Batch-Status"] = job.status
        return response


class BatchResultsView(_StreamingView):
    @extend_schema(
        operation_id="batches_results",
        parameters=[docs.BATCH_ID],
        summary="Read a batch job's results",
        description="The scored rows in upload order, streamed: CSV with the columns of "
        "`manage.py recommend --batch` output (`id`, `recommendation`, `confidence`, one score "
        "column per region), or JSON Lines by `Accept`. Before the job is done, the rows of "
        "the chunks scored so far (`Batch-Status` says the job's status).",
        tags=["Batch jobs"],
        responses={
            **_streamed_responses(
                "The scored rows",
                "id,recommendation,confidence,shenzhen,tokyo\nohio-robotics,shenzhen,0.91,78.2,"
                "61.5\n",
                '{"id": "ohio-robotics", "recommendation": "shenzhen", "confidence": 0.91, '
                '"scores": {"shenzhen": 78.2, "tokyo": 61.5}}\n',
            ),
            **docs.problem_responses(400, 404, *docs.COMMON, reads=True),
        },
    )
    def get(self, request, job_id):
        kind = _wanted(request)
        job = self.job(job_id)
        rows = batch_results_csv(job=job) if kind == CSV else batch_results_jsonl(job=job)
        return self.streamed(rows, kind, job, "results")


class BatchErrorsView(_StreamingView):
    @extend_schema(
        operation_id="batches_errors",
        parameters=[docs.BATCH_ID],
        summary="Read a batch job's refused rows",
        description="Every row that could not be scored, by line number (a CSV's header is "
        "line 1), with the reason; CSV or JSON Lines by `Accept`.",
        tags=["Batch jobs"],
        responses={
            **_streamed_responses(
                "The refused rows",
                "line,detail\n7,\"unknown sector 'biotek'; expected one of: robotics, ...\"\n",
                '{"line": 7, "detail": "unknown sector \'biotek\'; expected one of: robotics, '
                '..."}\n',
            ),
            **docs.problem_responses(400, 404, *docs.COMMON, reads=True),
        },
    )
    def get(self, request, job_id):
        kind = _wanted(request)
        job = self.job(job_id)
        errors = batch_errors_all(job=job)
        if kind == CSV:

            def rows() -> Iterator[str]:
                yield "line,detail\n"
                for error in errors:
                    out = io.StringIO()
                    csv.writer(out, lineterminator="\n").writerow([error["line"], error["detail"]])
                    yield out.getvalue()
        else:

            def rows() -> Iterator[str]:
                for error in errors:
                    yield json.dumps(error, ensure_ascii=False) + "\n"

        return self.streamed(rows(), kind, job, "errors")


class BatchRowCaseView(BatchAPIView):
    @extend_schema(
        operation_id="batches_row_case",
        parameters=[docs.BATCH_ID],
        summary="Turn a batch row into a full case",
        description="The profile on `line` of the upload becomes a case, as `POST "
        "/api/v1/cases/` would make it (named by the row's `id`): queued, scored with the "
        "full robustness analysis and its explanation.",
        tags=["Batch jobs"],
        request=BatchRowCase,
        examples=[OpenApiExample("Line 7", value={"line": 7}, request_only=True)],
        responses={
            202: OpenApiResponse(
                CaseAccepted,
                description="The case is accepted and queued. `Location` is its address.",
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
            **docs.problem_responses(400, 404, 415, *docs.COMMON),
        },
    )
    def post(self, request, job_id):
        job = self.job(job_id)
        body = request.data if isinstance(request.data, dict) else {}
        accepted = batch_row_case_submit(partner=self.partner, job=job, line=body.get("line"))
        link = accepted.link
        url = case_url(case_id=link.case_id, base_url=self.base_url())
        body = {"id": str(link.case_id), "status": link.case.status, "url": url}
        return self.accepted_response(accepted, body, location=url)
