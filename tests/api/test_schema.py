"""The OpenAPI schema is true to the running API: a property-based run with schemathesis (no
5xx, every answer matches the schema), and every kind of answer sent on purpose. The schema as
a document (valid, complete, described, served with local docs, its examples valid):
test_schema_document.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from advisor.engine.vocabulary import MARKETS
from advisor.partners.models import Partner
from advisor.partners.services.submissions import partner_case_submit, partner_cases_submit_bulk
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.reviews import case_accept, case_override
from advisor.services.scoring import case_score
from advisor.services.text import text_problem
from regions.models import Region
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db

EXAMPLES = 50  # per operation and mode: 700 generated requests, about a minute in all

OPERATIONS = {
    ("get", "/api/v1/cases/"),
    ("post", "/api/v1/cases/"),
    ("get", "/api/v1/cases/{case_id}/"),
    ("patch", "/api/v1/cases/{case_id}/"),
    ("post", "/api/v1/cases/bulk/"),
    ("get", "/api/v1/regions/"),
    ("get", "/api/v1/regions/{slug}/"),
    ("get", "/api/v1/vocabulary/"),
}


# --- property-based: the schema against the running API ---------------------------------------
#
# Requests go through the real WSGI application (middleware, authentication, throttling, the
# database). Every answer is checked by all of schemathesis' response checks: no 5xx, a status
# code, content type, headers and body that the schema documents for the operation.

# Sums and cross-field rules (customer shares add up to 100, at least two known regions) are
# beyond JSON Schema, so a body the schema allows may still be refused with a documented 400:
# positive_data_acceptance cannot hold for the POST operations. Every other check does.
SEMANTIC_400 = {"post"}


@pytest.fixture
def api_schema(db, region_data, acme):
    # A budget a property-based run cannot spend, so answers other than 429 get exercised.
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="100000/min")
    # The real WSGI application closes the database connection after each request; inside the
    # test's transaction it must stay open, as Django's own test client arranges.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@dataclass
class Known:
    """Real cases of the partner in every state, and the real regions, for requests to find."""

    cases: dict[str, str]  # state -> case id
    regions: list[str]

    @property
    def case_ids(self) -> list[str]:
        return list(self.cases.values())


@pytest.fixture
def known(acme, rival, region_data, advisor_user) -> Known:
    def submitted(**changes) -> str:
        accepted = partner_case_submit(partner=acme.partner, data=case_body(**changes))
        return str(accepted.link.case_id)

    cases = {"queued": submitted()}
    cases["done"] = submitted(weights={"talent": 2}, regions=["shenzhen", "tokyo", "beijing"])
    case_score(case_id=cases["done"])
    cases["failed"] = submitted(startup_name="Broken Robotics")
    cases_mark_failed(case_ids=[cases["failed"]], reason="Scoring failed: the engine broke")
    cases["accepted"] = submitted(startup_name="Accepted Robotics")
    case_score(case_id=cases["accepted"])
    case_accept(case_id=cases["accepted"], by=advisor_user)
    cases["overridden"] = submitted(startup_name="Overridden Robotics", callback_url=HOOK)
    case_score(case_id=cases["overridden"])
    case_override(
        case_id=cases["overridden"],
        region="tokyo",
        reason="Their first customer is in Tokyo.",
        by=advisor_user,
    )
    batch = partner_cases_submit_bulk(
        partner=acme.partner, data={"cases": [case_body(), case_body(sector="astrology")]}
    ).batch
    cases["bulk"] = batch.case_ids[0]
    # Another partner's case: generated requests may name it, and must get a documented 404.
    cases["foreign"] = str(
        partner_case_submit(partner=rival.partner, data=case_body()).link.case_id
    )
    return Known(cases=cases, regions=list(Region.objects.values_list("slug", flat=True)))


@pytest.fixture
def advisor_user(db):
    return get_user_model().objects.create_user("ada", is_staff=True)


HOOK = "https://partner.example/webhooks/advisor"


@st.composite
def customer_shares(draw) -> dict[str, int]:
    """Customer shares by market that add up to 100, as the rules (not the schema) require."""
    codes = draw(st.lists(st.sampled_from(MARKETS), min_size=1, max_size=5, unique=True))
    cuts = sorted(
        draw(st.lists(st.integers(0, 100), min_size=len(codes) - 1, max_size=len(codes) - 1))
    )
    bounds = [0, *cuts, 100]
    return {code: bounds[i + 1] - bounds[i] for i, code in enumerate(codes)}


@st.composite
def repairs(draw, regions: list[str]) -> dict[str, Any]:
    """What turns a schema-valid case into one the rules accept too: shares adding up to 100,
    known regions, a web address to call back."""
    return {
        "markets": draw(customer_shares()),
        "regions": draw(
            st.none() | st.lists(st.sampled_from(regions), min_size=2, max_size=5, unique=True)
        ),
        "callback_url": draw(st.sampled_from([None, HOOK])),
    }


def repaired(item: Any, repair: dict[str, Any]) -> Any:
    if not isinstance(item, dict):
        return item
    item = {**item, "markets": repair["markets"]}
    # Text that would display as something else (control characters, ...) is refused by a
    # rule the schema describes in words only.
    if (
        text_problem(str(item.get("startup_name", "")), label="")
        or not str(item.get("startup_name", "")).strip()
    ):
        item["startup_name"] = "Generated Robotics"
    if text_problem(str(item.get("current_location", "")), label=""):
        item.pop("current_location")
    for name in ("regions", "callback_url"):
        item.pop(name, None)
        if repair[name] is not None:
            item[name] = repair[name]
    return item


# Operations that take no input at all have nothing a negative request could get wrong (the key
# is fixed, see below).
WITHOUT_INPUT = {("get", "/api/v1/regions/"), ("get", "/api/v1/vocabulary/")}
RUNS = [
    (method, path, mode)
    for method, path in sorted(OPERATIONS)
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
    if not (mode == GenerationMode.NEGATIVE and (method, path) in WITHOUT_INPUT)
]


@pytest.mark.parametrize(
    ("method", "path", "mode"), RUNS, ids=[f"{m.upper()} {p} {mode}" for m, p, mode in RUNS]
)
def test_the_api_matches_its_schema_and_never_answers_5xx(
    api_schema, acme, known, method, path, mode
):
    operation = api_schema[path][method.upper()]
    read_case = api_schema["/api/v1/cases/{case_id}/"]["GET"]
    headers = {"Authorization": f"Api-Key {acme.key}"}
    excluded = [positive_data_acceptance] if method in SEMANTIC_400 else []
    positive = mode == GenerationMode.POSITIVE
    statuses: list[int] = []

    @given(
        # The key is fixed, not generated: requests without one are tested in test_keys.py.
        case=operation.as_strategy(generation_mode=mode, headers=headers),
        # Mostly a case and a region that exist (Hypothesis favours the first choice), so
        # positive requests reach the answers that carry data whatever the schema's size.
        real_case=st.sampled_from(known.case_ids) | st.none(),
        real_region=st.sampled_from(known.regions) | st.none(),
        # Mostly repaired (Hypothesis favours the first choice), sometimes left as generated.
        repair=st.sampled_from(["repair", "repair", "repair", None]).flatmap(
            lambda choice: repairs(known.regions) if choice else st.none()
        ),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case, real_case, real_region, repair):
        # Positive requests are sometimes pointed at things that exist and given bodies the
        # rules accept, so the answers that carry data (200 with a result, 202) are checked
        # too, not only 404s and 400s. Negative requests stay as generated: each is wrong in
        # a way the schema says, and must be refused.
        if positive:
            if "case_id" in case.path_parameters and real_case:
                case.path_parameters["case_id"] = real_case
            if "slug" in case.path_parameters and real_region:
                case.path_parameters["slug"] = real_region
            if repair and isinstance(case.body, dict):
                if path.endswith("/bulk/") and isinstance(case.body.get("cases"), list):
                    case.body["cases"] = [repaired(item, repair) for item in case.body["cases"]]
                    case.body.pop("callback_url", None)
                elif method == "post":  # a PATCH body is not a case
                    case.body = repaired(case.body, repair)
        response = case.call_and_validate(headers=headers, excluded_checks=excluded)
        statuses.append(response.status_code)
        if response.status_code == 202 and not path.endswith("/bulk/"):
            # The case it points to reads back as documented.
            case_id = response.json()["id"]
            read_case.Case(path_parameters={"case_id": case_id}).call_and_validate(headers=headers)

    run()

    assert len(statuses) >= EXAMPLES // 2  # the run really sent requests
    assert not any(status >= 500 for status in statuses)
    if positive:
        # The data-carrying answers were reached, not only refusals.
        success = 202 if method == "post" else 200
        assert statuses.count(success) >= EXAMPLES // 5, statuses


def test_every_kind_of_answer_on_real_data_matches_the_schema(
    api_schema, acme, rival, known, settings
):
    """The answers a generated request reaches only by luck, each sent on purpose: cases in
    every state (with a result, failed, reviewed), every region, a bulk batch with a rejected
    case, and every documented error."""
    headers = {"Authorization": f"Api-Key {acme.key}"}

    def check(path: str, method: str = "GET", expect: int = 200, headers=headers, **parts):
        case = api_schema[path][method].Case(**parts)
        response = case.call_and_validate(headers=headers)
        assert response.status_code == expect, (path, parts, response.text[:500])
        return response.json()

    detail = "/api/v1/cases/{case_id}/"
    for state, case_id in known.cases.items():
        if state == "foreign":
            check(detail, expect=404, path_parameters={"case_id": case_id})
            continue
        body = check(detail, path_parameters={"case_id": case_id})
        assert (body["result"] is not None) == (state in ("done", "accepted", "overridden"))
    assert (
        check(detail, path_parameters={"case_id": known.cases["overridden"]})["review"]["decision"]
        == "overridden"
    )
    for status in ("queued", "done", "failed"):
        page = check("/api/v1/cases/", query={"status": status, "page_size": 2})
        assert page["count"] >= 1
    check("/api/v1/cases/", expect=404, query={"page": 99})
    check("/api/v1/cases/", expect=400, query={"batch": ""})
    for slug in known.regions:
        check("/api/v1/regions/{slug}/", path_parameters={"slug": slug})
    check("/api/v1/regions/", headers={}, expect=401)
    check("/api/v1/vocabulary/")

    bulk = check(
        "/api/v1/cases/bulk/",
        "POST",
        expect=202,
        body={"cases": [case_body(), case_body(markets={"CN": 1})]},
        media_type="application/json",
    )
    assert bulk["ids"][1] is None and bulk["errors"][0]["index"] == 1
    check(
        "/api/v1/cases/bulk/", "POST", expect=400, body={"cases": []}, media_type="application/json"
    )
    once = {"Idempotency-Key": "schema-check", **headers}
    check(
        "/api/v1/cases/",
        "POST",
        expect=202,
        headers=once,
        body=case_body(),
        media_type="application/json",
    )
    check(
        "/api/v1/cases/",
        "POST",
        expect=422,
        headers=once,
        body=case_body(stage="series_a"),
        media_type="application/json",
    )
    check("/api/v1/cases/", "POST", expect=415, body="startup_name=Ohio", media_type="text/plain")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 200
    check(
        "/api/v1/cases/",
        "POST",
        expect=413,
        body=case_body(current_location="x" * 90, startup_name="y" * 190, weights={"talent": 2}),
        media_type="application/json",
    )
    Partner.objects.filter(id=rival.partner.id).update(throttle_rate="1/hour")
    theirs = {"Authorization": f"Api-Key {rival.key}"}
    check("/api/v1/vocabulary/", expect=200, headers=theirs)
    check("/api/v1/vocabulary/", expect=429, headers=theirs)


def test_batch_job_answers_match_the_schema(api_schema, acme, known):
    """The batch job operations (CSV and JSON Lines, not generated): each answer, sent on
    purpose, as the schema documents it."""
    import io

    from advisor.partners.services.batches import batch_chunk_score, batch_job_create
    from tests.batch_support import profiles_csv

    headers = {"Authorization": f"Api-Key {acme.key}"}
    job = batch_job_create(
        partner=acme.partner,
        stream=io.BytesIO(profiles_csv(30, bad={2: "astrology"})),
        format="csv",
    )
    batch_chunk_score(job_id=job.id, number=0)
    ids = {"job_id": str(job.id)}

    def check(path: str, method: str, expect: int, **parts):
        response = api_schema[path][method].Case(**parts).call_and_validate(headers=headers)
        assert response.status_code == expect, (path, method, response.text[:500])
        return response

    upload = check(
        "/api/v1/batches/", "POST", 202, body=profiles_csv(5).decode(), media_type="text/csv"
    )
    assert upload.json()["status"] == "queued"
    check("/api/v1/batches/", "POST", 415, body={"cases": []}, media_type="application/json")
    detail = check("/api/v1/batches/{job_id}/", "GET", 200, path_parameters=ids).json()
    assert detail["status"] == "done" and detail["errors"][0]["line"] == 4
    for kind in ("text/csv", "application/x-ndjson"):
        for path in ("/api/v1/batches/{job_id}/results/", "/api/v1/batches/{job_id}/errors/"):
            check(path, "GET", 200, path_parameters=ids, headers={"Accept": kind})
    check(
        "/api/v1/batches/{job_id}/results/", "GET", 406, path_parameters=ids,
        headers={"Accept": "application/xml"},
    )  # fmt: skip
    check("/api/v1/batches/{job_id}/cases/", "POST", 202, path_parameters=ids, body={"line": 2})
    check("/api/v1/batches/{job_id}/cases/", "POST", 400, path_parameters=ids, body={"line": 99})
    check("/api/v1/batches/{job_id}/", "DELETE", 200, path_parameters=ids)
    missing = {"job_id": "0b8e4c1e-3c1a-4d2b-9a55-7b8f0f6f3d21"}
    check("/api/v1/batches/{job_id}/", "GET", 404, path_parameters=missing)
