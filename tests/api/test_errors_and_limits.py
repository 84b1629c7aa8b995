"""Problem details for every error, and rate limits per partner."""

from __future__ import annotations

import socket
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from advisor.partners.models import Partner

pytestmark = pytest.mark.django_db

VOCABULARY = "/api/v1/vocabulary/"


def test_a_partner_past_its_rate_gets_429_with_retry_after(acme, rival):
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="3/min")
    client = acme.client()
    assert [client.get(VOCABULARY).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(VOCABULARY)
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["title"] == "Too many requests"
    # Another partner's budget is its own.
    assert rival.client().get(VOCABULARY).status_code == 200


def test_a_partner_whose_rate_was_lowered_still_gets_retry_after(acme):
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="100/hour")
    client = acme.client()
    assert all(client.get(VOCABULARY).status_code == 200 for _ in range(5))
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="2/hour")
    limited = client.get(VOCABULARY)
    assert limited.status_code == 429
    # The second-newest of the five requests leaves the hour's window first.
    assert 3500 <= int(limited["Retry-After"]) <= 3600


def test_all_of_a_partners_keys_share_one_budget(acme):
    from advisor.partners.services.keys import partner_key_create

    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="2/min")
    _, second_key = partner_key_create(partner=acme.partner, name="second")
    second = APIClient()
    second.credentials(HTTP_AUTHORIZATION=f"Api-Key {second_key}")
    assert acme.client().get(VOCABULARY).status_code == 200
    assert second.get(VOCABULARY).status_code == 200
    assert second.get(VOCABULARY).status_code == 429


def test_the_default_rate_applies_to_partners_without_their_own(acme, settings):
    settings.PARTNER_THROTTLE_RATE = "2/min"
    client = acme.client()
    assert [client.get(VOCABULARY).status_code for _ in range(3)] == [200, 200, 429]


def test_requests_go_through_unthrottled_when_the_cache_is_down(acme, settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    assert acme.client().get(VOCABULARY).status_code == 200


def test_an_unknown_api_address_is_a_problem_not_an_html_page(api):
    response = api.get("/api/v1/startups/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_a_method_a_path_does_not_take_is_a_405(api):
    response = api.delete("/api/v1/cases/")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "GET" in response["Allow"] and "POST" in response["Allow"]


def test_a_problem_type_address_describes_the_problem(client):
    page = client.get("/api/problems/invalid-input/")
    assert page.status_code == 200
    assert "Invalid input" in page.content.decode()
    assert client.get("/api/problems/no-such-problem/").status_code == 404


# --- A budget of cases, not only of requests (issue 18, finding 3) ---------------------------

BULK = "/api/v1/cases/bulk/"


def test_the_partner_budget_counts_cases_so_a_bulk_weighs_its_size(
    acme, rival, region_data, settings
):
    from tests.api.conftest import case_body

    settings.PARTNER_CASE_RATE = "1500/hour"
    Partner.objects.filter(id__in=[acme.partner.id, rival.partner.id]).update(
        throttle_rate="100000/min"  # the request budget is not what stops them here
    )
    client = acme.client()
    first = client.post(BULK, {"cases": [case_body()] * 1000}, format="json")
    assert first.status_code == 202, first.content[:300]
    second = client.post(BULK, {"cases": [case_body()] * 1000}, format="json")
    assert second.status_code == 429
    assert second["Content-Type"] == "application/problem+json"
    assert 1 <= int(second["Retry-After"]) <= 3600
    assert "cases" in second.json()["detail"]
    # 500 cases were left; refusing the bulk meant parsing it, so it weighs one case (499
    # left). A single case still goes through (498 left), 499 more in bulk do not (refused,
    # 497 left), and 497 do: the budget is then spent to the case.
    assert client.post("/api/v1/cases/", case_body(), format="json").status_code == 202
    assert client.post(BULK, {"cases": [case_body()] * 499}, format="json").status_code == 429
    assert client.post(BULK, {"cases": [case_body()] * 497}, format="json").status_code == 202
    assert client.post("/api/v1/cases/", case_body(), format="json").status_code == 429
    # Reading is not counted against cases; another partner has a budget of its own.
    assert client.get("/api/v1/cases/").status_code == 200
    other = rival.client().post(BULK, {"cases": [case_body()] * 1000}, format="json")
    assert other.status_code == 202


def test_a_bulk_that_does_not_fit_what_is_left_is_parsed_once_not_on_every_retry(
    acme, region_data, settings, monkeypatch
):
    # A flood of bulks larger than the rest of the budget: each refusal weighs one case, so
    # the rest is spent after as many refusals and every later one is refused unparsed.
    from advisor.partners.api import throttles
    from tests.api.conftest import case_body

    settings.PARTNER_CASE_RATE = "1003/hour"
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="100000/min")
    client = acme.client()
    assert client.post(BULK, {"cases": [case_body()] * 1000}, format="json").status_code == 202
    parsed = []
    counted = throttles.submitted_cases
    monkeypatch.setattr(
        throttles, "submitted_cases", lambda request: parsed.append(1) or counted(request)
    )
    answers = [
        client.post(BULK, {"cases": [case_body()] * 10}, format="json").status_code
        for _ in range(8)
    ]
    assert answers == [429] * 8
    assert len(parsed) == 3  # 3 cases were left: three refusals spent them


def test_a_request_past_its_request_budget_is_refused_without_counting_its_cases(
    acme, region_data, monkeypatch
):
    from advisor.partners.api import throttles
    from tests.api.conftest import case_body

    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="1/min")
    client = acme.client()
    assert client.post(BULK, {"cases": [case_body()] * 3}, format="json").status_code == 202
    monkeypatch.setattr(
        throttles, "submitted_cases", lambda request: pytest.fail("the body was parsed")
    )
    refused = client.post(BULK, {"cases": [case_body()] * 3}, format="json")
    assert refused.status_code == 429
    assert "cases" not in refused.json()["detail"]


