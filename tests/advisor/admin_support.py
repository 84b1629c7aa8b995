"""Fixtures and helpers shared by the advisor-workspace (admin) tests.

Import the fixtures by their function names (`advisor_fixture`, `advisor_client_fixture`);
tests ask for them as `advisor` and `advisor_client`.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from advisor.models import Case
from advisor.services.advisors import advisor_ensure
from advisor.services.cases import case_submit
from advisor.services.scoring import case_score
from tests.advisor.conftest import founder_profile
from tests.permissions import permissions_ensure

PASSWORD = "correct-horse-battery-staple-42"
# The Advisor group comes from a data migration, which a transactional test's flush removes (the
# permissions come back after a flush, the group does not); the fixture sets it up as the
# migration does, so these tests pass in any order.
GROUP_MIGRATION = import_module("advisor.migrations.0005_advisor_group_history")
ROUTES_MIGRATION = import_module("regions.migrations.0005_relocation_routes")
CHANGELIST = reverse("admin:advisor_case_changelist")


@pytest.fixture(name="advisor")
def advisor_fixture(db):
    """A real advisor: staff, in the Advisor group the migration creates, not a superuser."""
    permissions_ensure()
    GROUP_MIGRATION._set_permissions(django_apps, GROUP_MIGRATION.ADVISOR_PERMISSIONS)
    ROUTES_MIGRATION.advisors_edit_routes(django_apps, None)
    return advisor_ensure(username="ada", password=PASSWORD)


@pytest.fixture(name="advisor_client")
def advisor_client_fixture(client, advisor):
    client.force_login(advisor)
    return client


def scored_case(name: str = "Acme Robotics", **profile_changes) -> Case:
    """A case submitted and scored through the real services."""
    case = case_submit(startup_name=name, profile=founder_profile(**profile_changes))
    return case_score(case_id=case.id)


def change_url(case: Case) -> str:
    return reverse("admin:advisor_case_change", args=[case.pk])


def case_url(case: Case, view: str) -> str:
    """The case page's other views: assign, accept, rescore, override, history."""
    return reverse(f"admin:advisor_case_{view}", args=[case.pk])


def action(client, name: str, cases: list[Case], **extra):
    """Run a changelist action on `cases` as the admin's action form does."""
    data = {"action": name, "_selected_action": [str(case.pk) for case in cases], **extra}
    return client.post(CHANGELIST, data, follow=True)


def listed(response) -> list[str]:
    return [case.startup_name for case in response.context["cl"].result_list]
