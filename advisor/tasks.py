"""Celery tasks of the case domain: thin wrappers that take ids and call the case services."""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from kombu.exceptions import OperationalError as BrokerError

from advisor.services.cases import cases_requeue_stale
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.messages import (
    case_message_deliver,
    case_message_mark_failed,
    case_message_note_error,
    error_in_words,
)
from advisor.services.notifications import case_link_send, case_review_send
from advisor.services.scoring import case_score, cases_score

logger = logging.getLogger(__name__)

# Errors worth retrying: the database, the broker or the network went away for a moment. Anything
# else (a bug, a constraint the data breaks) fails the case at once: it would fail the same way
# again. A profile the data can no longer score is not an error here: the scoring service marks
# it failed.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError, ConnectionError, TimeoutError)


def failure_reason(exc: BaseException, *, attempts: int) -> str:
    """What advisors read on a failed case."""
    if isinstance(exc, TRANSIENT_ERRORS):
        return f"Scoring failed after {attempts} attempts: {type(exc).__name__}: {exc}"
    return f"Scoring failed: {type(exc).__name__}: {exc}"


def _case_ids(args: Sequence, kwargs: dict) -> list[str]:
    """The case ids a scoring task was given: one (score_case) or many (score_cases)."""
    given = kwargs.get("case_ids") or kwargs.get("case_id") or (args[0] if args else None)
    if not given:
        return []
    return [given] if isinstance(given, str) else list(given)


class ScoringTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """Retries are spent (or the error was not transient): every case the task was given
        that still waits fails, with the reason for advisors to read."""
        case_ids = _case_ids(args, kwargs)
        if not case_ids:
            return
        reason = failure_reason(exc, attempts=self.request.retries + 1)
        # The error may have left this process's database connection broken (PostgreSQL
        # restarted under it); drop such a connection so the failure is written on a fresh one.
        # Should the database still be away, the cases stay `scoring` and the sweep
        # (requeue_stale_cases) queues them again once they have been scoring longer than
        # CASE_REQUEUE_SCORING_AFTER.
        close_old_connections()
        try:
            cases_mark_failed(case_ids=case_ids, reason=reason)
        except DatabaseError:
            logger.exception("could not record a scoring failure; the sweep will queue it again")


# How a scoring, of one case or of a bulk batch, is tried again after a transient error.
SCORING_RETRIES = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": settings.SCORING_RETRY_BACKOFF,
    # Celery ignores a retry_backoff of 0 and waits default_retry_delay (3 minutes) instead.
    "default_retry_delay": settings.SCORING_RETRY_BACKOFF,
    "retry_backoff_max": settings.SCORING_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": settings.SCORING_MAX_RETRIES,
}


@shared_task(base=ScoringTask, bind=True, **SCORING_RETRIES)
def score_case(self, case_id: str) -> None:
    """A single case, with the dataset's full robustness sample count."""
    case_score(case_id=case_id, worker=self.request.hostname or "")


@shared_task(base=ScoringTask, bind=True, **SCORING_RETRIES)
def score_cases(self, case_ids: list[str]) -> int:
    """A bulk submission: all its cases in one vectorised engine call."""
    return len(cases_score(case_ids=case_ids, worker=self.request.hostname or "", bulk=True))


@shared_task
def requeue_stale_cases() -> int:
    return cases_requeue_stale(
        queued_for=timedelta(seconds=settings.CASE_REQUEUE_QUEUED_AFTER),
        scoring_for=timedelta(seconds=settings.CASE_REQUEUE_SCORING_AFTER),
    )


# An SMTP server that is down or refuses for a moment: try again a few times, then give up (the
# case itself is unharmed; the founder still has the link on screen).
EMAIL_RETRIES = {
    "autoretry_for": (OSError, smtplib.SMTPException),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 5,
}


@shared_task(**EMAIL_RETRIES)
def send_case_link(case_id: str) -> bool:
    return case_link_send(case_id=case_id)


@shared_task(**EMAIL_RETRIES)
def send_review_notice(case_id: str) -> bool:
    return case_review_send(case_id=case_id)


class FounderMessageTask(Task):
    """An advisor's message to a founder: each failed attempt's error is kept on the message,
    and once the retries are spent the message is marked not delivered (it is kept)."""

    def on_retry(self, exc, task_id, args, kwargs, einfo) -> None:
        case_message_note_error(message_id=_message_id(args, kwargs), error=error_in_words(exc))

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        try:
            case_message_mark_failed(
                message_id=_message_id(args, kwargs), error=error_in_words(exc)
            )
        except DatabaseError:
            logger.exception("could not record that a founder message was not delivered")


def _message_id(args: Sequence, kwargs: dict) -> int:
    return kwargs.get("message_id") or args[0]


@shared_task(base=FounderMessageTask, **EMAIL_RETRIES)
def send_founder_message(message_id: int) -> bool:
    return case_message_deliver(message_id=message_id)
