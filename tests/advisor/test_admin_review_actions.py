"""Review actions in the advisors' workspace, each run as an advisor through the admin."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from advisor.models import Case, ScoringRun
from advisor.selectors import case_review
from advisor.services.advisors import advisor_ensure
from advisor.services.cases import case_submit
from advisor.services.lifecycle import case_rescore
from advisor.services.scoring import case_score
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    PASSWORD,
    action,
    advisor_client_fixture,
    advisor_fixture,
    case_url,
    change_url,
    scored_case,
)
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(handmade_region_data):
    return scored_case("Robots Inc")  # recommends factory-town over capital-city, island-hub


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def latest_history(case: Case):
    return case.history.order_by("-history_id").first()


def test_assign_to_me_assigns_the_selected_cases(advisor_client, advisor, case):
    other = scored_case("Other Robotics")
    response = action(advisor_client, "assign_to_me", [case, other])
    assert response.status_code == 200
    assert set(Case.objects.filter(assigned_to=advisor).values_list("pk", flat=True)) == {
        case.pk,
        other.pk,
    }
    assert "Assigned to you: 2." in messages_of(response)


def test_accept_records_the_decision_that_founders_see(advisor_client, advisor, case):
    assert case_review(case) is None
    response = action(advisor_client, "accept_recommendation", [case])
    case.refresh_from_db()
    assert response.status_code == 200
    assert case.review_state == Case.ReviewState.ACCEPTED
    assert case.reviewed_region == "factory-town"
    assert case.reviewed_by == advisor and case.reviewed_at is not None
    assert case.assigned_to == advisor  # deciding an unassigned case takes it
    review = case_review(case)
    assert review["decision"] == "accepted" and review["region_name"] == "Factory Town"


def test_accept_leaves_a_case_without_a_result_alone_and_says_why(
    advisor_client, handmade_region_data
):
    waiting = case_submit(startup_name="Queued Robotics", profile=founder_profile())
    response = action(advisor_client, "accept_recommendation", [waiting])
    waiting.refresh_from_db()
    assert waiting.review_state == Case.ReviewState.PENDING
    assert "Queued Robotics: the case has no result to review yet" in messages_of(response)


def test_override_asks_for_a_region_and_a_reason_on_an_intermediate_page(advisor_client, case):
    response = action(advisor_client, "override_recommendation", [case])
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="reason"' in page and 'name="region"' in page
    assert 'value="capital-city"' in page and 'value="island-hub"' in page
    assert Case.objects.get(pk=case.pk).review_state == Case.ReviewState.PENDING


@pytest.mark.parametrize("reason", ["", "   "])
def test_override_without_a_reason_is_refused(advisor_client, case, reason):
    response = action(
        advisor_client,
        "override_recommendation",
        [case],
        apply="Override",
        region="capital-city",
        reason=reason,
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    case.refresh_from_db()
    assert case.review_state == Case.ReviewState.PENDING and case.reviewed_region == ""


def test_the_override_form_preselects_no_region_and_ranks_the_alternatives(advisor_client, case):
    form = advisor_client.get(case_url(case, "override")).context["form"]
    choices = form.fields["region"].choices
    assert choices[0][0] == ""  # nothing chosen until the advisor chooses
    ranking = case.result["ranking"]
    assert [slug for slug, _ in choices[1:]] == [entry["region"] for entry in ranking[1:]]
    second = ranking[1]
    assert choices[1][1].endswith(f"(ranked 2, score {second['score']:.1f})")

    response = advisor_client.post(case_url(case, "override"), {"region": "", "reason": "Why."})
    assert response.status_code == 200
    assert response.context["form"].errors["region"] == ["This field is required."]
    assert Case.objects.get(pk=case.pk).review_state == Case.ReviewState.PENDING


def test_override_with_a_reason_records_region_reason_and_advisor(advisor_client, advisor, case):
    response = action(
        advisor_client,
        "override_recommendation",
        [case],
        apply="Override",
        region="capital-city",
        reason="The founders already have a lab and their first customer in Capital City.",
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.review_state == Case.ReviewState.OVERRIDDEN
    assert case.reviewed_region == "capital-city" and case.reviewed_by == advisor
    review = case_review(case)
    assert review["region_name"] == "Capital City"
    assert review["reason"].startswith("The founders already have a lab")


def test_override_to_the_recommended_region_is_refused_as_an_accept(advisor_client, case):
    response = action(
        advisor_client,
        "override_recommendation",
        [case],
        apply="Override",
        region="factory-town",
        reason="Agree.",
    )
    assert any("accept the recommendation instead" in m for m in messages_of(response))
    assert Case.objects.get(pk=case.pk).review_state == Case.ReviewState.PENDING


def test_the_case_page_override_form_requires_a_reason_then_records_it(advisor_client, case):
    url = case_url(case, "override")
    form = advisor_client.get(url).content.decode()
    assert 'value="capital-city"' in form and 'value="factory-town"' not in form

    refused = advisor_client.post(url, {"region": "island-hub", "reason": ""})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    assert Case.objects.get(pk=case.pk).review_state == Case.ReviewState.PENDING

    done = advisor_client.post(url, {"region": "island-hub", "reason": "Needs Island Hub's port."})
    assert done.status_code == 302 and done["Location"] == change_url(case)
    case.refresh_from_db()
    assert (case.review_state, case.reviewed_region) == ("overridden", "island-hub")


def test_rescore_queues_a_new_scoring_and_keeps_the_previous_result(
    advisor_client, advisor, case, django_capture_on_commit_callbacks
):
    action(advisor_client, "accept_recommendation", [case])
    first_result = Case.objects.get(pk=case.pk).result
    with django_capture_on_commit_callbacks() as queued:
        response = action(advisor_client, "rescore", [case])
    assert "Queued for re-scoring: 1." in messages_of(response)
    assert len(queued) == 1  # the task is published once the request's transaction commits
    case.refresh_from_db()
    assert case.status == Case.Status.QUEUED
    assert case.review_state == Case.ReviewState.PENDING  # the decision judged the old result
    assert case.result == first_result  # still shown until the new one arrives

    case_score(case_id=case.pk, worker="test")  # what the worker runs for the queued task
    runs = list(ScoringRun.objects.filter(case=case).order_by("created_at"))
    assert len(runs) == 2 and runs[0].result == first_result
    assert latest_history(case).history_type == "~"
    assert case.history.filter(history_change_reason="Recommendation accepted").exists()


def test_rescore_refuses_a_case_that_is_already_queued(advisor_client, handmade_region_data):
    waiting = case_submit(startup_name="Queued Robotics", profile=founder_profile())
    response = action(advisor_client, "rescore", [waiting])
    assert "Queued Robotics: the case is already queued for scoring" in messages_of(response)


def test_the_case_page_buttons_assign_accept_and_rescore(advisor_client, advisor, case):
    url = change_url(case)
    page = advisor_client.get(url).content.decode()
    assert "Assign to me" in page and "Accept Factory Town" in page and "Re-score" in page

    assert advisor_client.post(case_url(case, "assign"))["Location"] == url
    assert Case.objects.get(pk=case.pk).assigned_to == advisor
    advisor_client.post(case_url(case, "accept"))
    assert Case.objects.get(pk=case.pk).review_state == Case.ReviewState.ACCEPTED
    advisor_client.post(case_url(case, "rescore"))
    assert Case.objects.get(pk=case.pk).status == Case.Status.QUEUED


def test_the_case_page_buttons_only_answer_posts(advisor_client, case):
    for button in ("assign", "accept", "rescore"):
        assert advisor_client.get(case_url(case, button)).status_code == 403
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_an_advisor_can_hand_a_case_to_another_advisor_on_the_case_page(
    advisor_client, advisor, case
):
    colleague = advisor_ensure(username="grace", password=PASSWORD)
    run = case.runs.get()
    response = advisor_client.post(
        change_url(case),
        {
            "assigned_to": colleague.pk,
            "runs-TOTAL_FORMS": "1",
            "runs-INITIAL_FORMS": "1",
            "runs-MIN_NUM_FORMS": "0",
            "runs-MAX_NUM_FORMS": "1000",
            "runs-0-id": run.pk,
            "runs-0-case": case.pk,
            "_save": "Save",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.assigned_to == colleague
    record = latest_history(case)
    assert record.history_user == advisor and record.assigned_to_id == colleague.pk


def test_each_review_change_is_recorded_with_who_when_and_why(advisor_client, advisor, case):
    action(advisor_client, "assign_to_me", [case])
    action(
        advisor_client,
        "override_recommendation",
        [case],
        apply="Override",
        region="capital-city",
        reason="Customer already signed in Capital City.",
    )
    records = list(case.history.order_by("history_id"))
    reasons = [record.history_change_reason for record in records]
    assert reasons[-2:] == ["Assigned", "Recommendation overridden"]
    assert all(record.history_user == advisor for record in records[-2:])
    assert records[-1].review_state == "overridden" and records[-2].review_state == "pending"

    history_page = advisor_client.get(case_url(case, "history"))
    page = history_page.content.decode()
    assert history_page.status_code == 200
    assert "Recommendation overridden" in page and "ada" in page
    version_page = advisor_client.get(
        reverse("admin:advisor_case_simple_history", args=[case.pk, records[-2].history_id])
    ).content.decode()
    assert 'name="_save"' not in version_page  # advisors read the history; nobody reverts it


def test_rescore_from_a_service_is_recorded_against_the_advisor(advisor, case):
    case_rescore(case_id=case.pk, by=advisor)
    record = latest_history(case)
    assert record.history_user == advisor
    assert record.history_change_reason == "Re-score requested"
    assert record.status == Case.Status.QUEUED


def test_csv_export_has_the_selected_cases_with_their_scores(advisor_client, advisor, case):
    other = scored_case("=HYPERLINK(evil)", sector="enterprise_software", markets={"US": 100})
    ignored = scored_case("Not Selected")
    action(advisor_client, "accept_recommendation", [case])
    response = advisor_client.post(
        "/admin/advisor/case/",
        {"action": "export_csv", "_selected_action": [str(case.pk), str(other.pk)]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["id"] for row in rows} == {str(case.pk), str(other.pk)}
    assert str(ignored.pk) not in {row["id"] for row in rows}

    robots = next(row for row in rows if row["id"] == str(case.pk))
    case.refresh_from_db()
    assert robots["startup_name"] == "Robots Inc"
    assert robots["recommendation"] == "factory-town"
    assert robots["review_state"] == "accepted" and robots["reviewed_by"] == "ada"
    assert robots["markets"] == "CN=80;US=20"
    assert float(robots["confidence"]) == pytest.approx(
        case.result["reasons"]["first_place_probability"]
    )
    for entry in case.result["ranking"]:
        assert float(robots[entry["region"]]) == pytest.approx(entry["score"])
        assert float(robots[f"{entry['region']}.talent"]) == pytest.approx(
            entry["criteria"]["talent"]
        )
    # A name a spreadsheet would run as a formula is exported as text.
    hostile = next(row for row in rows if row["id"] == str(other.pk))
    assert hostile["startup_name"] == "'=HYPERLINK(evil)"
