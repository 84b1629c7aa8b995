"""How the faces that have no error format of their own say that a service refused (a
DomainError): the command line in one line (a CommandError: manage.py prints it to stderr and
exits non-zero, without a traceback), the admin as a message or as its form's errors. The
founder form (advisor/web/forms/) and the partner API (advisor/partners/api/problems.py) map
it in their own one place."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.management.base import CommandError
from django.http import HttpRequest

from advisor.errors import DomainError

Handler = TypeVar("Handler", bound=Callable[..., Any])


def refusal_line(refused: DomainError) -> str:
    """Every problem's words, on one line."""
    return "; ".join(dict.fromkeys(problem.detail for problem in refused.problems))


def refusals_as_command_errors(handle: Handler) -> Handler:
    """Decorate a management command's handle(): a service's refusal becomes a CommandError."""

    @functools.wraps(handle)
    def handled(*args: Any, **kwargs: Any) -> Any:
        try:
            return handle(*args, **kwargs)
        except DomainError as refused:
            raise CommandError(refusal_line(refused)) from None

    return handled  # type: ignore[return-value]


def refusal_shown(model_admin: ModelAdmin, request: HttpRequest, refused: DomainError) -> None:
    """The refusal as an error message on the admin page the advisor lands on."""
    model_admin.message_user(request, refusal_line(refused), messages.ERROR)


def refusal_on_form(form: forms.Form, refused: DomainError) -> None:
    """Each problem beside the admin form's field it names, else at the top of the form."""
    for problem in refused.problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.detail)