def test_retry_after_a_refused_bulk_counts_the_case_the_refusal_weighs(
    acme, region_data, settings, monkeypatch
):
    # 5 of 10 cases used at t0; at t0 + 1800 s a bulk of 10 is refused and weighs one case. The
    # 5 leave at t0 + 3600, but the refusal's case stays until t0 + 5400: a bulk of 10 fits only
    # then, so Retry-After is the whole period, not the 1,800 s until the 5 leave.
    from advisor.partners.api import throttles
    from tests.api.conftest import case_body

    clock = [1_000_000.0]
    monkeypatch.setattr(throttles, "time", SimpleNamespace(time=lambda: clock[0]))
    settings.PARTNER_CASE_RATE = "10/hour"
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="100000/min")
    client = acme.client()
    assert client.post(BULK, {"cases": [case_body()] * 5}, format="json").status_code == 202
    clock[0] += 1800
    refused = client.post(BULK, {"cases": [case_body()] * 10}, format="json")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 3600
    clock[0] += 3600  # the 5 and the refusal's case have both left
    assert client.post(BULK, {"cases": [case_body()] * 10}, format="json").status_code == 202


# --- The door: a spent budget is refused before Django reads the request ---------------------


def _refused_at_the_door(monkeypatch):
    """Fails the test when a request gets past the door to the key's lookup."""
    from advisor.partners.api import authentication

    monkeypatch.setattr(
        authentication.PartnerKeyAuthentication,
        "authenticate",
        lambda self, request: pytest.fail("the request reached the key's lookup"),
    )


def test_a_key_past_its_request_budget_is_refused_at_the_door_until_retry_after(
    acme, rival, monkeypatch
):
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="2/min")
    client = acme.client()
    assert [client.get(VOCABULARY).status_code for _ in range(2)] == [200, 200]
    first = client.get(VOCABULARY)  # the throttle refuses it and the door remembers
    assert first.status_code == 429

    _refused_at_the_door(monkeypatch)
    again = client.post(
        "/api/v1/cases/", {"name": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert again.status_code == 429
    assert again["Content-Type"] == "application/problem+json"
    assert 1 <= int(again["Retry-After"]) <= int(first["Retry-After"])
    body = again.json()
    assert body["status"] == 429 and body["instance"] == "/api/v1/cases/"
    assert body["type"].endswith("/api/problems/rate-limited/")
    assert body["title"] != first.json()["title"]  # in the language asked for
    assert again["Retry-After"] in body["detail"]  # "... available in N seconds", translated
    # An unknown key, or another partner's, is not stopped at this door.
    monkeypatch.undo()
    assert rival.client().get(VOCABULARY).status_code == 200
    stranger = APIClient()
    stranger.credentials(HTTP_AUTHORIZATION="Api-Key not.a-key")
    assert stranger.get(VOCABULARY).status_code == 401


def test_the_door_opens_when_retry_after_ends(acme, monkeypatch):
    from advisor.partners.api import door

    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="1/min")
    client = acme.client()
    assert client.get(VOCABULARY).status_code == 200
    refused = client.get(VOCABULARY)
    assert refused.status_code == 429
    later = door.time.time() + int(refused["Retry-After"]) + 1
    monkeypatch.setattr(door, "time", SimpleNamespace(time=lambda: later))
    # Past Retry-After the door lets the request through to the throttle, which judges again
    # (here it has a free slot: its own clock is not moved, so it is told to allow it).
    from advisor.partners.api import throttles

    judged = []
    monkeypatch.setattr(
        throttles.PartnerRateThrottle,
        "allow_request",
        lambda self, request, view: judged.append(1) or True,
    )
    assert client.get(VOCABULARY).status_code == 200
    assert judged == [1]


def test_a_spent_case_budget_closes_the_door_to_submissions_not_to_reads(
    acme, region_data, settings, monkeypatch
):
    from tests.api.conftest import case_body

    settings.PARTNER_CASE_RATE = "10/hour"
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="100000/min")
    client = acme.client()
    assert client.post(BULK, {"cases": [case_body()] * 10}, format="json").status_code == 202
    refused = client.post(BULK, {"cases": [case_body()] * 10}, format="json")
    assert refused.status_code == 429 and "cases" in refused.json()["detail"]

    from advisor.partners.api import throttles

    monkeypatch.setattr(
        throttles.PartnerCaseThrottle,
        "allow_request",
        lambda self, request, view: pytest.fail("the bulk reached the case budget"),
    )
    again = client.post(BULK, {"cases": [case_body()] * 10}, format="json")
    assert again.status_code == 429 and "cases" in again.json()["detail"]
    monkeypatch.undo()
    # Reading is not submitting: the door stays open to it.
    assert client.get("/api/v1/cases/").status_code == 200


def test_a_bulk_larger_than_what_is_left_does_not_close_the_door(acme, region_data, settings):
    # Refused because 10 do not fit in the 5 left: a smaller bulk may still fit, so the door
    # does not remember it and the throttle judges the next one.
    from tests.api.conftest import case_body

    settings.PARTNER_CASE_RATE = "10/hour"
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="100000/min")
    client = acme.client()
    assert client.post(BULK, {"cases": [case_body()] * 5}, format="json").status_code == 202
    assert client.post(BULK, {"cases": [case_body()] * 10}, format="json").status_code == 429
    assert client.post(BULK, {"cases": [case_body()] * 4}, format="json").status_code == 202
