"""Reads for the team's dashboard in the advisors' workspace: cases a day, the review backlog and
how long reviews take, which regions the engine recommends, and the overrides by region and
reason. Counted by the database over a window of days ending today."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from advisor.models import Case
from regions.models import Region


@dataclass
class Override:
    region: str
    count: int
    reasons: list[str]


@dataclass
class TeamFigures:
    days: int
    cases_by_day: list[tuple[dt.date, int]]
    submitted: int
    backlog: int  # scored cases awaiting review now
    oldest_waiting_hours: float | None
    reviewed: int
    review_hours_median: float | None  # from scored to reviewed, over the window
    review_hours_p90: float | None
    wins: list[tuple[str, int]]  # recommended region name, cases, most first
    overrides: list[Override]  # by the region chosen instead, most first


def _hours(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 3600


def team_figures(*, days: int = 30) -> TeamFigures:
    today = timezone.localdate()
    first_day = today - dt.timedelta(days=days - 1)
    since = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
    window = Case.objects.filter(created_at__gte=since)
    counts = dict(
        window.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    by_day = [
        (
            first_day + dt.timedelta(days=offset),
            counts.get(first_day + dt.timedelta(days=offset), 0),
        )
        for offset in range(days)
    ]
    pending = Case.objects.filter(status=Case.Status.DONE, review_state=Case.ReviewState.PENDING)
    oldest = (
        pending.exclude(scored_at=None)
        .order_by("scored_at")
        .values_list("scored_at", flat=True)
        .first()
    )
    durations = sorted(
        _hours(reviewed - scored)
        for scored, reviewed in Case.objects.filter(reviewed_at__gte=since)
        .exclude(scored_at=None)
        .values_list("scored_at", "reviewed_at")
        if reviewed >= scored
    )
    names = dict(Region.objects.values_list("slug", "name"))
    wins = [
        (names.get(slug, slug), n)
        for slug, n in window.exclude(recommended_region=None)
        .values("recommended_region")
        .annotate(n=Count("id"))
        .order_by("-n", "recommended_region")
        .values_list("recommended_region", "n")
    ]
    overridden: dict[str, list[str]] = {}
    for slug, reason in (
        Case.objects.filter(review_state=Case.ReviewState.OVERRIDDEN, reviewed_at__gte=since)
        .order_by("-reviewed_at")
        .values_list("reviewed_region", "review_reason")
    ):
        overridden.setdefault(slug, []).append(reason)
    overrides = sorted(
        (
            Override(names.get(slug, slug), len(reasons), reasons)
            for slug, reasons in overridden.items()
        ),
        key=lambda override: (-override.count, override.region),
    )
    return TeamFigures(
        days=days,
        cases_by_day=by_day,
        submitted=sum(n for _day, n in by_day),
        backlog=pending.count(),
        oldest_waiting_hours=_hours(timezone.now() - oldest) if oldest else None,
        reviewed=len(durations),
        review_hours_median=statistics.median(durations) if durations else None,
        review_hours_p90=durations[min(len(durations) - 1, int(0.9 * len(durations)))]
        if durations
        else None,
        wins=wins,
        overrides=overrides,
    )
