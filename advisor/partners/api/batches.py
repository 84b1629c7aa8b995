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
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

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


@extend_schema(exclude=True)
class BatchCreateView(BatchAPIView):
    parser_classes: list = []  # the body is the service's to stream

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


@extend_schema(exclude=True)
class BatchDetailView(BatchAPIView):
    def get(self, request, job_id):
        return Response(batch_document(job=self.job(job_id), base_url=self.base_url()))

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


@extend_schema(exclude=True)
class BatchResultsView(_StreamingView):
    def get(self, request, job_id):
        kind = _wanted(request)
        job = self.job(job_id)
        rows = batch_results_csv(job=job) if kind == CSV else batch_results_jsonl(job=job)
        return self.streamed(rows, kind, job, "results")


@extend_schema(exclude=True)
class BatchErrorsView(_StreamingView):
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


@extend_schema(exclude=True)
class BatchRowCaseView(BatchAPIView):
    def post(self, request, job_id):
        job = self.job(job_id)
        body = request.data if isinstance(request.data, dict) else {}
        accepted = batch_row_case_submit(partner=self.partner, job=job, line=body.get("line"))
        link = accepted.link
        url = case_url(case_id=link.case_id, base_url=self.base_url())
        body = {"id": str(link.case_id), "status": link.case.status, "url": url}
        return self.accepted_response(accepted, body, location=url)
