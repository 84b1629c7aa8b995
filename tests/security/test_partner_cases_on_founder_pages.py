"""A partner's case is the partner's (issue 18, finding 5): the founder pages (the case page, its
status, what-if and retry) answer 404 for it, as for a case that does not exist, unless the
partner shares the case's link (`share_link`, on submit or PATCH); the API then gives the
founder page's address as `founder_url`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.scoring import case_score
from tests.advisor.conftest import founder_profile
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(partner):
    return partner


CASES = "/api/v1/cases/"
FOUNDER_VIEWS = ("advisor:case", "advisor:case-status", "advisor:case-what-if")


def partner_case(api, **changes) -> Case:
    response = api.post(CASES, case_body(**changes), format="json")
    assert response.status_code == 202, response.content
    return Case.objects.get(id=response.json()["id"])


def founder_pages(client, case: Case) -> list[int]:
    statuses = [client.get(reverse(view, args=[case.id])).status_code for view in FOUNDER_VIEWS]
    statuses.append(client.post(reverse("advisor:case-retry", args=[case.id])).status_code)
    return statuses


def test_a_partners_case_is_not_found_on_the_founder_pages(api, client, handmade_region_data):
    case = case_score(case_id=partner_case(api).id)
    assert case.status == Case.Status.DONE
    assert founder_pages(client, case) == [404, 404, 404, 404]
    page = client.get(reverse("advisor:case", args=[case.id]))
    assert case.startup_name not in page.content.decode()
    # A founder's own case answers as before: the 404s are not every case's.
    own = case_score(case_id=case_submit(startup_name="Own", profile=founder_profile()).id)
    assert founder_pages(client, own)[:3] == [200, 200, 200]


def test_an_anonymous_retry_does_not_rescore_a_partners_failed_case(
    api, client, handmade_region_data
):
    case = partner_case(api)
    cases_mark_failed(case_ids=[case.id], reason="a test failure")
    attempts = Case.objects.get(id=case.id).attempts
    response = client.post(reverse("advisor:case-retry", args=[case.id]))
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.status == Case.Status.FAILED
    assert case.attempts == attempts


def test_a_case_shared_on_submit_opens_on_the_founder_pages(api, client, handmade_region_data):
    response = api.post(CASES, case_body(share_link=True), format="json")
    assert response.status_code == 202, response.content
    case = case_score(case_id=response.json()["id"])
    document = api.get(f"{CASES}{case.id}/").json()
    assert document["share_link"] is True
    assert document["founder_url"] == f"http://testserver/cases/{case.id}/"
    assert founder_pages(client, case)[:3] == [200, 200, 200]
    assert case.startup_name in client.get(document["founder_url"]).content.decode()


def test_a_partner_shares_and_unshares_a_link_with_patch(api, client, handmade_region_data):
    case = case_score(case_id=partner_case(api).id)
    document = api.get(f"{CASES}{case.id}/").json()
    assert document["share_link"] is False and document["founder_url"] is None
    shared = api.patch(f"{CASES}{case.id}/", {"share_link": True}, format="json")
    assert shared.status_code == 200, shared.content
    assert shared.json()["share_link"] is True
    assert client.get(shared.json()["founder_url"]).status_code == 200
    unshared = api.patch(f"{CASES}{case.id}/", {"share_link": False}, format="json")
    assert unshared.json()["founder_url"] is None
    assert client.get(reverse("advisor:case", args=[case.id])).status_code == 404


@pytest.mark.parametrize(
    "body", [{}, {"share_link": "yes"}, {"share_link": None}, {"startup_name": "New"}, []]
)
def test_patch_takes_only_a_boolean_share_link(api, handmade_region_data, body):
    case = partner_case(api)
    response = api.patch(f"{CASES}{case.id}/", body, format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"


def test_another_partner_cannot_share_a_case(api, rival, handmade_region_data):
    case = partner_case(api)
    response = rival.client().patch(f"{CASES}{case.id}/", {"share_link": True}, format="json")
    assert response.status_code == 404
    assert api.get(f"{CASES}{case.id}/").json()["share_link"] is False
