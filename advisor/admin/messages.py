"""Messages to the founder from the case page: the form, the messages sent so far with their
delivery status, and sending a failed one again. Each button calls one service
(advisor.services.messages); only advisors who may change the case may write."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from advisor.errors import DomainError, Problem
from advisor.models import Case, CaseMessage
from advisor.selectors import case_founder_messages
from advisor.services.messages import (
    MAX_BODY_LENGTH,
    MAX_SUBJECT_LENGTH,
    case_message_blocker,
    case_message_founder,
    case_message_resend,
)

# The services' refusals in the advisor's language, by the problem's code.
WORDING = {
    "no_founder_email": _(
        "This case has no founder email address: the founder left none, so there is nobody to "
        "write to."
    ),
    "email_not_configured": _(
        "Email is not configured on this server (EMAIL_URL sends to nowhere): the founder would "
        "not receive the message."
    ),
    "required": _("This field is required."),
    "too_long": _("At most %(limit)s characters."),
}


def refusal_in_words(problem: Problem) -> str:
    if problem.code in WORDING:
        return str(WORDING[problem.code]) % dict(problem.params)
    return problem.detail


class FounderMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=MAX_SUBJECT_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_(
            "Sent by email to the founder, with the link to their case page at the end. "
            "Replies come to your own email address, if your account has one."
        ),
    )


class FounderMessages:
    """Mixed into CaseAdmin, before ReviewActions (whose _case_to_change refuses an advisor who
    may not change the case)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/message/", view(self.message_view), name="advisor_case_message"),
            path(
                "<path:object_id>/message/<int:message_id>/resend/",
                view(self.message_resend_view),
                name="advisor_case_message_resend",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        context = {}
        if case is not None:
            context = self._messages_context(case, form=FounderMessageForm())
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def message_view(self, request: HttpRequest, object_id: str):
        """The form alone (GET), or a message written on the case page (POST): sent, or shown
        again with what stood in its way, nothing the advisor typed lost."""
        case = self._case_to_change(request, object_id)
        form = FounderMessageForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                message = case_message_founder(
                    case_id=case.pk,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    by=request.user,
                )
            except DomainError as refused:
                for problem in refused.problems:
                    field = problem.field if problem.field in form.fields else None
                    form.add_error(field, refusal_in_words(problem))
            else:
                self.message_user(
                    request,
                    _("Message to %(email)s saved; it is being sent (its status is shown below).")
                    % {"email": message.to},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(_messages_url(case))
        context = {
            **self.admin_site.each_context(request),
            **self._messages_context(case, form=form),
            "title": _("Message to the founder"),
            "opts": self.model._meta,
            "original": case,
        }
        return TemplateResponse(request, "admin/advisor/case/message.html", context)

    def message_resend_view(self, request: HttpRequest, object_id: str, message_id: int):
        case = self._case_to_change(request, object_id, post_only=True)
        if not CaseMessage.objects.filter(id=message_id, case=case).exists():
            raise Http404
        try:
            message = case_message_resend(message_id=message_id, by=request.user)
        except DomainError as refused:
            for problem in refused.problems:
                self.message_user(request, refusal_in_words(problem), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Message to %(email)s queued to be sent again.") % {"email": message.to},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(_messages_url(case))

    def _messages_context(self, case: Case, *, form: FounderMessageForm) -> dict:
        blocker = case_message_blocker(case=case)
        return {
            "founder_messages": case_founder_messages(case),
            "message_form": form,
            "message_blocker": refusal_in_words(blocker) if blocker else "",
        }


def _messages_url(case: Case) -> str:
    return reverse("admin:advisor_case_change", args=[case.pk]) + "#founder-messages"
