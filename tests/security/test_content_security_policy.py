"""Every page carries a strict Content-Security-Policy, and no page needs it loosened: no inline
script, event handler, style or javascript: URL, and a CSRF token in every form that posts.

The real browser check (no violation reported while the pages run) is
tests/browser/test_content_security_policy.py.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.reviews import case_override
from regions.models import Region
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    PASSWORD,
    advisor_client_fixture,
    advisor_fixture,
    case_url,
    change_url,
    scored_case,
)
from tests.advisor.conftest import founder_profile
from tests.security.html import inspect, policy

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Every app's templates folder (founder pages, partner API docs, admin pages).
TEMPLATE_DIRS = sorted(
    folder
    for package in ("advisor", "regions")
    for folder in (ROOT / package).rglob("templates")
    if folder.is_dir()
)


def assert_strict_policy(response) -> None:
    assert "Content-Security-Policy" in response, response.request["PATH_INFO"]
    directives = policy(response["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["style-src"] == ["'self'"]
    assert "unsafe-" not in response["Content-Security-Policy"]  # no exception anywhere


def assert_page_obeys_the_policy(response, *, status: int = 200) -> None:
    assert response.status_code == status, response.content[:500]
    assert_strict_policy(response)
    assert inspect(response.content.decode()).problems() == {}


@pytest.fixture
def cases(region_data, advisor):
    done = scored_case("Done Robotics")
    case_override(
        case_id=done.id,
        region=done.result["ranking"][1]["region"],
        reason="Their team is already there.",
        by=advisor,
    )
    queued = case_submit(startup_name="Queued Robotics", profile=founder_profile())
    scoring = case_submit(startup_name="Scoring Robotics", profile=founder_profile())
    Case.objects.filter(id=scoring.id).update(status=Case.Status.SCORING)
    failed = case_submit(startup_name="Failed Robotics", profile=founder_profile())
    cases_mark_failed(case_ids=[failed.id], reason="The worker could not reach the database.")
    return {"done": done, "queued": queued, "scoring": scoring, "failed": failed}


@pytest.fixture
def superuser_client(db) -> Client:
    user = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    client = Client()
    client.force_login(user)
    return client


def test_our_templates_have_no_inline_script_style_or_event_handler():
    templates = [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
    assert len(templates) > 10
    for template in templates:
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), template
        assert not re.search(r"\son[a-z]+\s*=", text), template
        assert not re.search(r"\sstyle\s*=|<style", text), template
        assert "javascript:" not in text, template


def test_the_landing_page_and_the_form_with_errors_obey_the_policy(client, region_data):
    assert_page_obeys_the_policy(client.get("/"))
    with_errors = client.post("/", {"startup_name": "", "sector": "robotics", "market_CN": "70"})
    assert "error-summary" in with_errors.content.decode()
    assert_page_obeys_the_policy(with_errors)


@pytest.mark.parametrize("state", ["queued", "scoring", "failed", "done"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_case_page_in_each_state_and_language_obeys_the_policy(client, cases, state, language):
    client.cookies["django_language"] = language
    page = client.get(reverse("advisor:case", args=[cases[state].id]))
    assert_page_obeys_the_policy(page)
    assert cases[state].startup_name in page.content.decode()
    # The address is the key to the case: it never leaves in a Referer to a source's site.
    assert page["Referrer-Policy"] == "same-origin"


def test_the_what_if_ranking_and_the_status_answer_obey_the_policy(client, cases):
    done = cases["done"]
    what_if = {"weight_grants": "3"}
    assert_page_obeys_the_policy(client.get(reverse("advisor:case", args=[done.id]), what_if))
    assert_page_obeys_the_policy(
        client.get(reverse("advisor:case-what-if", args=[done.id]), what_if)
    )
    assert_strict_policy(client.get(reverse("advisor:case-status", args=[done.id])))


def test_error_pages_obey_the_policy(client, db):
    assert_page_obeys_the_policy(client.get(f"/cases/{uuid.uuid4()}/"), status=404)
    assert_page_obeys_the_policy(client.get("/no/such/page/"), status=404)


@pytest.mark.parametrize(
    "page",
    ["index", "changelist", "search", "change", "override", "history", "regions", "region"],
)
def test_the_advisors_admin_pages_obey_the_policy(advisor_client, cases, page):
    done = cases["done"]
    region = Region.objects.order_by("slug").first()
    url = {
        "index": reverse("admin:index"),
        "changelist": reverse("admin:advisor_case_changelist"),
        "search": reverse("admin:advisor_case_changelist") + "?q=Robotics",
        "change": change_url(done),
        "override": case_url(done, "override"),
        "history": case_url(done, "history"),
        "regions": reverse("admin:regions_region_changelist"),
        "region": reverse("admin:regions_region_change", args=[region.pk]),
    }[page]
    assert_page_obeys_the_policy(advisor_client.get(url))


def test_the_admin_login_and_the_lockout_records_obey_the_policy(client, superuser_client):
    assert_page_obeys_the_policy(client.get(reverse("admin:login")))
    assert_page_obeys_the_policy(
        superuser_client.get(reverse("admin:axes_accessattempt_changelist"))
    )


def test_the_api_documentation_obeys_the_policy(client, db):
    docs = client.get("/api/docs/")
    assert_page_obeys_the_policy(docs)
    # Swagger UI's start-up script is a file of its own, served under the same policy.
    script = re.search(r'<script src="([^"]*script[^"]*)"', docs.content.decode()).group(1)
    start_up = client.get(script.replace("&amp;", "&"))
    assert start_up["Content-Type"].startswith("application/javascript")
    assert '"validatorUrl": null' in start_up.content.decode()
    assert_page_obeys_the_policy(client.get("/api/problems/invalid-input/"))


def test_every_form_that_posts_is_refused_without_its_csrf_token(region_data, cases, advisor):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/", {"startup_name": "No Token"}).status_code == 403
    failed = cases["failed"]
    assert strict.post(reverse("advisor:case-retry", args=[failed.id])).status_code == 403
    assert strict.post(reverse("set_language"), {"language": "zh-hans"}).status_code == 403
    assert (
        strict.post(reverse("admin:login"), {"username": "ada", "password": PASSWORD}).status_code
        == 403
    )
    strict.force_login(advisor)
    done = cases["done"]
    assert strict.post(case_url(done, "accept")).status_code == 403
    Case.objects.get(id=done.id)  # unchanged, still there
    # With the token from the page, the same form goes through.
    page = strict.get("/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert strict.post("/", {"csrfmiddlewaretoken": token, "startup_name": ""}).status_code == 200
