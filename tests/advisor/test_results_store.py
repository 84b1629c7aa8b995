"""Storing a scoring batch: the SQL path (PostgreSQL) and the ORM path (other databases) store the
same rows, and both leave alone a case another worker already finished."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from advisor.engine import prepare
from advisor.models import Case, ScoringRun
from advisor.services.cases import case_submit
from advisor.services.results import case_results_store
from advisor.services.scoring import profiles_recommend
from regions.dataset import dataset_current
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db

PATHS = [pytest.param(True, id="sql"), pytest.param(False, id="orm")]
STORED_FIELDS = (
    "status",
    "result",
    "dataset_version",
    "engine_version",
    "failure_reason",
    "scored_at",
    "updated_at",
)


def scoring_cases(count: int) -> list[Case]:
    cases = [
        case_submit(
            startup_name=f"Startup {number}",
            profile=founder_profile(markets={"CN": 10 * number, "US": 100 - 10 * number}),
        )
        for number in range(count)
    ]
    Case.objects.filter(id__in=[case.id for case in cases]).update(status=Case.Status.SCORING)
    return cases


def results_for(cases: list[Case]) -> dict:
    results = profiles_recommend(
        model=prepare(dataset_current()), profiles=[case.profile() for case in cases], samples=50
    )
    return {case.id: result for case, result in zip(cases, results, strict=True)}


def stored(case: Case) -> dict:
    case.refresh_from_db()
    return {name: getattr(case, name) for name in STORED_FIELDS}


def test_both_paths_store_the_same_cases_runs_and_history_rows(handmade_region_data):
    by_sql, by_orm = scoring_cases(3), scoring_cases(3)
    finished_at = timezone.now() - timedelta(minutes=1)
    outcomes = {}
    for in_sql, cases in ((True, by_sql), (False, by_orm)):
        results = results_for(cases)
        finished = case_results_store(
            results={case.id: results[case.id] for case in cases[:2]},
            failures={cases[2].id: "The profile cannot be scored: " + "x" * 3000},
            worker="worker@test",
            duration_ms=1.5,
            finished_at=finished_at,
            in_sql=in_sql,
        )
        assert sorted(finished) == sorted(str(case.id) for case in cases)
        outcomes[in_sql] = cases

    for sql_case, orm_case in zip(outcomes[True], outcomes[False], strict=True):
        assert stored(sql_case) == stored(orm_case)
        sql_history, orm_history = sql_case.history.first(), orm_case.history.first()
        assert sql_case.history.count() == orm_case.history.count() == 2  # submitted, stored
        for name in (*STORED_FIELDS, "history_type", "history_change_reason", "history_user_id"):
            assert getattr(sql_history, name) == getattr(orm_history, name), name
        runs = [
            list(case.runs.values("result", "dataset_version", "engine_version", "worker", "duration_ms"))
            for case in (sql_case, orm_case)
        ]  # fmt: skip
        assert runs[0] == runs[1]

    done, failed = outcomes[True][0], outcomes[True][2]
    assert done.status == Case.Status.DONE and done.scored_at == finished_at
    assert done.result["recommendation"] == done.history.first().result["recommendation"]
    assert done.runs.get().worker == "worker@test"
    assert failed.status == Case.Status.FAILED and len(failed.failure_reason) == 2000
    assert not failed.runs.exists()


@pytest.mark.parametrize("in_sql", PATHS)
def test_a_case_another_worker_finished_first_is_left_alone(handmade_region_data, in_sql):
    first, second = scoring_cases(2)
    results = results_for([first, second])
    Case.objects.filter(id=first.id).update(status=Case.Status.DONE)  # the other worker's result
    before = first.history.count()

    finished = case_results_store(
        results=results,
        failures={},
        worker="late@test",
        duration_ms=1.0,
        finished_at=timezone.now(),
        in_sql=in_sql,
    )

    assert finished == [str(second.id)]
    assert first.history.count() == before
    assert not ScoringRun.objects.filter(case=first).exists()
    assert ScoringRun.objects.filter(case=second).count() == 1
