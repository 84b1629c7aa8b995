"""A case's lifecycle: queued -> scoring -> done | failed, and back to queued when re-scored.

Every change of a case's status goes through cases_move, whoever asks (a worker claiming or
storing, a failure, a re-score): it stamps updated_at and records a history row for each case
it moved (django-simple-history), with the reason and who asked. A case changes status only
from the states the caller names, so two workers, or a worker and an advisor, never both move
the same case.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.utils import timezone
from psycopg.sql import SQL, Identifier

from advisor.errors import Code, DomainError
from advisor.models import Case
from advisor.services import cases
from advisor.signals import cases_finished

logger = logging.getLogger(__name__)

WAITING = (Case.Status.QUEUED, Case.Status.SCORING)
FINISHED = (Case.Status.DONE, Case.Status.FAILED)
MAX_REASON_LENGTH = 2000
# A re-score judges a new result, so the review of the previous one is undone (the history
# keeps it).
REVIEW_RESET = {
    "review_state": Case.ReviewState.PENDING,
    "reviewed_region": "",
    "review_reason": "",
    "reviewed_by": None,
    "reviewed_at": None,
}


def cases_move(
    *,
    case_ids: Iterable[UUID | str],
    to: str,
    when_in: Collection[str],
    values: Mapping[str, Any] | None = None,
    reason: str = "",
    by: AbstractBaseUser | None = None,
    at: datetime | None = None,
    skip_locked: bool = False,
) -> list[str]:
    """Move the cases among `case_ids` whose status is one of `when_in` to `to`, setting
    `values` too (the same for each case), and record the change. Returns the ids it moved.

    `at` is the time of the change (updated_at; default now); `by` who asked (default: the
    signed-in user of the request, if any); `skip_locked` leaves alone the cases another
    transaction holds, instead of waiting for them."""
    at = at or timezone.now()
    with transaction.atomic():
        ids = list(
            Case.objects.select_for_update(skip_locked=skip_locked)
            .filter(id__in=list(case_ids), status__in=list(when_in))
            .values_list("id", flat=True)
        )
        if not ids:
            return []
        Case.objects.filter(id__in=ids).update(status=to, updated_at=at, **(values or {}))
        _history_record(case_ids=ids, reason=reason, by=by)
    return [str(case_id) for case_id in ids]


def cases_mark_failed(*, case_ids: Iterable[UUID | str], reason: str) -> list[str]:
    """Fail the given cases that are still waiting, with the reason advisors read."""
    failed = cases_move(
        case_ids=case_ids,
        to=Case.Status.FAILED,
        when_in=WAITING,
        values={"failure_reason": reason[:MAX_REASON_LENGTH]},
        reason="Scoring failed",
    )
    cases_announce_finished(case_ids=failed)
    return failed


def case_rescore_refusal(case: Case, *, by: AbstractBaseUser | AnonymousUser | None) -> str | None:
    """Why the case may not be re-scored now, or None. The one rule, for founders and advisors
    alike: a case waiting for a scoring already has one coming; a scored case is re-scored only
    on an advisor's (or the system's) request, since that sends its review back to pending; a
    failed case anyone may try again."""
    if case.status in WAITING:
        return "the case is already queued for scoring"
    if case.status == Case.Status.DONE and by is not None and not by.is_staff:
        return "the case is scored; only an advisor can have it scored again"
    return None


def case_rescore(
    *, case_id: UUID | str, by: AbstractBaseUser | AnonymousUser | None = None
) -> Case:
    """Queue a new scoring of a finished case. The previous result stays in the case's scoring
    runs; the review goes back to pending (the history keeps the decision). `by` is who asked:
    an advisor, the founder (the anonymous user of their request), or None for the system.

    Raises DomainError (code NOT_NOW) when case_rescore_refusal says no."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(id=case_id)
        refusal = case_rescore_refusal(case, by=by)
        if refusal:
            raise DomainError.of("status", refusal, code=Code.NOT_NOW)
        cases_move(
            case_ids=[case.id],
            to=Case.Status.QUEUED,
            when_in=FINISHED,
            values={"failure_reason": "", **REVIEW_RESET},
            reason="Re-score requested",
            by=by if isinstance(by, AbstractBaseUser) else None,
        )
        transaction.on_commit(lambda: cases.case_enqueue(case_id=case.id))
    case.refresh_from_db()
    return case


def cases_announce_finished(*, case_ids: Collection[UUID | str]) -> None:
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


def _history_record(*, case_ids: list[UUID], reason: str, by: AbstractBaseUser | None) -> None:
    """One history row per case, copied from the case as it now is (type "~")."""
    history = Case.history.model
    user = by if by is not None else history.get_default_history_user(None)
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    if connection.vendor != "postgresql":
        Case.history.bulk_history_create(
            list(Case.objects.filter(id__in=case_ids)),
            update=True,
            default_user=user,
            default_change_reason=reason,
        )
        return
    # On PostgreSQL the rows are copied inside the database: a results batch moves a thousand
    # cases, each with a result of about 12 KB that the ORM would read and write back again.
    tracked = SQL(", ").join(Identifier(field.column) for field in history.tracked_fields)
    with connection.cursor() as cursor:
        cursor.execute(
            SQL(
                """
                INSERT INTO {history} ({tracked}, history_date, history_type,
                                       history_change_reason, {user})
                SELECT {tracked}, %s, '~', %s, %s FROM {cases} WHERE id = ANY(%s)
                """
            ).format(
                history=Identifier(history._meta.db_table),
                tracked=tracked,
                user=Identifier(history._meta.get_field("history_user").column),
                cases=Identifier(Case._meta.db_table),
            ),
            [timezone.now(), reason, user.pk if user is not None else None, case_ids],
        )
