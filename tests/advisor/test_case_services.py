from __future__ import annotations

from unittest import mock

import pytest

from advisor.engine import prepare, recommend
from advisor.errors import DomainError
from advisor.models import Case, ScoringRun
from advisor.services.cases import case_submit
from advisor.services.lifecycle import case_rescore
from advisor.services.scoring import case_score
from regions.dataset import dataset_at_version
from regions.models import DatasetSnapshot, Region
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db


def submit(**changes):
    return case_submit(startup_name="Acme Robotics", profile=founder_profile(**changes))


def test_a_submitted_case_is_saved_as_queued_and_queued_only_after_the_save_commits(
    handmade_region_data, django_capture_on_commit_callbacks
):
    with mock.patch("advisor.services.cases.case_enqueue") as enqueue:
        with django_capture_on_commit_callbacks(execute=True):
            case = submit()
            assert enqueue.call_count == 0  # not before the transaction commits
        enqueue.assert_called_once_with(case_id=case.id)
    case.refresh_from_db()
    assert case.status == Case.Status.QUEUED
    assert case.markets == {"CN": 80.0, "US": 20.0}


@pytest.mark.parametrize(
    ("name", "changes", "field"),
    [
        ("", {}, "startup_name"),
        ("x" * 201, {}, "startup_name"),
        ("Acme", {"sector": "astrology"}, "sector"),
        ("Acme", {"markets": {"CN": 50}}, "markets"),
        ("Acme", {"regions": ["factory-town", "atlantis"]}, "regions"),
        ("Acme", {"regions": ["factory-town"]}, "regions"),
    ],
)
def test_a_bad_submission_names_the_field_and_saves_nothing(
    handmade_region_data, name, changes, field
):
    with pytest.raises(DomainError) as error:
        case_submit(startup_name=name, profile=founder_profile(**changes))
    assert error.value.field == field
    assert not Case.objects.exists()


def test_scoring_stores_the_result_with_its_dataset_and_engine_versions(handmade_region_data):
    case = submit()
    scored = case_score(case_id=case.id, worker="worker@test")
    assert scored.status == Case.Status.DONE
    assert scored.result["recommendation"] == scored.result["ranking"][0]["region"]
    assert {e["region"] for e in scored.result["ranking"]} == set(
        Region.objects.values_list("slug", flat=True)
    )
    run = ScoringRun.objects.get(case=case)
    assert run.worker == "worker@test" and run.result == scored.result
    assert DatasetSnapshot.objects.filter(version=scored.dataset_version).exists()


def test_scoring_twice_stores_one_result(handmade_region_data):
    case = submit()
    case_score(case_id=case.id)
    assert case_score(case_id=case.id) is None
    assert ScoringRun.objects.filter(case=case).count() == 1


def test_a_stored_recommendation_can_be_reproduced_from_its_snapshot_after_the_data_changes(
    handmade_region_data,
):
    case = case_score(case_id=submit().id)
    Region.objects.filter(slug="island-hub").update(latitude=0.0)  # the data moves on
    again = recommend(prepare(dataset_at_version(case.dataset_version)), case.profile())
    assert again["ranking"] == case.result["ranking"]
    assert again["robustness"] == case.result["robustness"]


def test_a_profile_the_data_can_no_longer_score_fails_with_the_reason(handmade_region_data):
    case = submit(regions=["factory-town", "island-hub"])
    Region.objects.filter(slug="island-hub").delete()
    scored = case_score(case_id=case.id)
    assert scored.status == Case.Status.FAILED
    assert "unknown region 'island-hub'" in scored.failure_reason


def test_rescoring_keeps_the_previous_result_in_the_history(
    handmade_region_data, django_capture_on_commit_callbacks
):
    case = case_score(case_id=submit().id)
    with mock.patch("advisor.services.cases.case_enqueue"):
        case = case_rescore(case_id=case.id)
    assert case.status == Case.Status.QUEUED
    case_score(case_id=case.id)
    assert ScoringRun.objects.filter(case=case).count() == 2


# --- Memory (issue 18, finding 2) ---------------------------------------------------------


def test_a_scoring_that_would_need_more_memory_than_the_cap_fails_the_case_with_the_reason(
    handmade_region_data, settings
):
    settings.SCORING_MAX_BYTES = 1_000_000  # 10,000 samples need more than 1 MB
    case = case_submit(startup_name="Acme", profile=founder_profile())
    scored = case_score(case_id=case.id)
    assert scored.status == Case.Status.FAILED
    assert "SCORING_MAX_BYTES" in scored.failure_reason
    assert "MB" in scored.failure_reason


def test_running_out_of_memory_fails_the_cases_not_the_caller(handmade_region_data, monkeypatch):
    from advisor.services import scoring

    def exhausted(**arguments):
        raise MemoryError

    monkeypatch.setattr(scoring, "profiles_recommend", exhausted)
    case = case_submit(startup_name="Acme", profile=founder_profile())
    scored = case_score(case_id=case.id)
    assert scored.status == Case.Status.FAILED
    assert "out of memory" in scored.failure_reason
