"""The case list's filters: by recommended region, robustness class and assigned advisor."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from advisor.presentation import labels
from regions.models import Region


class ColumnFilter(admin.SimpleListFilter):
    """Cases whose `column` holds the chosen value."""

    column = ""

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.column: self.value()})
        return queryset


# The largest primary key PostgreSQL's bigint holds: past it, the query itself fails.
MAX_ID = 2**63 - 1


class RecommendedRegionFilter(ColumnFilter):
    title = _("recommended region")
    parameter_name = "recommended"
    column = "recommended_region"

    def lookups(self, request, model_admin):
        return list(Region.objects.values_list("slug", "name"))


class RobustnessFilter(admin.SimpleListFilter):
    """By robustness class; "close_call,fragile" (the review queue's line) is either."""

    title = _("robustness")
    parameter_name = "robustness"

    def lookups(self, request, model_admin):
        return [
            *labels.choices(labels.ROBUSTNESS),
            ("close_call,fragile", _("Close call or fragile")),
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(robustness__in=self.value().split(","))
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = _("assigned advisor")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        advisors = get_user_model().objects.filter(is_staff=True, is_active=True)
        return [
            ("me", _("Me")),
            ("nobody", _("Nobody")),
            *((str(user.pk), user.get_username()) for user in advisors.order_by("username")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "me":
            return queryset.filter(assigned_to=request.user)
        if value == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        if value:
            # Only an advisor's id (digits) can match; anything else is a filter Django answers
            # with the list again (?e=1), not a cast that fails inside the query.
            if not (value.isascii() and value.isdigit() and int(value) <= MAX_ID):
                raise IncorrectLookupParameters(f"no advisor {value!r}")
            return queryset.filter(assigned_to_id=int(value))
        return queryset
