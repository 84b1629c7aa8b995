"""The case list's filters: by recommended region, robustness class and assigned advisor."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from advisor.presentation import labels
from regions.models import Region


class RecommendedRegionFilter(admin.SimpleListFilter):
    title = _("recommended region")
    parameter_name = "recommended"

    def lookups(self, request, model_admin):
        return list(Region.objects.values_list("slug", "name"))

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(recommended_region=self.value())
        return queryset


class RobustnessFilter(admin.SimpleListFilter):
    title = _("robustness")
    parameter_name = "robustness"

    def lookups(self, request, model_admin):
        return labels.choices(labels.ROBUSTNESS)

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(robustness=self.value())
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
            return queryset.filter(assigned_to_id=value)
        return queryset
