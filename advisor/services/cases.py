"""Case services: submitting, scoring and re-scoring cases. Every face (form, API, admin, CLI)
calls these, so they all behave the same."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from datetime import timedelta
from time import perf_counter, sleep
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from advisor.engine import InvalidInput, parse_profile, prepare, recommend
from advisor.models import Case
from advisor.services.results import case_results_store
from advisor.services.scoring import profiles_recommend
from advisor.signals import cases_finished
from advisor.text import text_problem
from regions.dataset import dataset_current, dataset_snapshot_keep
from regions.models import Region

logger = logging.getLogger(__name__)

MAX_NAME_LENGTH = 200
MAX_LOCATION_LENGTH = 100
MAX_FUNDING_USD = 2**63 - 1  # the largest amount the database column holds


def case_clean(
    *,
    startup_name: str,
    profile: Mapping[str, Any],
    funding_need_usd: int | None = None,
    current_location: str = "",
    known_regions: Collection[str] | None = None,
) -> dict[str, Any]:
    """Check one submission with the rules every channel shares; return the Case's field values.

    `known_regions` saves a query per case when many are checked at once (bulk submission).
    Raises InvalidInput naming the field at fault.
    """
    name = (startup_name or "").strip()
    if not name:
        raise InvalidInput("startup_name", "startup name is required")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(
            "startup_name", f"startup name must be at most {MAX_NAME_LENGTH} characters"
        )
    problem = text_problem(name, label="startup name")
    if problem:
        raise InvalidInput("startup_name", problem)
    location = (current_location or "").strip()
    if len(location) > MAX_LOCATION_LENGTH:
        raise InvalidInput(
            "current_location", f"location must be at most {MAX_LOCATION_LENGTH} characters"
        )
    problem = text_problem(location, label="location")
    if problem:
        raise InvalidInput("current_location", problem)
    if funding_need_usd is not None and funding_need_usd < 0:
        raise InvalidInput("funding_need_usd", "funding need cannot be negative")
    if funding_need_usd is not None and funding_need_usd > MAX_FUNDING_USD:
        raise InvalidInput("funding_need_usd", "funding need is too large")
    checked = parse_profile(profile)
    if checked.regions:
        if known_regions is None:
            # Text the database cannot even encode (a lone surrogate) names no region: not asked.
            askable = [slug for slug in checked.regions if text_problem(slug, label="") is None]
            known_regions = set(
                Region.objects.filter(slug__in=askable).values_list("slug", flat=True)
            )
        unknown = [slug for slug in checked.regions if slug not in known_regions]
        if unknown:
            raise InvalidInput("regions", f"unknown region {unknown[0]!r}")
        if len(checked.regions) < 2:
            raise InvalidInput("regions", "choose at least two regions to compare")
    return {
        "startup_name": name,
        "sector": checked.sector,
        "stage": checked.stage,
        "customer_type": checked.customer_type,
        "markets": checked.markets,
        "weights": checked.weights,
        "regions": list(checked.regions),
        "funding_need_usd": funding_need_usd,
        "current_location": location,
    }


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
    fields = case_clean(
        startup_name=startup_name,
        profile=profile,
        funding_need_usd=funding_need_usd,
        current_location=current_location,
    )
    with transaction.atomic():
        case = Case.objects.create(**fields, channel=channel)
        transaction.on_commit(lambda: case_enqueue(case_id=case.id))
    return case


def cases_submit_batch(
    *, cleaned: Sequence[Mapping[str, Any]], channel: str = Case.Channel.API
) -> list[Case]:
    """Save many checked submissions (case_clean's output) in one insert and queue them as ONE
    scoring task, scored in one vectorised engine call once the insert commits."""
    if not cleaned:
        return []
    with transaction.atomic():
        cases = bulk_create_with_history(
            [Case(**fields, channel=channel) for fields in cleaned], Case, batch_size=500
        )
        case_ids = [str(case.id) for case in cases]
        transaction.on_commit(lambda: cases_enqueue_batch(case_ids=case_ids))
    return cases


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


def cases_enqueue_batch(*, case_ids: Sequence[str]) -> bool:
    """Hand a batch of cases to the workers as one task; like case_enqueue, a broker failure
    leaves them queued for the sweep."""
    from advisor.tasks import score_cases  # the task module imports these services

    try:
        score_cases.apply_async(
            args=[list(case_ids)],
            retry=True,
            retry_policy=settings.CELERY_TASK_PUBLISH_RETRY_POLICY,
        )
    except Exception:  # any broker failure: the committed cases must not be lost with it
        logger.warning(
            "could not queue a batch of %d cases; they stay queued for the sweep",
            len(case_ids),
            exc_info=True,
        )
        return False
    return True


def cases_announce_finished(*, case_ids: Sequence[str]) -> None:
    """Tell other apps (partner webhooks) once the current transaction commits. A receiver that
    fails is logged; it never undoes or fails the scoring."""
    if not case_ids:
        return
    ids = [str(case_id) for case_id in case_ids]

    def send() -> None:
        for receiver, error in cases_finished.send_robust(sender=Case, case_ids=ids):
            if isinstance(error, Exception):
                logger.error("cases_finished receiver %r failed", receiver, exc_info=error)

    transaction.on_commit(send)


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
    if settings.SCORING_TEST_DELAY:  # test-only hook: lets fault tests kill a worker mid-scoring
        sleep(settings.SCORING_TEST_DELAY)
    started = perf_counter()
    try:
        result = recommend(prepare(dataset), case.profile())
    except InvalidInput as error:
        # The stored profile no longer fits the data (a region was removed, say): retrying cannot
        # help, so the case fails with the reason for an advisor to see.
        case_mark_failed(case_id=case_id, reason=f"The profile cannot be scored: {error}")
        return Case.objects.get(id=case_id)
    duration_ms = (perf_counter() - started) * 1000

    finished_at = timezone.now()
    with transaction.atomic():
        stored = case_results_store(
            results={case.id: result},
            failures={},
            worker=worker,
            duration_ms=duration_ms,
            finished_at=finished_at,
        )
        cases_announce_finished(case_ids=stored)
    if not stored:
        return Case.objects.get(id=case_id)  # another worker stored its result first
    case.status = Case.Status.DONE
    case.result = result
    case.dataset_version = result["dataset_version"]
    case.engine_version = result["engine_version"]
    case.failure_reason = ""
    case.scored_at = case.updated_at = finished_at
    return case


def cases_score_batch(*, case_ids: Sequence[UUID | str], worker: str = "") -> list[str]:
    """Score many cases in ONE vectorised engine call; each still gets its full result, the object
    case_score would store, except that its robustness comes from the dataset's batch sample count
    (`robustness.batch_samples`, as `recommend --batch` uses; the result's `samples` says how
    many). At the full count the sampling alone costs about 2.5 ms a profile, which would hold a
    two-core machine below 500 bulk cases a second. Safe to run twice, and beside case_score for
    the same cases: only the first finished scoring of a case is stored. Returns the ids of the
    cases it finished.
    """
    now = timezone.now()
    with transaction.atomic():
        # skip_locked: cases another worker is storing right now are left to it.
        claimable = list(
            Case.objects.select_for_update(skip_locked=True)
            .filter(id__in=case_ids, status__in=[Case.Status.QUEUED, Case.Status.SCORING])
            .values_list("id", flat=True)
        )
        Case.objects.filter(id__in=claimable).update(
            status=Case.Status.SCORING, scoring_started_at=now, attempts=F("attempts") + 1
        )
    if not claimable:
        return []
    cases = list(Case.objects.filter(id__in=claimable))
    dataset = dataset_current()
    dataset_snapshot_keep(dataset)
    model = prepare(dataset)
    started = perf_counter()
    results = profiles_recommend(
        model=model,
        profiles=[case.profile() for case in cases],
        samples=int(model.params["robustness.batch_samples"]),
    )
    duration_ms = (perf_counter() - started) * 1000 / len(cases)

    finished_at = timezone.now()
    scored: dict[UUID, dict[str, Any]] = {}
    failures: dict[UUID, str] = {}
    for case, result in zip(cases, results, strict=True):
        if isinstance(result, InvalidInput):
            failures[case.id] = f"The profile cannot be scored: {result}"
        else:
            scored[case.id] = result
    with transaction.atomic():
        finished = case_results_store(
            results=scored,
            failures=failures,
            worker=worker,
            duration_ms=duration_ms,
            finished_at=finished_at,
        )
        cases_announce_finished(case_ids=finished)
    return finished


def cases_mark_failed(*, case_ids: Sequence[UUID | str], reason: str) -> None:
    """Fail the given cases that are still waiting (a whole scoring batch that could not run)."""
    with transaction.atomic():
        ids = [
            str(case_id)
            for case_id in Case.objects.select_for_update()
            .filter(id__in=case_ids, status__in=[Case.Status.QUEUED, Case.Status.SCORING])
            .values_list("id", flat=True)
        ]
        Case.objects.filter(id__in=ids).update(
            status=Case.Status.FAILED, failure_reason=reason[:2000], updated_at=timezone.now()
        )
        cases_announce_finished(case_ids=ids)


def case_mark_failed(*, case_id: UUID | str, reason: str) -> None:
    failed = Case.objects.filter(
        id=case_id, status__in=[Case.Status.QUEUED, Case.Status.SCORING]
    ).update(status=Case.Status.FAILED, failure_reason=reason[:2000])
    if failed:
        cases_announce_finished(case_ids=[case_id])


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
