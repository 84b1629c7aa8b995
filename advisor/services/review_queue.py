"""Reads for the advisors' workspace: the case list with its recommendation, and a case's history.

The recommended region, its confidence and robustness class are generated columns of Case that
the database computes from the stored result (the engine's JSON), so the list's filters, ordering
and counts use plain columns on PostgreSQL and SQLite alike, and no code path that stores a
result can leave them behind.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, QuerySet, Subquery

from advisor.models import Case
from regions.models import Region

# The robustness classes the engine writes into result["reasons"]["robustness"], most solid first
# (Case.robustness).
ROBUSTNESS_CLASSES = ("robust", "fairly_robust", "fragile")

# Fields whose every change is noise in a history entry, or too large to show there.
HISTORY_QUIET_FIELDS = ("updated_at", "scoring_started_at", "attempts")
HISTORY_SUMMARISED_FIELDS = ("result",)
HISTORY_USER_FIELDS = ("assigned_to", "reviewed_by")


def cases_with_recommendation(queryset: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases annotated with `recommended_region_name`, the name of the region the engine
    recommends (the slug, confidence and robustness class are columns of Case)."""
    queryset = Case.objects.all() if queryset is None else queryset
    return queryset.annotate(
        recommended_region_name=Subquery(
            Region.objects.filter(slug=OuterRef("recommended_region")).values("name")[:1]
        )
    )


def case_history(case: Case, *, limit: int = 20) -> list[dict[str, Any]]:
    """The latest changes to a case, newest first: who, when, why and which fields changed how."""
    records = list(case.history.select_related("history_user").order_by("-history_id")[: limit + 1])
    deltas = [
        record.diff_against(records[position + 1], excluded_fields=HISTORY_QUIET_FIELDS)
        if position + 1 < len(records)
        else None
        for position, record in enumerate(records[:limit])
    ]
    user_ids = {
        value
        for delta in deltas
        if delta is not None
        for change in delta.changes
        if change.field in HISTORY_USER_FIELDS
        for value in (change.old, change.new)
        if value is not None
    }
    users = {
        pk: user.get_username() for pk, user in get_user_model().objects.in_bulk(user_ids).items()
    }

    def shown(field: str, value: Any) -> str:
        if value is None or value == "":
            return "-"
        if field in HISTORY_USER_FIELDS:
            return users.get(value, f"user {value}")
        return str(value)

    entries = []
    for record, delta in zip(records, deltas, strict=False):
        changes = []
        for change in delta.changes if delta is not None else ():
            if change.field in HISTORY_SUMMARISED_FIELDS:
                changes.append((change.field, "", "new result stored"))
            else:
                changes.append(
                    (change.field, shown(change.field, change.old), shown(change.field, change.new))
                )
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": record.get_history_type_display(),
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
    return entries
