"""Reads of cases for the pages and the advisors' workspace: a case's result joined with region
names and labels, its review, the case list with its recommendation, and a case's history.

The recommended region, its confidence and robustness class are generated columns of Case that
the database computes from the stored result (the engine's JSON), so the list's filters, ordering
and counts use plain columns on PostgreSQL and SQLite alike, and no code path that stores a
result can leave them behind.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case, CaseMessage, CaseNote
from advisor.presentation import changes, labels
from regions.models import Region


def founder_cases() -> QuerySet[Case]:
    """The cases the founder pages may show to whoever has the link: founders' own cases, and a
    partner's case only when the partner shared its link (PartnerCase.share_link). Another
    partner's case is the partner's: the pages answer as if it did not exist."""
    return Case.objects.filter(Q(partner_link__isnull=True) | Q(partner_link__share_link=True))


def case_report(case: Case) -> dict[str, Any] | None:
    """What the case page shows of a result: ranking rows with names, in rank order."""
    if not case.result:
        return None
    result = case.result
    names = dict(Region.objects.values_list("slug", "name"))
    robustness = result.get("robustness", {})
    rows = [
        {
            **entry,
            "name": names.get(entry["region"], entry["region"]),
            "first_place": robustness.get(entry["region"]),
            "criteria_list": [
                (labels.CRITERIA[criterion], entry["criteria"][criterion]) for criterion in CRITERIA
            ],
        }
        for entry in result["ranking"]
    ]
    return {
        "ranking": rows,
        "winner": rows[0],
        "criteria": [labels.CRITERIA[criterion] for criterion in CRITERIA],
        "weights": [(labels.CRITERIA[c], result["weights"][c]) for c in CRITERIA],
        "explanation": result.get("explanation", ""),
        "dataset_version": result.get("dataset_version"),
        "engine_version": result.get("engine_version"),
    }


def case_by_link(*, link: UUID | str) -> Case | None:
    """The case a founder's link opens: by its renewed link, else by its id if never renewed."""
    return founder_cases().filter(Q(link=link) | Q(link__isnull=True, id=link)).first()


def case_review(case: Case) -> dict[str, Any] | None:
    """The advisor's decision on a case as founders and partners see it; None until reviewed."""
    if case.review_state == Case.ReviewState.PENDING:
        return None
    name = Region.objects.filter(slug=case.reviewed_region).values_list("name", flat=True).first()
    return {
        "decision": case.review_state,
        "region": case.reviewed_region,
        "region_name": name or case.reviewed_region,
        "reason": case.review_reason,
        "reviewed_at": case.reviewed_at.isoformat() if case.reviewed_at else None,
    }


def case_override_choices(case: Case) -> list[tuple[str, str]]:
    """The regions one case may be overridden to, best ranked first, each with its rank and
    score so the advisor sees what they choose against."""
    if not case.result:
        return []
    names = dict(Region.objects.values_list("slug", "name"))
    return [
        (
            entry["region"],
            _("%(name)s (ranked %(rank)d, score %(score).1f)")
            % {
                "name": names.get(entry["region"], entry["region"]),
                "rank": entry["rank"],
                "score": entry["score"],
            },
        )
        for entry in case.result["ranking"]
        if entry["region"] != case.recommendation
    ]


def cases_common_regions(queryset: QuerySet[Case]) -> list[tuple[str, str]]:
    """The regions every selected scored case compared, as (slug, name) in name order."""
    common: set[str] | None = None
    for result in queryset.exclude(result__isnull=True).values_list("result", flat=True):
        compared = {entry["region"] for entry in result.get("ranking", [])}
        common = compared if common is None else common & compared
    return list(Region.objects.filter(slug__in=common or ()).values_list("slug", "name"))


# Fields whose every change is noise in a history entry, or too large to show there.
HISTORY_QUIET_FIELDS = ("updated_at", "scoring_started_at", "attempts")
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


