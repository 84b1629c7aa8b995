"""Internal notes on a case: what an advisor wants the team to know (a call with the founder, a
figure to check). Each note is also a row of the case's history, so the audit trail shows who
wrote what when beside the review itself."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import Truncator

from advisor.errors import DomainError
from advisor.models import Case, CaseNote

MAX_NOTE_LENGTH = 4000


def case_note_add(*, case_id: UUID | str, text: str, by: AbstractBaseUser) -> CaseNote:
    """Add a note by `by` to the case and record it in the case's history."""
    text = (text or "").strip()
    if not text:
        raise DomainError.of("text", "write the note first")
    if len(text) > MAX_NOTE_LENGTH:
        raise DomainError.of("text", f"a note is at most {MAX_NOTE_LENGTH} characters")
    with transaction.atomic():
        case = Case.objects.select_for_update().get(id=case_id)
        note = CaseNote.objects.create(case=case, author=by, text=text)
        case._history_user = by  # read by django-simple-history instead of the request's user
        case._change_reason = f"Internal note: {Truncator(text).chars(200)}"
        case.save(update_fields=["updated_at"])
    return note
