"""Bulk submission: up to 1,000 cases, one insert, one scoring task, one vectorised engine call."""

from __future__ import annotations

import json
import random
from unittest import mock

import pytest

from advisor.engine.vocabulary import CUSTOMER_TYPES, SECTORS, STAGES
from advisor.models import Case, ScoringRun
from advisor.partners.models import PartnerBatch, PartnerCase
from advisor.services import scoring
from advisor.services.scoring import cases_score, current_model, profile_recommend
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db

BULK = "/api/v1/cases/bulk/"


def varied_cases(count: int, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    cases = []
    for number in range(count):
        china = rng.randint(0, 100)
        body = case_body(
            startup_name=f"Startup {number}",
            sector=rng.choice(SECTORS),
            stage=rng.choice(STAGES),
            customer_type=rng.choice(CUSTOMER_TYPES),
            markets={"CN": china, "US": 100 - china},
        )
        if number % 5 == 0:
            body["weights"] = {"grants": rng.choice([0, 0.5, 3])}
        if number % 7 == 0:
            body["regions"] = ["shenzhen", "tokyo", "beijing"]
        cases.append(body)
    return cases


def test_bulk_accepts_the_valid_cases_and_reports_the_others_by_index(api, acme, region_data):
    cases = [
        case_body(startup_name="Good 0"),
        case_body(startup_name="Bad 1", markets={"CN": 10}),
        case_body(startup_name="Good 2", stage="series_a"),
        case_body(startup_name="", sector="astrology"),
        "not an object",
    ]
    response = api.post(BULK, {"cases": cases}, format="json")
    assert response.status_code == 202
    body = response.json()
    batch = PartnerBatch.objects.get()
    assert body["batch"] == str(batch.id)
    assert body["accepted"] == 2
    assert body["rejected"] == 3
    ids = body["ids"]
    assert ids[1] is None and ids[3] is None and ids[4] is None
    assert {Case.objects.get(id=ids[0]).startup_name, Case.objects.get(id=ids[2]).startup_name} == {
        "Good 0",
        "Good 2",
    }
    assert [(e["index"], e["field"]) for e in body["errors"]] == [
        (1, "markets"),
        (3, "startup_name"),
        (3, "sector"),
        (4, ""),
    ]
    assert "add up to 100" in body["errors"][0]["detail"]
    assert response["Location"] == body["cases_url"]
    listed = api.get(body["cases_url"]).json()
    assert {case["id"] for case in listed["results"]} == {ids[0], ids[2]}
    assert set(PartnerCase.objects.values_list("partner", flat=True)) == {acme.partner.id}


def test_bulk_with_no_valid_case_is_a_400_listing_every_error_by_index(api, region_data):
    response = api.post(
        BULK,
        {"cases": [case_body(sector="astrology"), case_body(markets={"CN": 1})]},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert [(e["index"], e["field"]) for e in errors] == [(0, "sector"), (1, "markets")]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "cases"),
        ({"cases": []}, "cases"),
        ({"cases": "all of them"}, "cases"),
        ({"cases": [case_body()] * 1001}, "cases"),
        ({"cases": [case_body()], "callback_url": "nope"}, "callback_url"),
        ({"cases": [case_body()], "extra": 1}, "extra"),
        ([case_body()], ""),
    ],
)
def test_a_bad_bulk_request_is_a_400_naming_the_problem(api, region_data, body, field):
    response = api.post(BULK, body, format="json")
    assert response.status_code == 400
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Case.objects.exists()


def test_a_thousand_cases_are_saved_in_a_few_queries_and_queued_as_one_task(
    api, region_data, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    cases = varied_cases(1000)
    with (
        mock.patch("advisor.tasks.score_cases.apply_async") as batch_task,
        mock.patch("advisor.tasks.score_case.apply_async") as single_task,
        django_capture_on_commit_callbacks(execute=True),
        django_assert_max_num_queries(40),
    ):
        response = api.post(BULK, {"cases": cases}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["accepted"] == 1000
    assert Case.objects.filter(channel=Case.Channel.API).count() == 1000
    assert single_task.call_count == 0
    batch_task.assert_called_once()
    assert sorted(batch_task.call_args.kwargs["args"][0]) == sorted(response.json()["ids"])


def test_a_batch_is_scored_in_one_engine_call_and_each_case_gets_its_full_result(api, region_data):
    cases = varied_cases(60)
    ids = api.post(BULK, {"cases": cases}, format="json").json()["ids"]
    with mock.patch(
        "advisor.services.scoring.profiles_recommend", wraps=scoring.profiles_recommend
    ) as engine:
        finished = cases_score(case_ids=ids, worker="worker@test", bulk=True)
    assert engine.call_count == 1
    assert len(engine.call_args.kwargs["profiles"]) == 60
    assert sorted(finished) == sorted(ids)
    assert ScoringRun.objects.count() == 60
    for case_id, body in list(zip(ids, cases, strict=True))[::6]:
        case = Case.objects.get(id=case_id)
        assert case.status == Case.Status.DONE
        profile = {
            key: body.get(key)
            for key in ("sector", "stage", "customer_type", "markets", "weights", "regions")
        }
        # Exactly what a single submission (or `recommend --json`) gives for the profile, with
        # the dataset's batch robustness sample count.
        samples = int(current_model().params["robustness.batch_samples"])
        assert case.result["samples"] == samples
        assert case.result == json.loads(
            json.dumps(profile_recommend(profile=profile, samples=samples))
        )
        assert case.history.count() >= 2  # created and scored, as an advisor sees it


def test_scoring_a_batch_twice_stores_one_result_per_case(api, region_data):
    ids = api.post(BULK, {"cases": varied_cases(5)}, format="json").json()["ids"]
    assert len(cases_score(case_ids=ids, bulk=True)) == 5
    assert cases_score(case_ids=ids, bulk=True) == []
    assert ScoringRun.objects.count() == 5


def test_a_case_in_a_batch_that_no_longer_fits_the_data_fails_alone(api, region_data):
    cases = varied_cases(3)
    cases[1]["regions"] = ["shenzhen", "tokyo"]
    ids = api.post(BULK, {"cases": cases}, format="json").json()["ids"]
    Case.objects.filter(id=ids[1]).update(regions=["shenzhen", "atlantis"])
    cases_score(case_ids=ids, bulk=True)
    statuses = [Case.objects.get(id=case_id).status for case_id in ids]
    assert statuses == ["done", "failed", "done"]
    assert "atlantis" in Case.objects.get(id=ids[1]).failure_reason


def test_the_same_idempotency_key_replays_the_first_batch(api, region_data):
    body = {"cases": varied_cases(3)}
    first = api.post(BULK, body, format="json", HTTP_IDEMPOTENCY_KEY="batch-1")
    again = api.post(BULK, body, format="json", HTTP_IDEMPOTENCY_KEY="batch-1")
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 3
    other = api.post(
        BULK, {"cases": varied_cases(2)}, format="json", HTTP_IDEMPOTENCY_KEY="batch-1"
    )
    assert other.status_code == 422


def test_cases_take_their_own_callback_url_or_the_batchs(api, region_data):
    cases = [case_body(), case_body(callback_url="https://own.example/hook")]
    body = api.post(
        BULK, {"cases": cases, "callback_url": "https://batch.example/hook"}, format="json"
    ).json()
    urls = [PartnerCase.objects.get(case_id=case_id).callback_url for case_id in body["ids"]]
    assert urls == ["https://batch.example/hook", "https://own.example/hook"]
