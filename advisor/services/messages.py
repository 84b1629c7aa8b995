"""Messages from an advisor to a case's founder, by email, from the case page.

A message is saved before anything is sent (CaseMessage), so nothing the advisor wrote is lost
whatever happens to the email; writing it is a row of the case's history (who, when, to whom,
what), and so is a message that could not be delivered. A Celery task sends it once the save
commits (advisor.tasks.send_founder_message): a mail server that is away for a moment is tried
again (the task's retries, as for the founder's other emails), one that refuses the address for
good fails the message at once. The email ends with the founder's link to the case, and is
worded in the language the founder used.
"""

from __future__ import annotations

import smtplib
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from advisor.errors import Code, DomainError, Problem
from advisor.models import Case, CaseMessage
from advisor.platform.publishing import publish
from advisor.presentation.spacing import spaced
from advisor.services.notifications import case_address

MAX_SUBJECT_LENGTH = 200
MAX_BODY_LENGTH = 10000
MAX_ERROR_LENGTH = 2000
# Email backends that deliver to nobody (EMAIL_URL consolemail://, filemail://, memcachemail://,
# dummymail://): with one of them, a message "sent" would never reach the founder.
NOWHERE_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)


def case_message_blocker(*, case: Case) -> Problem | None:
    """Why no message can be sent to this case's founder now, or None: the founder left no
    email address, or this server has no way to send email."""
    if not case.founder_email:
        return Problem(
            "",
            "this case has no founder email address: the founder left none, so there is "
            "nobody to write to",
            code="no_founder_email",
        )
    if settings.EMAIL_BACKEND in NOWHERE_BACKENDS:
        return Problem(
            "",
            "email is not configured on this server (EMAIL_URL sends to nowhere): the founder "
            "would not receive the message",
            code="email_not_configured",
        )
    return None


def case_message_founder(
    *, case_id: UUID | str, subject: str, body: str, by: AbstractBaseUser
) -> CaseMessage:
    """Save a message from `by` to the case's founder, record it in the case's history and queue
    its email once the save commits. Raises DomainError (nothing saved, nothing sent) when the
    subject or body is missing or too long, the case has no founder email or email is not
    configured."""
    subject = " ".join((subject or "").split())  # one line: a header cannot hold a line break
    body = (body or "").strip()
    problems = [*_text_problems("subject", subject, MAX_SUBJECT_LENGTH)]
    problems += _text_problems("body", body, MAX_BODY_LENGTH)
    if problems:
        raise DomainError(problems)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(id=case_id)
        blocker = case_message_blocker(case=case)
        if blocker is not None:
            raise DomainError(blocker, code=Code.NOT_NOW)
        message = CaseMessage.objects.create(
            case=case,
            author=by,
            to=case.founder_email,
            language=case.founder_language,
            subject=subject,
            body=body,
        )
        _history(
            case,
            f"Message to the founder ({message.to}): “{subject}”: {Truncator(body).chars(200)}",
            by=by,
        )
        _queue(message)
    return message


def case_message_resend(*, message_id: int, by: AbstractBaseUser) -> CaseMessage:
    """Queue a message that could not be delivered once more (the same words, to the address
    the case has now)."""
    with transaction.atomic():
        message = CaseMessage.objects.select_for_update().select_related("case").get(id=message_id)
        if message.status != CaseMessage.Status.FAILED:
            raise DomainError.of(
                "", "only a message that was not delivered can be sent again", code=Code.NOT_NOW
            )
        case = Case.objects.select_for_update().get(id=message.case_id)
        blocker = case_message_blocker(case=case)
        if blocker is not None:
            raise DomainError(blocker, code=Code.NOT_NOW)
        message.to, message.language = case.founder_email, case.founder_language
        message.status, message.error = CaseMessage.Status.SENDING, ""
        message.save(update_fields=["to", "language", "status", "error"])
        _history(
            case, f"Message to the founder sent again ({message.to}): “{message.subject}”", by=by
        )
        _queue(message)
    return message


