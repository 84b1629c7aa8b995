"""SQL and script injection in every text field, then every page that shows it, and guessed case
addresses: what was typed is shown as text everywhere, never run, and a guess tells nothing.
"""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.urls import reverse

from advisor.models import Case
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
    CASES,
    FORMULA,
    IMAGE,
    PAYLOADS,
    SCRIPT,
    SQL,
    assert_problem,
    founder_form,
)
from tests.security.html import inspect

pytestmark = pytest.mark.django_db


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
