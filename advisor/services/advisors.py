"""Advisor accounts: staff users in the Advisor group (created by a migration), and the demo cases
the demo advisor finds waiting for review."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group

from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.reviews import case_assign
from advisor.services.scoring import case_score

ADVISOR_GROUP = "Advisor"

# Invented startups with plausible profiles, chosen to land on different regions.
DEMO_CASES: tuple[dict[str, Any], ...] = (
    {
        "startup_name": "Kinetic Grip Robotics",
        "current_location": "Pittsburgh, US",
        "funding_need_usd": 3_000_000,
        "profile": {
            "sector": "robotics",
            "stage": "seed",
            "customer_type": "manufacturers",
            "markets": {"CN": 70, "US": 20, "EU": 10},
        },
    },
    {
        "startup_name": "Ledgerline",
        "current_location": "London, UK",
        "funding_need_usd": 12_000_000,
        "profile": {
            "sector": "fintech",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"US": 50, "EU": 30, "SEA": 20},
        },
    },
    {
        "startup_name": "Hikari Cell Therapeutics",
        "current_location": "Osaka, Japan",
        "funding_need_usd": 20_000_000,
        "profile": {
            "sector": "biotech",
            "stage": "series_a",
            "customer_type": "enterprises",
            "markets": {"JP": 50, "US": 40, "EU": 10},
        },
    },
    {
        "startup_name": "VoltPack Energy",
        "current_location": "Munich, Germany",
        "funding_need_usd": 40_000_000,
        "profile": {
            "sector": "ev_batteries",
            "stage": "series_b",
            "customer_type": "manufacturers",
            "markets": {"CN": 50, "EU": 30, "US": 20},
        },
    },
    {
        "startup_name": "Lumen Vision AI",
        "current_location": "Toronto, Canada",
        "funding_need_usd": 1_500_000,
        "profile": {
            "sector": "ai",
            "stage": "pre_seed",
            "customer_type": "enterprises",
            "markets": {"US": 60, "JP": 20, "EU": 20},
        },
    },
    {
        "startup_name": "CartNest",
        "current_location": "Jakarta, Indonesia",
        "funding_need_usd": 4_000_000,
        "profile": {
            "sector": "ecommerce",
            "stage": "seed",
            "customer_type": "consumers",
            "markets": {"SEA": 60, "IN": 30, "OTHER": 10},
        },
    },
)
DEMO_ASSIGNED = 2  # the first cases are already on the demo advisor's desk


def advisor_ensure(*, username: str, password: str):
    """Create the advisor, or reset its password and membership; never a superuser."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_superuser = False
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=ADVISOR_GROUP))
    return user


def demo_cases_ensure(*, advisor: AbstractBaseUser) -> list[Case]:
    """The demo cases, submitted and scored through the real services the first time; a re-run
    finds them by name and only finishes scoring any that were left queued."""
    cases = []
    for position, demo in enumerate(DEMO_CASES):
        case = Case.objects.filter(
            startup_name=demo["startup_name"], channel=Case.Channel.ADMIN
        ).first()
        if case is None:
            case = case_submit(
                startup_name=demo["startup_name"],
                profile=demo["profile"],
                channel=Case.Channel.ADMIN,
                funding_need_usd=demo["funding_need_usd"],
                current_location=demo["current_location"],
            )
            if position < DEMO_ASSIGNED:
                case_assign(case_id=case.id, advisor=advisor, by=advisor)
        if case.status in (Case.Status.QUEUED, Case.Status.SCORING):
            # Scored here so the demo is ready at once; the queued task then finds it done.
            case_score(case_id=case.id, worker="demo_advisor")
        case.refresh_from_db()
        cases.append(case)
    return cases
