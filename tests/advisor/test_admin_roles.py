"""Roles: what the Advisor group may do in the admin, and the demo advisor `make run` creates."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from advisor.models import Case, ScoringRun
from advisor.services.advisors import DEMO_CASES
from regions.dataset import dataset_current
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    CHANGELIST,
    PASSWORD,
    advisor_client_fixture,
    advisor_fixture,
    case_url,
    change_url,
    scored_case,
)

pytestmark = pytest.mark.django_db

DATA_TABLES = ("indicatorvalue", "grantprogramme", "sectorweight", "relocationroute")
HISTORY_MODELS = (
    "advisor.historicalcase",
    *(
        f"regions.historical{model}"
        for model in (
            "region",
            "market",
            "indicator",
            "indicatorvalue",
            "grantprogramme",
            "currencyrate",
            "sectorprofile",
            "stageprofile",
            "customertypeprofile",
            "stageweight",
            "sectorweight",
            "modelparameter",
            "relocationroute",
        )
    ),
)


def group_permissions() -> set[str]:
    group = Group.objects.get(name="Advisor")
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_advisor_group_has_exactly_the_permissions_advisors_need(advisor):
    granted = group_permissions()
    expected = {
        "advisor.view_case",
        "advisor.change_case",
        "advisor.view_scoringrun",
        "regions.view_region",
        "regions.add_region",
        "regions.change_region",
        "regions.view_market",
        "regions.change_market",
        "regions.view_indicator",
        "regions.add_indicator",
        "regions.change_indicator",
        "regions.view_currencyrate",
        "regions.add_currencyrate",
        "regions.change_currencyrate",
        "regions.view_sectorprofile",
        "regions.change_sectorprofile",
        "regions.view_stageprofile",
        "regions.change_stageprofile",
        "regions.view_customertypeprofile",
        "regions.change_customertypeprofile",
        "regions.view_stageweight",
        "regions.change_stageweight",
        "regions.view_modelparameter",
        "regions.change_modelparameter",
        "regions.view_datasetsnapshot",
        *(
            f"regions.{action}_{table}"
            for table in DATA_TABLES
            for action in ("view", "add", "change", "delete")
        ),
        *(f"{app}.view_{model}" for app, model in (name.split(".") for name in HISTORY_MODELS)),
    }
    assert granted == expected
    assert not any(name.startswith(("auth.", "admin.", "sessions.")) for name in granted)
    assert not any(".change_historical" in name or ".delete_case" in name for name in granted)


def test_an_advisor_cannot_manage_users_or_groups(advisor_client, advisor):
    for name in ("user", "group"):
        assert advisor_client.get(reverse(f"admin:auth_{name}_changelist")).status_code == 403
        assert advisor_client.get(reverse(f"admin:auth_{name}_add")).status_code == 403
    response = advisor_client.post(
        reverse("admin:auth_user_add"),
        {"username": "mallory", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 403
    assert (
        advisor_client.get(reverse("admin:auth_user_change", args=[advisor.pk])).status_code == 403
    )
    index = advisor_client.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/user/" not in index and "/admin/auth/group/" not in index
    assert not get_user_model().objects.filter(username="mallory").exists()
    advisor.refresh_from_db()
    assert not advisor.is_superuser


def test_an_advisor_cannot_add_or_delete_cases(advisor_client, handmade_region_data):
    case = scored_case()
    assert advisor_client.get(reverse("admin:advisor_case_add")).status_code == 403
    assert (
        advisor_client.get(reverse("admin:advisor_case_delete", args=[case.pk])).status_code == 403
    )
    response = advisor_client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [str(case.pk)]}
    )
    assert Case.objects.filter(pk=case.pk).exists()
    assert response.status_code in (200, 302)
    page = advisor_client.get(CHANGELIST).content.decode()
    assert 'value="delete_selected"' not in page
    assert 'value="accept_recommendation"' in page and 'value="export_csv"' in page


def test_an_advisor_cannot_revert_a_case_to_a_past_version(advisor_client, handmade_region_data):
    case = scored_case()
    first = case.history.order_by("history_id").first()
    url = reverse("admin:advisor_case_simple_history", args=[case.pk, first.history_id])
    assert advisor_client.get(url).status_code == 200
    assert advisor_client.post(url, {"assigned_to": ""}).status_code == 403


def test_staff_outside_the_advisor_group_cannot_see_or_review_cases(client, handmade_region_data):
    case = scored_case()
    outsider = get_user_model().objects.create_user("bob", password=PASSWORD, is_staff=True)
    client.force_login(outsider)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(case)).status_code == 403
    assert client.post(case_url(case, "accept")).status_code == 403
    assert client.get(case_url(case, "history")).status_code == 403
    case.refresh_from_db()
    assert case.review_state == Case.ReviewState.PENDING


def test_an_advisor_with_view_only_access_cannot_run_review_actions(client, handmade_region_data):
    case = scored_case()
    reader = get_user_model().objects.create_user("vera", password=PASSWORD, is_staff=True)
    reader.user_permissions.add(
        *Group.objects.get(name="Advisor").permissions.filter(codename="view_case")
    )
    client.force_login(reader)
    page = client.get(CHANGELIST).content.decode()
    assert client.get(CHANGELIST).status_code == 200
    assert 'value="accept_recommendation"' not in page and 'value="export_csv"' in page
    assert client.post(case_url(case, "accept")).status_code == 403
    assert (
        client.post(
            case_url(case, "override"), {"region": "capital-city", "reason": "x"}
        ).status_code
        == 403
    )


def test_the_demo_advisor_is_an_advisor_with_genuinely_scored_cases_to_review(region_data):
    out = io.StringIO()
    call_command("demo_advisor", "--username", "demo", "--password", PASSWORD, stdout=out)
    user = get_user_model().objects.get(username="demo")
    assert user.is_staff and user.is_active and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Advisor"]
    assert user.check_password(PASSWORD)

    cases = Case.objects.filter(channel=Case.Channel.ADMIN)
    assert cases.count() == len(DEMO_CASES) >= 5
    version = dataset_current().version
    for case in cases:
        assert case.status == Case.Status.DONE
        assert case.review_state == Case.ReviewState.PENDING
        assert case.result["dataset_version"] == version
        assert ScoringRun.objects.get(case=case).result == case.result
    assert len({case.result["recommendation"] for case in cases}) >= 3  # varied, not canned
    assert cases.filter(assigned_to=user).count() == 2
    assert f"{len(DEMO_CASES)} demo cases" in out.getvalue()

    call_command("demo_advisor", "--username", "demo", "--password", PASSWORD, stdout=io.StringIO())
    assert Case.objects.filter(channel=Case.Channel.ADMIN).count() == len(DEMO_CASES)
    assert ScoringRun.objects.count() == len(DEMO_CASES)
    assert get_user_model().objects.filter(username="demo").count() == 1
