"""The region data stays scorable: every region data admin saves through this guard."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from advisor.errors import DomainError
from advisor.platform.history_admin import HistoryAdmin
from advisor.platform.refusals import refusal_line
from regions.services import region_data_kept_scorable


class DatasetGuardAdmin(HistoryAdmin):
    """Region data admin that keeps the data scorable (regions.services: a required figure
    deleted, say, would fail every new scoring until someone noticed). A change the service
    refuses is rolled back and the advisor told why; its "changed successfully" is never sent,
    since messages wait until the change is kept."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._guarded(request, super().changeform_view, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return self._guarded(request, super().delete_view, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        return self._guarded(request, super().changelist_view, extra_context)

    def message_user(self, request, *args, **kwargs) -> None:
        pending = getattr(request, "_region_data_messages", None)
        if pending is None:
            super().message_user(request, *args, **kwargs)
        else:
            pending.append((args, kwargs))

    def _guarded(self, request, view, *args):
        if request.method != "POST":
            return view(request, *args)
        request._region_data_messages = pending = []
        try:
            with transaction.atomic(), region_data_kept_scorable():
                response = view(request, *args)
        except DomainError as refused:
            response = None
            problem = refusal_line(refused)
        finally:
            del request._region_data_messages
        if response is not None:
            for args_, kwargs in pending:
                self.message_user(request, *args_, **kwargs)
            return response
        super().message_user(
            request,
            _("Not saved: new scorings could not use the data after this change (%(problem)s).")
            % {"problem": problem},
            messages.ERROR,
        )
        return HttpResponseRedirect(request.get_full_path())
