"""Case services: submitting, scoring and re-scoring cases. Every face (form, API, admin, CLI)
calls these, so they all behave the same."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from time import perf_counter
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from advisor.engine import InvalidInput, parse_profile, prepare, recommend
from advisor.models import Case, ScoringRun
from regions.dataset import dataset_current, dataset_snapshot_keep
from regions.models import Region

logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 200
MAX_LOCATION_LENGTH = 100


def case_submit(
    *,
    startup_name: str,
    profile: Mapping[str, Any],
    channel: str = Case.Channel.WEB,
    funding_need_usd: int | None = None,
    current_location: str = "",
) -> Case:
    """Check the profile, save the case as queued and queue its scoring once the save commits.

    Raises InvalidInput naming the field at fault; nothing is saved then.
    """
    name = (startup_name or "").strip()
    if not name:
        raise InvalidInput("startup_name", "startup name is required")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            "startup_name", f"startup name must be at most {MAX_NAME_LENGTH} characters"
        )
    location = (current_location or "").strip()
    if len(location) > MAX_LOCATION_LENGTH:
        raise InvalidInput(
            "current_location", f"location must be at most {MAX_LOCATION_LENGTH} characters"
        )
    if funding_need_usd is not None and funding_need_usd < 0:
        raise InvalidInput("funding_need_usd", "funding need cannot be negative")
    checked = parse_profile(profile)
    if checked.regions:
        known = set(Region.objects.filter(slug__in=checked.regions).values_list("slug", flat=True))
        unknown = [slug for slug in checked.regions if slug not in known]
        if unknown:
            raise InvalidInput("regions", f"unknown region {unknown[0]!r}")
        if len(checked.regions) < 2:
            raise InvalidInput("regions", "choose at least two regions to compare")

    with transaction.atomic():
        case = Case.objects.create(
            startup_name=name,
            sector=checked.sector,
            stage=checked.stage,
            customer_type=checked.customer_type,
            markets=checked.markets,
            weights=checked.weights,
            regions=list(checked.regions),
            funding_need_usd=funding_need_usd,
            current_location=location,
            channel=channel,
        )
        transaction.on_commit(lambda: case_enqueue(case_id=case.id))
    return case


def case_enqueue(*, case_id: UUID | str) -> bool:
    """Hand the case to the workers. If the broker is unreachable the case stays queued (it is
    already saved) and the periodic sweep queues it again later; the caller is not failed."""
    from advisor.tasks import score_case  # the task module imports these services

    try:
        score_case.apply_async(
            args=[str(case_id)], retry=True, retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY
        )
    except Exception:  # any broker failure: the committed case must not be lost with it
        logger.warning(
            "could not queue case %s; it stays queued for the sweep", case_id, exc_info=True
        )
        return False
    return True


def case_score(*, case_id: UUID | str, worker: str = "") -> Case | None:
    """Score a queued case and store the result. Safe to run twice for the same case: only the
    first finished scoring is stored; a case that is done or failed is left alone."""
    claimed = Case.objects.filter(
        id=case_id, status__in=[Case.Status.QUEUED, Case.Status.SCORING]
    ).update(
        status=Case.Status.SCORING,
        scoring_started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    case = Case.objects.get(id=case_id)
    dataset = dataset_current()
    dataset_snapshot_keep(dataset)
    started = perf_counter()
    try:
        result = recommend(prepare(dataset), case.profile())
    except InvalidInput as error:
        # The stored profile no longer fits the data (a region was removed, say): retrying cannot
        # help, so the case fails with the reason for an advisor to see.
        case_mark_failed(case_id=case_id, reason=f"The profile cannot be scored: {error}")
        return Case.objects.get(id=case_id)
    duration_ms = (perf_counter() - started) * 1000

    with transaction.atomic():
        case = Case.objects.select_for_update().get(id=case_id)
        if case.status != Case.Status.SCORING:
            return case  # another worker stored its result first
        ScoringRun.objects.create(
            case=case,
            result=result,
            dataset_version=result["dataset_version"],
            engine_version=result["engine_version"],
            worker=worker,
            duration_ms=duration_ms,
        )
        case.status = Case.Status.DONE
        case.result = result
        case.dataset_version = result["dataset_version"]
        case.engine_version = result["engine_version"]
        case.failure_reason = ""
        case.scored_at = timezone.now()
        case.save()
    return case


def case_mark_failed(*, case_id: UUID | str, reason: str) -> None:
    Case.objects.filter(id=case_id, status__in=[Case.Status.QUEUED, Case.Status.SCORING]).update(
        status=Case.Status.FAILED, failure_reason=reason[:2000]
    )


def case_rescore(*, case: Case) -> Case:
    """Queue a new scoring; the previous result stays in the case's scoring history."""
    with transaction.atomic():
        Case.objects.filter(id=case.id).update(
            status=Case.Status.QUEUED, failure_reason="", updated_at=timezone.now()
        )
        transaction.on_commit(lambda: case_enqueue(case_id=case.id))
    case.refresh_from_db()
    return case


def cases_requeue_stale(*, queued_for: timedelta, scoring_for: timedelta) -> int:
    """Queue again the cases nobody is working on: queued longer than `queued_for` (their message
    was lost, or the broker was down when they were submitted) or scoring longer than
    `scoring_for` (their worker died). Scoring is idempotent, so a duplicate costs nothing."""
    now = timezone.now()
    stale = Case.objects.filter(
        Q(status=Case.Status.QUEUED, updated_at__lt=now - queued_for)
        | Q(status=Case.Status.SCORING, scoring_started_at__lt=now - scoring_for)
    ).values_list("id", flat=True)
    count = 0
    for case_id in stale.iterator():
        Case.objects.filter(id=case_id).update(updated_at=now)
        case_enqueue(case_id=case_id)
        count += 1
    return count
