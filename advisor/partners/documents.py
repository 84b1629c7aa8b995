"""The case as partners see it: the object GET /api/v1/cases/{id}/ answers, the case list rows,
and the `data` every webhook carries."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.urls import reverse

from advisor.partners.models import BatchJob, PartnerCase
from advisor.partners.services.batches import batch_errors, batch_job_progress
from advisor.selectors import case_review


def _when(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def case_url(*, case_id: UUID | str, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("partners:case-detail", args=[case_id])


def founder_url(*, link: PartnerCase, base_url: str) -> str | None:
    """The case's founder page, when the partner shares its link; else None (the page is 404)."""
    if not link.share_link:
        return None
    return base_url.rstrip("/") + reverse("advisor:case", args=[link.case.public_id])


def case_summary(*, link: PartnerCase, base_url: str) -> dict[str, Any]:
    """A case in the partner's list: enough to pick which ones to fetch."""
    case = link.case
    return {
        "id": str(case.id),
        "url": case_url(case_id=case.id, base_url=base_url),
        "status": case.status,
        "startup_name": case.startup_name,
        "sector": case.sector,
        "stage": case.stage,
        "customer_type": case.customer_type,
        "recommendation": case.recommendation,
        "batch": str(link.batch_id) if link.batch_id else None,
        "created_at": _when(case.created_at),
        "updated_at": _when(case.updated_at),
        "scored_at": _when(case.scored_at),
    }


def case_document(*, link: PartnerCase, base_url: str) -> dict[str, Any]:
    """The case as GET /api/v1/cases/{id}/ answers it and webhooks carry it. `result` is the
    object `manage.py recommend --json` prints (the latest finished scoring), `review` the
    advisor's decision (advisor.selectors.case_review)."""
    case = link.case
    return {
        **case_summary(link=link, base_url=base_url),
        "markets": case.markets,
        "weights": case.weights,
        "regions": case.regions,
        "founder_nationality": case.founder_nationality,
        "incorporated_in": case.incorporated_in,
        "funding_need_usd": case.funding_need_usd,
        "current_location": case.current_location,
        "callback_url": link.callback_url or None,
        "share_link": link.share_link,
        "founder_url": founder_url(link=link, base_url=base_url),
        "result": case.result,
        "failure_reason": case.failure_reason or None,
        "review": case_review(case),
    }


def batch_url(*, job_id: UUID | str, base_url: str, name: str = "batch-detail") -> str:
    return base_url.rstrip("/") + reverse(f"partners:{name}", args=[job_id])


def batch_document(*, job: BatchJob, base_url: str, errors: int = 100) -> dict[str, Any]:
    """A batch job as GET /api/v1/batches/{id}/ answers: its progress, and the first `errors`
    refused rows by line number (every one at errors_url)."""
    return {
        "id": str(job.id),
        "url": batch_url(job_id=job.id, base_url=base_url),
        "status": job.status,
        "format": job.format,
        "total": job.total,
        "done": job.done,
        "failed": job.failed,
        **batch_job_progress(job=job),
        "dataset_version": job.dataset_version,
        "samples": job.samples,
        "error": job.error or None,
        "created_at": _when(job.created_at),
        "started_at": _when(job.started_at),
        "finished_at": _when(job.finished_at),
        "results_url": batch_url(job_id=job.id, base_url=base_url, name="batch-results"),
        "errors_url": batch_url(job_id=job.id, base_url=base_url, name="batch-errors"),
        "errors": batch_errors(job=job, limit=errors),
    }
