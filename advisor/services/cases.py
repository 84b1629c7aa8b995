"""Submitting cases and handing them to the workers. Every face (form, API, admin, CLI) calls
these, so they all behave the same; the checks are advisor.services.profiles', the scoring
advisor.services.scoring's, the status changes advisor.services.lifecycle's."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from advisor.models import Case
from advisor.platform.publishing import publish
from advisor.services.notifications import case_emails_queue
from advisor.services.profiles import case_clean


def case_submit(
    *,
    startup_name: str,
    profile: Mapping[str, Any],
    channel: str = Case.Channel.WEB,
    funding_need_usd: int | None = None,
    current_location: str = "",
    founder_email: str = "",
    founder_language: str = "",
) -> Case:
    """Check the profile, save the case as queued and queue its scoring once the save commits
    (and, with an email address, the email of its link).

    Raises DomainError listing every problem; nothing is saved then.
    """
    fields = case_clean(
        startup_name=startup_name,
        profile=profile,
        funding_need_usd=funding_need_usd,
        current_location=current_location,
        founder_email=founder_email,
    )
    return case_save(fields={**fields, "founder_language": founder_language}, channel=channel)


def case_save(*, fields: Mapping[str, Any], channel: str) -> Case:
    """Save one checked submission (case_clean's output) as queued and queue its scoring once
    the save commits."""
    with transaction.atomic():
        case = Case.objects.create(**fields, channel=channel)
        transaction.on_commit(lambda: case_enqueue(case_id=case.id))
        if case.founder_email:
            case_emails_queue(case_id=case.id, what="link")
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
    """Hand the case to the workers; if the broker is unreachable it stays queued for the sweep."""
    from advisor.tasks import score_case  # the task module imports these services

    return publish(score_case, str(case_id), what=f"case {case_id}")


def cases_enqueue_batch(*, case_ids: Sequence[str]) -> bool:
    """Hand a batch of cases to the workers as one task, or leave them queued for the sweep."""
    from advisor.tasks import score_cases  # the task module imports these services

    return publish(score_cases, list(case_ids), what=f"a batch of {len(case_ids)} cases")


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
        # Not a change of status: the mark that the sweep has just queued it again.
        Case.objects.filter(id=case_id).update(updated_at=now)
        case_enqueue(case_id=case_id)
        count += 1
    return count


def case_duplicate(*, case_id: UUID | str, profile: Mapping[str, Any]) -> Case:
    """A new case for the same startup with another profile (a what-if the founder keeps): the
    original case and its result stay as they are. Raises DomainError like case_submit."""
    original = Case.objects.get(id=case_id)
    return case_submit(
        startup_name=original.startup_name,
        profile=profile,
        channel=original.channel,
        funding_need_usd=original.funding_need_usd,
        current_location=original.current_location,
        founder_email=original.founder_email,
        founder_language=original.founder_language,
    )
