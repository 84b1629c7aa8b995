"""Submitting and reading cases one at a time."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from advisor.engine.vocabulary import CRITERIA
from advisor.errors import DomainError
from advisor.models import Case
from advisor.partners.models import PartnerCase
from advisor.partners.services import submissions as partners
from advisor.selectors import case_review
from advisor.services.cases import case_submit
from advisor.services.scoring import case_score, profile_recommend
from tests.api.conftest import DROP, case_body

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


def submit(api, body=None, **headers):
    return api.post(CASES, body if body is not None else case_body(), format="json", **headers)


def test_submitting_a_case_answers_202_with_its_address_and_queues_it_after_commit(
    api, acme, region_data, django_capture_on_commit_callbacks
):
    with (
        mock.patch("advisor.services.cases.case_enqueue") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = submit(api)
        assert enqueue.call_count == 0
    assert response.status_code == 202
    body = response.json()
    case = Case.objects.get()
    assert body == {"id": str(case.id), "status": "queued", "url": response["Location"]}
    assert response["Location"] == f"http://testserver/api/v1/cases/{case.id}/"
    enqueue.assert_called_once_with(case_id=case.id)
    assert case.channel == Case.Channel.API
    assert case.markets == {"CN": 80.0, "US": 20.0}
    assert PartnerCase.objects.get(case=case).partner == acme.partner


def test_reading_a_case_gives_its_status_then_the_same_result_the_cli_prints(api, region_data):
    case_id = submit(api, case_body(weights={"venture_capital": 2})).json()["id"]
    queued = api.get(f"{CASES}{case_id}/")
    assert queued.status_code == 200
    assert queued.json()["status"] == "queued"
    assert queued.json()["result"] is None
    assert queued.json()["review"] is None

    case_score(case_id=case_id)
    done = api.get(f"{CASES}{case_id}/").json()
    assert done["status"] == "done"
    assert done["result"] == Case.objects.get(id=case_id).result
    profile = {
        key: case_body(weights={"venture_capital": 2})[key]
        for key in ("sector", "stage", "customer_type", "markets", "weights")
    }
    assert done["result"] == json.loads(json.dumps(profile_recommend(profile=profile)))
    assert done["recommendation"] == done["result"]["recommendation"]
    assert done["startup_name"] == "Ohio Robotics"
    assert done["scored_at"] is not None


def test_a_reviewed_case_shows_the_advisors_decision(api, region_data):
    case_id = submit(api).json()["id"]
    case = case_score(case_id=case_id)
    Case.objects.filter(id=case.id).update(
        review_state=Case.ReviewState.OVERRIDDEN,
        reviewed_region="tokyo",
        review_reason="Customer meetings in Japan matter more than the data shows.",
        reviewed_at=timezone.now(),
    )
    review = api.get(f"{CASES}{case_id}/").json()["review"]
    assert review == json.loads(json.dumps(case_review(Case.objects.get(id=case_id))))
    assert review["decision"] == "overridden"
    assert review["region"] == "tokyo"


def test_partner_cannot_read_another_partners_case(api, rival, region_data):
    theirs = submit(rival.client()).json()["id"]
    response = api.get(f"{CASES}{theirs}/")
    missing = api.get(f"{CASES}00000000-0000-4000-8000-000000000000/")
    assert response.status_code == missing.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    # Not even the wording tells a foreign case from a missing one.
    assert response.json()["detail"] == missing.json()["detail"]
    assert theirs not in json.dumps(api.get(CASES).json())


def test_the_same_idempotency_key_twice_creates_one_case(api, region_data):
    first = submit(api, HTTP_IDEMPOTENCY_KEY="order-7")
    again = submit(api, HTTP_IDEMPOTENCY_KEY="order-7")
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Case.objects.count() == 1


def test_idempotency_keys_belong_to_one_partner(api, rival, region_data):
    mine = submit(api, HTTP_IDEMPOTENCY_KEY="same-key").json()["id"]
    theirs = submit(rival.client(), HTTP_IDEMPOTENCY_KEY="same-key").json()["id"]
    assert mine != theirs
    assert Case.objects.count() == 2


def test_an_idempotency_key_reused_with_another_body_is_refused(api, region_data):
    submit(api, HTTP_IDEMPOTENCY_KEY="order-8")
    response = submit(api, case_body(stage="series_a"), HTTP_IDEMPOTENCY_KEY="order-8")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"].endswith("/idempotency-key-reused/")
    assert Case.objects.count() == 1


def test_without_an_idempotency_key_each_post_is_a_new_case(api, region_data):
    submit(api)
    submit(api)
    assert Case.objects.count() == 2


def test_a_request_that_loses_an_idempotency_race_answers_with_the_winners_case(api, region_data):
    winner = submit(api, HTTP_IDEMPOTENCY_KEY="race").json()["id"]
    # The loser looked before the winner had saved, so it goes on to insert and hits the
    # database's unique constraint; it must then answer with the winner's case.
    looks = iter([lambda **kwargs: None, partners._earlier_case])
    with mock.patch.object(
        partners, "_earlier_case", side_effect=lambda **kwargs: next(looks)(**kwargs)
    ):
        response = submit(api, HTTP_IDEMPOTENCY_KEY="race")
    assert response.status_code == 202
    assert response.json()["id"] == winner
    assert response["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"startup_name": ""}, "startup_name"),
        ({"startup_name": DROP}, "startup_name"),
        ({"startup_name": "x" * 201}, "startup_name"),
        ({"sector": "astrology"}, "sector"),
        ({"stage": DROP}, "stage"),
        ({"customer_type": "aliens"}, "customer_type"),
        ({"markets": {"CN": 50, "US": 40}}, "markets"),
        ({"markets": {"MARS": 100}}, "markets"),
        ({"markets": {}}, "markets"),
        ({"weights": {"luck": 2}}, "weights"),
        ({"weights": {"grants": -1}}, "weights"),
        ({"regions": ["shenzhen", "atlantis"]}, "regions"),
        ({"regions": ["shenzhen"]}, "regions"),
        ({"funding_need_usd": -5}, "funding_need_usd"),
        (
            {"weights": {criterion: 0 for criterion in CRITERIA}},
            "weights",
        ),  # refused at once, not accepted and then failed by the worker
    ],
)
def test_the_api_refuses_what_the_form_and_cli_refuse_with_the_same_message(
    api, region_data, changes, field
):
    body = case_body(**changes)
    response = submit(api, body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Invalid input"
    assert problem["type"].endswith("/api/problems/invalid-input/")
    assert problem["instance"] == CASES
    assert [error["field"] for error in problem["errors"]] == [field]
    # The service every channel calls says exactly the same.
    with pytest.raises(DomainError) as same:
        case_submit(
            startup_name=body.get("startup_name", ""),
            profile={
                k: body.get(k)
                for k in ("sector", "stage", "customer_type", "markets", "weights", "regions")
            },
            funding_need_usd=body.get("funding_need_usd"),
        )
    assert same.value.field == field
    assert problem["errors"][0]["detail"] == same.value.message
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (case_body(startup_name=12), "startup_name"),
        (case_body(startup_name=["a"]), "startup_name"),
        (case_body(startup_name="Nul\x00Robotics"), "startup_name"),
        (case_body(current_location="Ohio\x00"), "current_location"),
        (case_body(markets=[["CN", 100]]), "markets"),
        (case_body(markets="CN=100"), "markets"),
        (case_body(markets={"CN": 10**400}), "markets"),
        (case_body(markets={"CN": True}), "markets"),
        (case_body(markets={"CN": None}), "markets"),
        (case_body(weights=["grants"]), "weights"),
        (case_body(weights="grants=2"), "weights"),
        (case_body(weights={"grants": 10**400}), "weights"),
        (case_body(regions=5), "regions"),
        (case_body(regions="shenzhen,tokyo"), "regions"),
        (case_body(regions=[1, 2]), "regions"),
        (case_body(regions=["shen\x00zhen", "tokyo"]), "regions"),
        (case_body(funding_need_usd="lots"), "funding_need_usd"),
        (case_body(funding_need_usd=1.5), "funding_need_usd"),
        (case_body(funding_need_usd=2**64), "funding_need_usd"),
        (case_body(funding_need_usd=True), "funding_need_usd"),
        (case_body(callback_url="not a url"), "callback_url"),
        (case_body(callback_url="ftp://partner.example/hook"), "callback_url"),
        (case_body(callback_url=7), "callback_url"),
        (case_body(callback_url="https://partner.example/" + "x" * 500), "callback_url"),
        (case_body(startup_nmae="typo"), "startup_nmae"),
        (["not", "an", "object"], ""),
        ("a string", ""),
        (42, ""),
    ],
)
def test_odd_json_is_a_400_naming_the_field_never_a_500(api, region_data, body, field):
    response = submit(api, body)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Case.objects.exists()


def test_every_field_at_fault_is_reported_at_once_in_body_order(api, region_data):
    body = case_body(
        startup_name=" ",
        sector="astrology",
        markets={"CN": 50},
        weights="grants=2",
        regions=["shenzhen", "atlantis"],
        funding_need_usd=-1,
        callback_url="ftp://partner.example/hook",
        colour="blue",
    )
    response = submit(api, body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["field"] for error in errors] == [
        "colour",
        "callback_url",
        "startup_name",
        "sector",
        "markets",
        "weights",
        "regions",
        "funding_need_usd",
    ]
    by_field = {error["field"]: error["detail"] for error in errors}
    assert by_field["markets"] == "customer shares must add up to 100 (they add up to 50)"
    assert by_field["regions"] == "unknown region 'atlantis'"
    assert response.json()["detail"].endswith("(and 7 more)")
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ('{"startup_name": "Ohio", ', "application/json"),
        ('{"markets": {"CN": NaN}}', "application/json"),
        ("[" * 100_000 + "]" * 100_000, "application/json"),
        (b"\xff\xfe\x00bad", "application/json"),
    ],
)
def test_a_body_that_is_not_json_is_a_400(api, region_data, content, content_type):
    response = api.post(CASES, content, content_type=content_type)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == ""


def test_a_body_in_another_format_is_415(api, region_data):
    response = api.post(
        CASES, "startup_name=Ohio", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"


def test_a_body_larger_than_the_limit_is_413(api, region_data, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = submit(api, case_body(current_location="x" * 2000))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("key", ["", " ", " padded ", "k" * 256, "tab\tkey", "clé-7"])
def test_a_malformed_idempotency_key_is_a_400(api, region_data, key):
    response = submit(api, HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Case.objects.exists()


def test_a_callback_url_is_kept_with_the_case(api, region_data):
    case_id = submit(api, case_body(callback_url="https://partner.example/hook")).json()["id"]
    assert api.get(f"{CASES}{case_id}/").json()["callback_url"] == "https://partner.example/hook"


# --- listing ---------------------------------------------------------------------------------


def test_the_list_holds_only_the_partners_own_cases_newest_first_and_paginated(
    api, rival, region_data
):
    ids = [submit(api, case_body(startup_name=f"Startup {n}")).json()["id"] for n in range(3)]
    submit(rival.client())
    page = api.get(CASES, {"page_size": 2}).json()
    assert page["count"] == 3
    assert [case["id"] for case in page["results"]] == ids[::-1][:2]
    assert page["previous"] is None
    second = api.get(page["next"]).json()
    assert [case["id"] for case in second["results"]] == ids[:1]
    assert second["next"] is None
    assert set(page["results"][0]) >= {
        "id",
        "url",
        "status",
        "startup_name",
        "recommendation",
        "created_at",
    }


def test_the_list_filters_by_status_and_by_date(api, region_data):
    old, new = (submit(api).json()["id"] for _ in range(2))
    case_score(case_id=new)
    PartnerCase.objects.filter(case_id=old).update(created_at=timezone.now() - timedelta(days=10))

    def listed(**query):
        return [case["id"] for case in api.get(CASES, query).json()["results"]]

    assert listed(status="done") == [new]
    assert listed(status="queued") == [old]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert listed(created_after=since) == [new]
    assert listed(created_before=since) == [old]
    assert listed(created_after="2000-01-01") == [new, old]


@pytest.mark.parametrize(
    "query",
    [
        {"status": "finished"},
        {"created_after": "yesterday"},
        {"batch": "not-a-uuid"},
        {"batch": ""},  # an empty filter is a mistake, not "no filter"
        {"status": " "},
        {"page_size": ""},
        {"stauts": "done"},  # a misspelt filter is not silently ignored
    ],
)
def test_a_bad_list_filter_is_a_400_naming_it(api, region_data, query):
    response = api.get(CASES, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == list(query)


def test_page_numbers_are_read_as_the_filters_checked_them(api, region_data):
    ids = [submit(api).json()["id"] for _ in range(3)]
    page = api.get(CASES, {"page": "2.0", "page_size": 2}).json()
    assert [case["id"] for case in page["results"]] == ids[:1]
    assert page["previous"].endswith("page_size=2")


@pytest.mark.parametrize(
    "address", ["/api/v1/vocabulary/", "/api/v1/regions/", "/api/v1/regions/tokyo/"]
)
def test_addresses_that_take_no_query_parameters_refuse_them(api, region_data, address):
    response = api.get(address, {"sort": "name"})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "sort", "detail": "unknown query parameter (this address takes: none)"}
    ]


def test_a_page_past_the_end_is_a_404(api, region_data):
    submit(api)
    response = api.get(CASES, {"page": 5})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
