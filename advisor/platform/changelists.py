"""Admin lists that answer a query string they cannot apply as Django answers a bad filter (the
list again, with `?e=1`), never with a 500.

Django already turns most bad filter values into IncorrectLookupParameters, but not all:
- a date-hierarchy year past what `datetime` holds (`?created_at__year=99999999999`) raises
  OverflowError, which Django's changelist does not catch;
- a NUL character in any value (a filter or the search box) is refused by PostgreSQL only when
  the query runs, while the page renders, too late for the changelist to catch.
"""

from __future__ import annotations

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class GuardedChangeList(ChangeList):
    def get_filters(self, request):
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            raise IncorrectLookupParameters("a query parameter contains a NUL character")
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class GuardedChangeListMixin:
    """For a ModelAdmin: its list is a GuardedChangeList."""

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList
