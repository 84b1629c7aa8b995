"""Advisor review of cases: assigning, accepting or overriding the recommendation, and re-scoring
many at once (the re-score itself, with its rule, is advisor.services.lifecycle.case_rescore).

Every write here saves the case through the model, so django-simple-history records who made it,
when, and what changed (with a change reason); callers pass the acting user explicitly so the
record is right outside a web request too (a command, a test, a task).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from advisor.errors import Code, DomainError
from advisor.models import Case
from advisor.services.lifecycle import case_rescore
from advisor.services.notifications import case_emails_queue

REVIEW_FIELDS = ("review_state", "reviewed_region", "review_reason", "reviewed_by", "reviewed_at")
DECISION_FIELDS = (*REVIEW_FIELDS, "assigned_to")
MAX_REASON_LENGTH = 4000


@dataclass
class BulkOutcome:
    """What a review action did to a selection of cases: how many changed, and why others did not."""

    changed: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)  # (case, reason)


def case_assign(
    *, case_id: UUID | str, advisor: AbstractBaseUser | None, by: AbstractBaseUser
) -> Case:
    """Give the case to `advisor` (None: to nobody). Only active staff can be given cases."""
    if advisor is not None and not (advisor.is_active and advisor.is_staff):
        raise DomainError.of("assigned_to", f"{advisor} is not an active advisor")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(id=case_id)
        if case.assigned_to_id == (advisor.pk if advisor else None):
            return case
        case.assigned_to = advisor
        _save(case, by=by, reason="Assigned" if advisor else "Unassigned", fields=["assigned_to"])
    return case


def case_accept(*, case_id: UUID | str, by: AbstractBaseUser, note: str = "") -> Case:
    """The advisor stands behind the engine's recommendation."""
    with transaction.atomic():
        case = _scored_case(case_id)
        _decide(
            case, by=by, state=Case.ReviewState.ACCEPTED, region=case.recommendation, reason=note
        )
        _save(case, by=by, reason="Recommendation accepted", fields=list(DECISION_FIELDS))
        if case.founder_email:
            case_emails_queue(case_id=case.id, what="review")
    return case


def case_override(*, case_id: UUID | str, region: str, reason: str, by: AbstractBaseUser) -> Case:
    """The advisor recommends another of the case's compared regions, and must say why."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError.of("reason", "a reason is required to override the recommendation")
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError.of("reason", f"the reason must be at most {MAX_REASON_LENGTH} characters")
    with transaction.atomic():
        case = _scored_case(case_id)
        compared = [entry["region"] for entry in case.result["ranking"]]
        if region not in compared:
            raise DomainError.of(
                "region", f"{region!r} is not one of the regions this case compared"
            )
        if region == case.recommendation:
            raise DomainError.of(
                "region", "that is the recommended region: accept the recommendation instead"
            )
        _decide(case, by=by, state=Case.ReviewState.OVERRIDDEN, region=region, reason=reason)
        _save(case, by=by, reason="Recommendation overridden", fields=list(DECISION_FIELDS))
        if case.founder_email:
            case_emails_queue(case_id=case.id, what="review")
    return case


def cases_assign(
    *, case_ids: Iterable[UUID | str], advisor: AbstractBaseUser | None, by: AbstractBaseUser
) -> BulkOutcome:
    return _each(case_ids, lambda case_id: case_assign(case_id=case_id, advisor=advisor, by=by))


def cases_accept(*, case_ids: Iterable[UUID | str], by: AbstractBaseUser) -> BulkOutcome:
    return _each(case_ids, lambda case_id: case_accept(case_id=case_id, by=by))


def cases_override(
    *, case_ids: Iterable[UUID | str], region: str, reason: str, by: AbstractBaseUser
) -> BulkOutcome:
    return _each(
        case_ids,
        lambda case_id: case_override(case_id=case_id, region=region, reason=reason, by=by),
    )


def cases_rescore(*, case_ids: Iterable[UUID | str], by: AbstractBaseUser) -> BulkOutcome:
    return _each(case_ids, lambda case_id: case_rescore(case_id=case_id, by=by))


def _each(case_ids: Iterable[UUID | str], change: Callable[[UUID | str], Case]) -> BulkOutcome:
    """Apply `change` to each case on its own: one refused case does not undo the others."""
    outcome = BulkOutcome()
    for case_id in case_ids:
        try:
            change(case_id)
        except DomainError as error:
            name = Case.objects.filter(id=case_id).values_list("startup_name", flat=True).first()
            outcome.refused.append((name or str(case_id), error.message))
        else:
            outcome.changed += 1
    return outcome


def _scored_case(case_id: UUID | str) -> Case:
    case = Case.objects.select_for_update().get(id=case_id)
    if case.status != Case.Status.DONE or not case.result:
        raise DomainError.of("status", "the case has no result to review yet", code=Code.NOT_NOW)
    return case


def _decide(case: Case, *, by: AbstractBaseUser, state: str, region: str, reason: str) -> None:
    case.review_state = state
    case.reviewed_region = region
    case.review_reason = reason.strip()
    case.reviewed_by = by
    case.reviewed_at = timezone.now()
    if case.assigned_to_id is None:
        case.assigned_to = by  # whoever decides an unassigned case owns it from then on


def _save(case: Case, *, by: AbstractBaseUser, reason: str, fields: list[str]) -> None:
    case._history_user = by  # read by django-simple-history instead of the request's user
    case._change_reason = reason
    case.save(update_fields=[*fields, "updated_at"])
