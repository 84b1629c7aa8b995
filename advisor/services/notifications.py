"""Emails to the founder (Django's email framework, settings from the environment: EMAIL_URL,
DEFAULT_FROM_EMAIL, SITE_URL): the case link when the case is submitted, a note when an advisor
reviews it, the new link when the founder renews it. Each is sent by a Celery task queued once
the change commits, in the language the founder used."""

from __future__ import annotations

import uuid
from uuid import UUID

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from advisor.models import Case
from advisor.platform.publishing import publish
from advisor.presentation.spacing import spaced


def case_address(case: Case) -> str:
    """The founder's link to the case, absolute."""
    return settings.SITE_URL.rstrip("/") + reverse("advisor:case", args=[case.public_id])


def _send(case: Case, subject: str, body: str) -> bool:
    sent = send_mail(
        spaced(subject), spaced(body), settings.DEFAULT_FROM_EMAIL, [case.founder_email]
    )
    return sent == 1


def case_link_send(*, case_id: UUID | str) -> bool:
    """Email the case's link to its founder; False when the case has no email address (or is
    gone). SMTP errors propagate (the task retries them)."""
    case = Case.objects.filter(id=case_id).first()
    if case is None or not case.founder_email:
        return False
    with translation.override(case.founder_language or "en"):
        subject = _("Your relocation report for %(startup)s") % {"startup": case.startup_name}
        body = _(
            "Your relocation report for %(startup)s is at this private link:\n\n%(link)s\n\n"
            "It updates itself while the regions are compared. Anyone with the link can read "
            "it; you can replace it with a new link from the report. We will write again when "
            "an advisor has reviewed it."
        ) % {"startup": case.startup_name, "link": case_address(case)}
        return _send(case, subject, body)


def case_review_send(*, case_id: UUID | str) -> bool:
    """Email the founder that an advisor has reviewed the case (with the link to read it)."""
    case = Case.objects.filter(id=case_id).first()
    if case is None or not case.founder_email or case.review_state == Case.ReviewState.PENDING:
        return False
    with translation.override(case.founder_language or "en"):
        subject = _("An advisor has reviewed %(startup)s") % {"startup": case.startup_name}
        body = _(
            "An advisor has reviewed the relocation report for %(startup)s. Read their decision "
            "at your private link:\n\n%(link)s"
        ) % {"startup": case.startup_name, "link": case_address(case)}
        return _send(case, subject, body)


def case_emails_queue(*, case_id: UUID | str, what: str) -> None:
    """Queue the email `what` ('link' or 'review') once the current transaction commits."""
    from advisor.tasks import send_case_link, send_review_notice  # tasks import services

    task = send_case_link if what == "link" else send_review_notice
    transaction.on_commit(
        lambda: publish(task, str(case_id), what=f"the {what} email of {case_id}")
    )


def case_link_renew(*, case_id: UUID | str) -> Case:
    """Give the case a new founder link: the old one answers 404 from now on. The new link is
    emailed to the founder when they gave an address."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(id=case_id)
        case.link = uuid.uuid4()
        case._change_reason = "Founder renewed the case link"
        case.save(update_fields=["link", "updated_at"])
        if case.founder_email:
            case_emails_queue(case_id=case.id, what="link")
    return case