def case_message_deliver(*, message_id: int) -> bool:
    """Email a message that is still to be sent; True once the founder's mail server took it.

    A refusal for good (a 5xx answer: no such mailbox) fails the message at once and returns
    False; anything else SMTP or the network raises propagates, for the task to try again."""
    message = CaseMessage.objects.select_related("case", "author").filter(id=message_id).first()
    if message is None or message.status != CaseMessage.Status.SENDING:
        return False  # gone, or already delivered or failed
    CaseMessage.objects.filter(id=message.id).update(attempts=F("attempts") + 1)
    try:
        _email(message).send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as error:
        if not _refused_for_good(error):
            raise
        case_message_mark_failed(message_id=message.id, error=error_in_words(error))
        return False
    CaseMessage.objects.filter(id=message.id, status=CaseMessage.Status.SENDING).update(
        status=CaseMessage.Status.SENT, sent_at=timezone.now(), error=""
    )
    return True


def case_message_note_error(*, message_id: int, error: str) -> None:
    """Keep the error of an attempt that will be tried again (the advisor sees it meanwhile)."""
    CaseMessage.objects.filter(id=message_id, status=CaseMessage.Status.SENDING).update(
        error=error[:MAX_ERROR_LENGTH]
    )


def case_message_mark_failed(*, message_id: int, error: str) -> bool:
    """The message could not be delivered: say why, on the message and in the case's history.
    False when it was no longer being sent."""
    with transaction.atomic():
        updated = CaseMessage.objects.filter(
            id=message_id, status=CaseMessage.Status.SENDING
        ).update(status=CaseMessage.Status.FAILED, error=error[:MAX_ERROR_LENGTH])
        if updated != 1:
            return False
        message = CaseMessage.objects.get(id=message_id)
        case = Case.objects.select_for_update().get(id=message.case_id)
        _history(
            case,
            f"Message to the founder not delivered ({message.to}): “{message.subject}”: "
            f"{Truncator(error).chars(300)}",
            by=None,
        )
    return True


def error_in_words(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _text_problems(field: str, text: str, limit: int) -> list[Problem]:
    if not text:
        return [Problem(field, f"the {field} is required", code="required", params={})]
    if len(text) > limit:
        return [
            Problem(
                field,
                f"the {field} is at most {limit} characters",
                code="too_long",
                params={"limit": limit},
            )
        ]
    return []


def _history(case: Case, reason: str, *, by: AbstractBaseUser | None) -> None:
    case._history_user = by  # read by django-simple-history instead of the request's user
    case._change_reason = reason
    case.save(update_fields=["updated_at"])


def _queue(message: CaseMessage) -> None:
    from advisor.tasks import send_founder_message  # tasks import services

    def queued() -> None:
        if not publish(send_founder_message, message.id, what=f"founder message {message.id}"):
            # Nothing sweeps messages: say so on the message, which can be sent again.
            case_message_mark_failed(
                message_id=message.id,
                error="not queued: the task broker could not be reached; send it again",
            )

    transaction.on_commit(queued)


def _email(message: CaseMessage) -> EmailMessage:
    case = message.case
    with translation.override(message.language or "en"):
        footer = _("Your relocation report for %(startup)s is at your private link:\n%(link)s") % {
            "startup": case.startup_name,
            "link": case_address(case),
        }
    author_email = getattr(message.author, "email", "")
    return EmailMessage(
        subject=message.subject,
        body=f"{message.body}\n\n-- \n{spaced(footer)}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        reply_to=[author_email] if author_email else None,
    )


def _refused_for_good(error: smtplib.SMTPException) -> bool:
    """A 5xx answer: the server will refuse the same message again (4xx: try later)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _answer in error.recipients.values())
    return getattr(error, "smtp_code", 0) >= 500
