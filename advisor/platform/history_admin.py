"""The admin base of every model with a history (cases, region data)."""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from advisor.platform.changelists import GuardedChangeListMixin


class HistoryAdmin(GuardedChangeListMixin, SimpleHistoryAdmin):
    """django-simple-history's admin, where reading a past version never writes it back.

    simple-history only hides the Revert button from users without the history model's change
    permission; the version page still saves a POST. Nobody has that permission here, so a POST
    to a past version is refused outright.
    """

    # The package's list, less its inline style attribute (refused by the Content-Security-Policy).
    object_history_list_template = "admin/history/object_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        # The package looks the id up as typed: a malformed one (not a UUID) would be a 500.
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
