"""The decision model's constants (weights, profiles, parameters) and the dataset snapshots."""

from __future__ import annotations

from django.contrib import admin

from advisor.platform.changelists import GuardedChangeListMixin
from regions.admin.guard import DatasetGuardAdmin
from regions.models import (
    CustomerTypeProfile,
    DatasetSnapshot,
    ModelParameter,
    SectorProfile,
    SectorWeight,
    StageProfile,
    StageWeight,
)


@admin.register(StageWeight)
class StageWeightAdmin(DatasetGuardAdmin):
    """The default weights: one row per stage and criterion (relative importances)."""

    list_display = ("stage", "criterion", "weight", "rationale")
    list_editable = ("weight",)
    list_filter = ("stage", "criterion")


@admin.register(SectorWeight)
class SectorWeightAdmin(DatasetGuardAdmin):
    """Sector adjustments: a multiplier on the stage's default weight for one criterion."""

    list_display = ("sector", "criterion", "multiplier", "rationale")
    list_editable = ("multiplier",)
    list_filter = ("sector", "criterion")


@admin.register(SectorProfile)
class SectorProfileAdmin(DatasetGuardAdmin):
    list_display = (
        "slug",
        "name",
        "cluster",
        "discipline",
    )


@admin.register(StageProfile)
class StageProfileAdmin(DatasetGuardAdmin):
    list_display = (
        "slug",
        "name",
        "early_share",
        "typical_round_usd",
        "profitable_share",
        "is_estimate",
    )


@admin.register(CustomerTypeProfile)
class CustomerTypeProfileAdmin(DatasetGuardAdmin):
    list_display = ("slug", "name", "outside_access", "local_share")


@admin.register(ModelParameter)
class ModelParameterAdmin(DatasetGuardAdmin):
    list_display = ("name", "value", "minimum", "maximum", "unit", "description")
    search_fields = ("name", "description")

    def get_readonly_fields(self, request, obj=None):
        # The bounds are the data file's (regions/data/parameters.csv, reviewed with the code
        # that relies on them): an advisor edits a value within them, never the bounds, or one
        # form could widen them to let 1e12 samples through.
        if obj is not None:
            return ("minimum", "maximum")
        return ()


@admin.register(DatasetSnapshot)
class DatasetSnapshotAdmin(GuardedChangeListMixin, admin.ModelAdmin):
    """The dataset each stored result was computed from; never edited."""

    list_display = ("version", "created_at")
    readonly_fields = ("version", "payload", "created_at")
