"""The admin base of every model with a history (cases, region data)."""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils.html import conditional_escape
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from advisor.platform.changelists import GuardedChangeListMixin
from advisor.presentation.changes import value_in_words


class ChangesInWords(HistoricalRecordContextHelper):
    """The history page's "Changes" column in words: the field's name, and each value as the
    workspace names it (HistoryAdmin.history_change_in_words), never a raw code or dictionary."""

    def __init__(self, model, record, *, admin):
        super().__init__(model, record)
        self.admin = admin

    def format_delta_change(self, change):
        field, old, new = self.admin.history_change_in_words(change.field, change.old, change.new)
        return type(change)(field=field, old=conditional_escape(old), new=conditional_escape(new))


class HistoryAdmin(GuardedChangeListMixin, SimpleHistoryAdmin):
    """django-simple-history's admin, where reading a past version never writes it back.

    simple-history only hides the Revert button from users without the history model's change
    permission; the version page still saves a POST. Nobody has that permission here, so a POST
    to a past version is refused outright.
    """

    # The package's list, less its inline style attribute (refused by the Content-Security-Policy).
    object_history_list_template = "admin/history/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangesInWords(self.model, historical_record, admin=self)

    def history_change_in_words(self, field_name: str, old, new) -> tuple[str, str, str]:
        """(the field's name, the old value, the new value) in words; a model admin names its
        own values where choices and related rows are not enough (a case's result)."""
        field = self.model._meta.get_field(field_name)
        return (
            capfirst(field.verbose_name),
            self.history_value_words(field, old),
            self.history_value_words(field, new),
        )

    def history_value_words(self, field, value) -> str:
        if isinstance(value, DeletedObject):
            # simple-history's stand-in for an empty foreign key (pk None) or a deleted row.
            return "-" if value.pk is None else str(value)
        if isinstance(value, models.Model):
            return str(value)
        choices = dict(field.flatchoices) if field.choices else None
        return value_in_words(value, choices=choices)

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
