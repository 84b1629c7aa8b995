"""The advisors' case list and case page, used as an advisor (staff in the Advisor group)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.reviews import case_accept, case_assign
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    CHANGELIST,
    advisor_client_fixture,
    advisor_fixture,
    change_url,
    listed,
    scored_case,
)
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db

ENTERPRISE_US = dict(sector="enterprise_software", customer_type="enterprises", markets={"US": 100})
# Profiles whose answers are fairly robust on the hand-made data (a clear second region):
# customers split between two regions' markets.
SPLIT_ROBOTS = dict(customer_type="enterprises", markets={"CN": 60, "JP": 40})
CONSUMER_ASIA = dict(
    sector="fintech", stage="pre_seed", customer_type="consumers", markets={"JP": 65, "SEA": 35}
)


@pytest.fixture
def cases(handmade_region_data, advisor):
    """Cases that differ in every listed column."""
    robots = scored_case("Robots Inc", **SPLIT_ROBOTS)  # factory-town, fairly robust
    ledger = scored_case("Ledger Co", **ENTERPRISE_US)  # capital-city, robust
    island = scored_case("Island Pay", **CONSUMER_ASIA)  # island-hub, fairly robust
    waiting = case_submit(startup_name="Queued Robotics", profile=founder_profile(stage="growth"))
    case_assign(case_id=robots.id, advisor=advisor, by=advisor)
    case_accept(case_id=ledger.id, by=advisor)
    return {case.startup_name: case for case in (robots, ledger, island, waiting)}


def test_the_list_shows_each_column_of_a_case(advisor_client, cases):
    response = advisor_client.get(CHANGELIST)
    page = response.content.decode()
    assert response.status_code == 200
    for heading in (
        "Startup name",
        "Sector",
        "Stage",
        "Status",
        "Recommended region",
        "Robustness",
        "Assigned to",
        "Review state",
        "Created",
    ):
        assert heading in page
    ledger = cases["Ledger Co"]
    probability = ledger.result["reasons"]["first_place_probability"]
    row = next(r for r in page.split("<tr") if "Ledger Co" in r)
    assert "Capital City" in row
    assert f"{probability:.0%} (Robust)" in row
    assert "ada" in row and "Accepted" in row and "Enterprise software" in row
    queued_row = next(r for r in page.split("<tr") if "Queued Robotics" in r)
    assert "Queued" in queued_row and "Awaiting review" in queued_row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=done", {"Robots Inc", "Ledger Co", "Island Pay"}),
        ("status=queued", {"Queued Robotics"}),
        ("sector=fintech", {"Island Pay"}),
        ("stage=growth", {"Queued Robotics"}),
        ("recommended=factory-town", {"Robots Inc"}),
        ("recommended=island-hub", {"Island Pay"}),
        ("robustness=robust", {"Ledger Co"}),
        ("robustness=fairly_robust", {"Robots Inc", "Island Pay"}),
        ("assigned=me", {"Robots Inc", "Ledger Co"}),
        ("assigned=nobody", {"Island Pay", "Queued Robotics"}),
        ("review_state=accepted", {"Ledger Co"}),
        ("review_state=pending", {"Robots Inc", "Island Pay", "Queued Robotics"}),
    ],
)
def test_the_list_filters_by_each_column(advisor_client, cases, query, expected):
    response = advisor_client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    assert set(listed(response)) == expected


def test_the_list_filters_by_the_assigned_advisor_and_by_creation_date(
    advisor_client, advisor, cases
):
    response = advisor_client.get(f"{CHANGELIST}?assigned={advisor.pk}")
    assert set(listed(response)) == {"Robots Inc", "Ledger Co"}

    old = cases["Island Pay"]
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=400))
    last_year = (timezone.now() - dt.timedelta(days=400)).year
    response = advisor_client.get(f"{CHANGELIST}?created_at__year={last_year}")
    assert listed(response) == ["Island Pay"]
    since = (timezone.now() - dt.timedelta(days=7)).isoformat()
    response = advisor_client.get(f"{CHANGELIST}", {"created_at__gte": since})
    assert "Island Pay" not in listed(response) and len(listed(response)) == 3


def test_the_list_searches_by_startup_name(advisor_client, cases):
    response = advisor_client.get(f"{CHANGELIST}?q=ledger")
    assert listed(response) == ["Ledger Co"]


def test_the_list_is_newest_first_and_sorts_by_robustness(advisor_client, cases):
    assert listed(advisor_client.get(CHANGELIST))[0] == "Queued Robotics"
    robustness_column = 6  # index of "robustness_shown" after the action checkbox
    ascending = listed(advisor_client.get(f"{CHANGELIST}?o={robustness_column}"))
    scored = [name for name in ascending if name != "Queued Robotics"]
    confidences = [
        Case.objects.get(startup_name=n).result["reasons"]["first_place_probability"]
        for n in scored
    ]
    assert confidences == sorted(confidences)


def test_the_list_takes_a_bounded_number_of_queries_with_10000_cases(
    advisor_client, handmade_region_data, django_assert_max_num_queries
):
    template = scored_case("Template", **SPLIT_ROBOTS)  # factory-town, fairly robust
    Case.objects.bulk_create(
        [
            Case(
                startup_name=f"Startup {number:05d}",
                sector=template.sector,
                stage=template.stage,
                customer_type=template.customer_type,
                markets=template.markets,
                status=Case.Status.DONE,
                result=template.result,
                dataset_version=template.dataset_version,
                engine_version=template.engine_version,
            )
            for number in range(10_000)
        ],
        batch_size=2_000,
    )
    assert Case.objects.count() == 10_001
    for query in ("", "?recommended=factory-town&robustness=fairly_robust", "?q=Startup+09&o=6"):
        with django_assert_max_num_queries(16):
            response = advisor_client.get(f"{CHANGELIST}{query}")
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == 50


def test_the_case_page_shows_profile_scores_chart_explanation_robustness_and_history(
    advisor_client, cases
):
    case = cases["Robots Inc"]
    response = advisor_client.get(change_url(case))
    page = response.content.decode()
    assert response.status_code == 200
    # The profile.
    assert "Robots Inc" in page and "Mainland China 60%" in page and "Japan 40%" in page
    # Scores per region and criterion, with the chart.
    assert 'id="case-scores"' in page
    for entry in case.result["ranking"]:
        assert f"{entry['criteria']['grants']:.1f}" in page
    assert "Factory Town" in page and "Capital City" in page and "Island Hub" in page
    assert "<svg" in page and 'id="case-criteria-chart' in page
    # The explanation, robustness and dataset version.
    assert case.result["explanation"][:40] in page
    assert "Ranks first" in page
    assert case.dataset_version in page
    # Past scoring runs and the history of the case.
    assert "Scoring runs" in page
    assert 'id="case-history"' in page and "Assigned" in page
    assert "Assigned to: - &rarr; ada" in page  # the field named as the form names it


def test_the_case_page_of_a_queued_case_has_no_review_buttons_for_a_result(advisor_client, cases):
    page = advisor_client.get(change_url(cases["Queued Robotics"])).content.decode()
    assert "Assign to me" in page
    assert "Override…" not in page and "Re-score" not in page
    assert 'id="case-scores"' not in page


def test_the_list_has_the_whole_width_and_shows_when_each_case_came_in(advisor_client, cases):
    response = advisor_client.get(CHANGELIST)
    assert response.context["is_nav_sidebar_enabled"] is False
    created = cases["Ledger Co"].created_at
    row = next(r for r in response.content.decode().split("<tr") if "Ledger Co" in r)
    assert timezone.localtime(created).strftime("%Y-%m-%d %H:%M") in row
    assert "advisor/admin-cases.css" in response.content.decode()


def test_the_case_page_states_the_robustness_beside_the_review(advisor_client, cases):
    case = cases["Ledger Co"]
    page = advisor_client.get(change_url(case)).content.decode()
    probability = case.result["reasons"]["first_place_probability"]
    assert 'id="case-robustness"' in page
    assert f"{probability:.0%} (Robust)" in page.split('id="case-robustness"')[1][:200]


@pytest.mark.parametrize(
    "query",
    [
        {"assigned": "abc"},
        {"assigned": "1e9"},
        {"assigned": "99999999999999999999999"},
        {"assigned": "-1"},
        {"created_at__year": "99999999999"},
        {"created_at__year": "abc"},
        {"created_at__year": "2026", "created_at__month": "13"},
        {"created_at__year": "2026", "created_at__month": "2", "created_at__day": "31"},
        {"created_at__year": "0"},
        {"robustness": "\x00"},
        {"status__exact": "\x00"},
        {"q": "Robots\x00"},
        {"recommended": "nowhere"},
    ],
)
def test_garbage_in_the_case_list_filters_is_never_a_500(advisor_client, cases, query):
    response = advisor_client.get(CHANGELIST, query)
    # Django's own answer to a filter it cannot apply is the list again with ?e=1 (a redirect);
    # a value that matches nothing lists nothing.
    assert response.status_code in (200, 302), (query, response.status_code)
    if response.status_code == 200:
        assert not listed(response)
