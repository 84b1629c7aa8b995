"""Hostile input on every way in: oversized and deeply nested bodies, wrong types in every field,
unicode tricks. The answer is always a 4xx that says what is wrong, never a 5xx (injection and
guessed addresses: test_injection_and_guessing.py).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from advisor.models import Case
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
from tests.security.hostile import (
    BULK,
    CASES,
    PROBLEM,
    SCRIPT,
    SQL,
    assert_problem,
    founder_form,
    post_json,
)

pytestmark = pytest.mark.django_db


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


FORM_VALUES = [
    "",
    " ",
    "x" * 5000,
    "-1",
    "1e999",
    "NaN",
    "inf",
    "0x10",
    "١٢",
    "\x00",
    SCRIPT,
    # Finite but beyond what a decimal rounding keeps (issue 18, finding 4).
    "1e26",
    "1e308",
    "-1e30",
]


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


def test_market_shares_too_large_for_any_total_get_the_form_back_with_the_total(
    client, handmade_region_data
):
    # Two shares of 1e308 add up to infinity: the running total must still be drawn.
    for changes in (
        {"market_CN": "1e26"},
        {"market_CN": "1e308", "market_US": "1e308"},
        {"market_CN": "-1e30", "market_US": "20"},
    ):
        response = client.post("/", founder_form(**changes))
        assert response.status_code == 200, (changes, response.status_code)
        page = response.content.decode()
        assert 'id="id_market_CN-error"' in page, changes
        assert "data-market-total" in page or "market-total" in page
    assert not Case.objects.exists()


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
    # Letters and symbols that draw nothing (issue 18, finding 8).
    "hangul-filler": "\u3164\u3164\u3164",
    "halfwidth-hangul-filler": "\uffa0\uffa0",
    "braille-blank": "\u2800\u2800",
    "grapheme-joiner": "\u034f\u034f",
    "only-combining": "\u0301\u0302",
    "line-separator": "Acme\u2028Robotics",
    "paragraph-separator": "Acme\u2029Robotics",
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
    # Shared, so that the founder's page shows the partner's case (it is 404 there otherwise).
    response = partner.post(CASES, case_body(startup_name=name, share_link=True), format="json")
    assert response.status_code == 202, response.content
    case = Case.objects.get(id=response.json()["id"])
    assert case.startup_name == name
    assert partner.get(response["Location"]).json()["startup_name"] == name
    assert name in client.get(reverse("advisor:case", args=[case.id])).content.decode()


# --- Error amplification (issue 18, finding 9) ---------------------------------------------


def test_a_bulk_body_of_unknown_fields_answers_with_a_capped_list_of_errors(
    partner, handmade_region_data, settings
):
    # About 2.4 MB: 1,000 cases of 120 unknown fields with 12-character names each.
    cases = [{f"f{index:04d}{n:07d}": 1 for n in range(120)} for index in range(1000)]
    raw = json.dumps({"cases": cases})
    assert 2_000_000 < len(raw) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post_json(partner, BULK, raw)
    problem = assert_problem(response)
    cap = settings.PROBLEM_MAX_ERRORS
    assert len(problem["errors"]) == cap
    assert problem["errors_total"] > 120_000
    assert problem["errors_omitted"] == problem["errors_total"] - cap
    assert f"(and {problem['errors_total'] - 1} more)" in problem["detail"]
    # The answer is a fraction of the question, not five times it.
    assert len(response.content) < 100_000


def test_a_long_unknown_field_name_is_not_echoed_in_full(partner, handmade_region_data):
    name = "x" * 1_000_000
    response = post_json(partner, CASES, json.dumps({**case_body(), name: 1}))
    problem = assert_problem(response)
    assert problem["errors"][0]["field"].startswith("xxx")
    assert len(response.content) < 5_000


def test_a_partly_valid_bulk_answers_with_a_capped_list_of_errors(
    partner, handmade_region_data, settings
):
    cases = [case_body()] + [{**case_body(), "unknown": 1, "other": 2}] * 999
    response = partner.post(BULK, {"cases": cases}, format="json")
    assert response.status_code == 202, response.content[:300]
    body = response.json()
    assert body["accepted"] == 1 and body["rejected"] == 999
    assert len(body["errors"]) == settings.PROBLEM_MAX_ERRORS
    assert body["errors_total"] == 1998