def case_change_in_words(
    field_name: str, old: Any, new: Any, *, names: dict[str, str], users: dict[int, str]
) -> tuple[str, str, str]:
    """One change to a case as (field, before, after), in words: labels for codes, region and
    advisor names, a new result summarised by its recommendation and the scores that moved."""
    field = Case._meta.get_field(field_name)
    label = capfirst(field.verbose_name)

    def shown(value: Any) -> str:
        if field_name in HISTORY_USER_FIELDS:
            if value is None or getattr(value, "pk", 0) is None:  # none, or history's stand-in
                return "-"
            return users.get(value, str(value)) if isinstance(value, int) else str(value)
        if field_name == "markets":
            return changes.markets_in_words(value)
        if field_name == "weights":
            return changes.weights_in_words(value)
        if field_name in ("regions", "reviewed_region"):
            if not value:
                return _("all regions") if field_name == "regions" else "-"
            slugs = value if isinstance(value, list) else [value]
            return ", ".join(names.get(slug, slug) for slug in slugs)
        choices = dict(field.flatchoices) if field.choices else None
        return changes.value_in_words(value, choices=choices)

    if field_name == "result":
        before, after = changes.result_change_in_words(old, new, names=names)
        return label, before, after
    return label, shown(old), shown(new)


def case_history(case: Case, *, limit: int = 20) -> list[dict[str, Any]]:
    """The latest changes to a case, newest first: who, when, why and which fields changed how
    (in words: case_change_in_words)."""
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
    names = dict(Region.objects.values_list("slug", "name"))
    entries = []
    for record, delta in zip(records, deltas, strict=False):
        entries.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "kind": record.get_history_type_display(),
                "reason": record.history_change_reason or "",
                "changes": [
                    case_change_in_words(
                        change.field, change.old, change.new, names=names, users=users
                    )
                    for change in (delta.changes if delta is not None else ())
                ],
            }
        )
    return entries


def case_region_plan(case: Case, region: str, dataset: Any) -> dict[str, Any] | None:
    """The relocation plan of `region` for this case's founders, from the dataset the case was
    scored on (the stored result carries the recommended region's plan; this gives any other
    region of its ranking alike). None when the region was not compared or the data is gone."""
    from advisor.engine import prepare
    from advisor.engine.plan import region_plan

    if not case.result or dataset is None:
        return None
    if region not in {entry["region"] for entry in case.result["ranking"]}:
        return None
    model = prepare(dataset)
    profile = case.result.get("profile") or {}
    return region_plan(
        model.routes,
        region,
        model.catalogue.region_country[region],
        profile.get("founder_nationality"),
        profile.get("funding_need_usd"),
    )


def case_notes(case: Case) -> list[CaseNote]:
    """The team's internal notes on a case, newest first."""
    return list(case.notes.select_related("author"))


def case_founder_messages(case: Case) -> list[CaseMessage]:
    """The advisors' messages to the case's founder, newest first, with their delivery status."""
    return list(case.founder_messages.select_related("author"))


def review_queue_counts(*, user) -> dict[str, int]:
    """How many cases wait on each line of the advisors' review queue: scored and awaiting
    review; assigned to this advisor and not yet reviewed; close calls and fragile answers
    awaiting review; failed."""
    pending = Case.objects.filter(review_state=Case.ReviewState.PENDING)
    done = Case.Status.DONE
    querysets = {
        "awaiting": pending.filter(status=done),
        "mine": pending.filter(assigned_to=user),
        "fragile": pending.filter(status=done, robustness__in=("close_call", "fragile")),
        "failed": Case.objects.filter(status=Case.Status.FAILED),
    }
    return {key: queryset.count() for key, queryset in querysets.items()}


def review_queue_oldest(*, limit: int = 10) -> QuerySet[Case]:
    """The scored cases that have waited longest for a review, oldest first."""
    return (
        cases_with_recommendation()
        .filter(status=Case.Status.DONE, review_state=Case.ReviewState.PENDING)
        .select_related("assigned_to")
        .order_by("scored_at", "created_at")[:limit]
    )
