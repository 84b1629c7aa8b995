"""The founder's case page in each state, retry and the chart. The worker is replaced by calling
the scoring service in-process; the browser tests and the integration tests run the real
worker (what-if and the decisions: test_case_page_decisions.py)."""

from __future__ import annotations

import datetime
import re
import uuid
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case
from advisor.presentation.charts import criteria_chart_svg
from advisor.selectors import case_report
from advisor.services.cases import case_submit
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.scoring import case_score
from tests.advisor.conftest import founder_profile
from tests.advisor.founder_support import (  # noqa: F401 (compiled_translations: a fixture)
    compiled_translations,
    form_data,
    in_chinese,
    page_of,
    scored_case,
)

pytestmark = pytest.mark.django_db

# Chinese text is compared as written, full-width punctuation included.


# --- The case page in each state --------------------------------------------------------------


def test_a_queued_case_shows_progress_and_updates_itself_with_or_without_javascript(
    client, handmade_region_data
):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    page = page_of(client, case)
    assert "Queued: your case is next in line to be scored." in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert f'data-status-url="{reverse("advisor:case-status", args=[case.id])}"' in page
    assert 'aria-current="step">Queued' in page
    assert 'id="ranking"' not in page and "<svg" not in page


def test_a_case_being_scored_says_so(client, handmade_region_data):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    Case.objects.filter(id=case.id).update(status=Case.Status.SCORING)
    page = page_of(client, case)
    assert "Scoring: comparing the regions now." in page
    assert 'aria-current="step">Scoring' in page
    assert 'http-equiv="refresh"' in page


def test_the_status_endpoint_tells_the_page_when_the_result_is_in(client, handmade_region_data):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    url = reverse("advisor:case-status", args=[case.id])
    waiting = client.get(url)
    assert waiting.json()["status"] == "queued" and waiting.json()["finished"] is False
    assert "no-cache" in waiting["Cache-Control"]
    case_score(case_id=case.id)
    assert client.get(url).json() == {
        "status": "done",
        "finished": True,
        "message": "Done: your recommendation is ready.",
        "url": reverse("advisor:case", args=[case.id]),
    }


def test_a_scored_case_shows_the_recommendation_ranking_chart_and_explanation(
    client, handmade_region_data
):
    case = scored_case()
    page = page_of(client, case)
    winner = case.result["ranking"][0]["region"]
    names = {
        "factory-town": "Factory Town",
        "capital-city": "Capital City",
        "island-hub": "Island Hub",
    }
    assert f"We recommend {names[winner]} for Acme Robotics." in page
    assert 'id="ranking"' in page
    ranked = re.findall(r'<tr data-region="([a-z-]+)"', page.split('id="ranking"')[1])
    assert ranked == [entry["region"] for entry in case.result["ranking"]]
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="criteria-chart"' in page
    assert f"{names[winner]} ranks first with" in page
    assert "Its lead comes from" in page
    assert 'http-equiv="refresh"' not in page and "data-status-url" not in page


def test_a_scored_case_states_its_robustness_in_words(client, handmade_region_data):
    case = scored_case()
    page = page_of(client, case)
    reasons = case.result["reasons"]
    share = round(reasons["first_place_probability"] * 100)
    samples = f"{reasons['samples']:,}"
    assert re.search(
        rf"ranks first in {share}% of {samples} plausible weightings of your priorities", page
    )
    verdict = {"robust": "is robust.", "fairly_robust": "is fairly robust.", "fragile": "fragile"}
    assert verdict[reasons["robustness"]] in page


def test_a_scored_case_lists_its_sources_with_years_and_its_versions(client, handmade_region_data):
    case = scored_case()
    page = page_of(client, case)
    sources = [s for s in case.result["reasons"]["sources"] if s.get("source_name")]
    assert sources, "the hand-made data names a source for every figure"
    for source in sources:
        assert source["source_name"] in page
        assert f", {source['year']}" in page
    assert "Every source behind the scores of the regions compared (1)" in page
    assert f"Dataset version {case.dataset_version}, engine {case.engine_version}." in page


def test_the_printed_report_carries_the_address_of_the_case(client, handmade_region_data):
    case = scored_case()
    page = page_of(client, case)
    address = f"http://testserver{reverse('advisor:case', args=[case.id])}"
    assert f'<p class="print-only case-link">Online: {address}</p>' in page
    assert "data-print hidden>Print or save as PDF</button>" in page
    assert '<section class="ranking-section"' in page  # kept in one piece on paper


def test_the_chart_shows_each_total_as_the_ranking_table_rounds_it(client, handmade_region_data):
    case = scored_case()
    page = page_of(client, case)
    table = page.split('id="ranking"')[1]
    chart = page.split('id="criteria-chart"')[1].split("</svg>")[0]
    for entry in case.result["ranking"]:
        shown = re.search(
            rf'<tr data-region="{entry["region"]}".*?<strong>([\d.]+)</strong>', table, re.S
        ).group(1)
        bar = chart.split(f'data-region="{entry["region"]}"')[1].split("</g>")[0]
        assert re.findall(r">([\d.]+)</text>", bar)[-1] == shown


def test_an_unreviewed_case_says_no_advisor_has_reviewed_it_yet(client, handmade_region_data):
    page = page_of(client, scored_case())
    assert "An advisor has not reviewed this case yet." in page
    assert 'id="review"' not in page


def test_an_accepted_review_is_shown_with_its_date(client, handmade_region_data):
    case = scored_case()
    Case.objects.filter(id=case.id).update(
        review_state=Case.ReviewState.ACCEPTED,
        reviewed_region=case.recommendation,
        reviewed_at=datetime.datetime(2026, 3, 5, 9, 30, tzinfo=datetime.UTC),
    )
    page = page_of(client, case)
    assert 'id="review"' in page
    assert "An advisor reviewed this case and stands behind" in page
    assert "Reviewed on March 5, 2026." in page


def test_an_overridden_review_shows_the_advisors_region_and_reason(client, handmade_region_data):
    case = scored_case()
    other = case.result["ranking"][1]["region"]
    Case.objects.filter(id=case.id).update(
        review_state=Case.ReviewState.OVERRIDDEN,
        reviewed_region=other,
        review_reason="Your pilot customer is there & <signed>.",
        reviewed_at=timezone.now(),
    )
    page = page_of(client, case)
    name = {
        "factory-town": "Factory Town",
        "capital-city": "Capital City",
        "island-hub": "Island Hub",
    }
    engine = name[case.result["recommendation"]]
    # One decision, stated once: the advisor's, with the engine's ranking as its context.
    headline = re.search(r'<h2 id="recommendation-title">(.*?)</h2>', page).group(1)
    assert headline == f"We recommend {name[other]} for Acme Robotics."
    assert page.count("We recommend") == 1
    assert (
        f"An advisor reviewed this case and chose {name[other]}; the engine's ranking below puts "
        f"{engine} first."
    ) in page
    assert f"Why the engine ranks {engine} first" in page
    assert "Your pilot customer is there &amp; &lt;signed&gt;." in page


def test_a_failed_case_says_so_and_offers_a_retry_without_the_technical_reason(
    client, handmade_region_data
):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    reason = "Scoring failed: OperationalError: could not connect to db.internal:5432"
    cases_mark_failed(case_ids=[case.id], reason=reason)
    page = page_of(client, case)
    assert "Scoring failed." in page and "Something went wrong on our side" in page
    assert "db.internal" not in page  # the reason is for the advisors, in the admin
    retry = reverse("advisor:case-retry", args=[case.id])
    form = re.search(rf'<form method="post" action="{retry}">.*?</form>', page, re.S).group(0)
    assert 'name="csrfmiddlewaretoken"' in form and "Try again" in form
    assert 'id="ranking"' not in page and 'http-equiv="refresh"' not in page


def test_retrying_a_failed_case_queues_it_again(
    client, handmade_region_data, django_capture_on_commit_callbacks
):
    case = case_submit(startup_name="Acme", profile=founder_profile())
    cases_mark_failed(case_ids=[case.id], reason="worker exploded")
    with (
        mock.patch("advisor.services.cases.case_enqueue") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(reverse("advisor:case-retry", args=[case.id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("advisor:case", args=[case.id])
    enqueue.assert_called_once_with(case_id=case.id)
    case.refresh_from_db()
    assert case.status == Case.Status.QUEUED and case.failure_reason == ""
    assert "Queued" in page_of(client, case)


def test_retry_leaves_a_scored_case_alone_and_needs_a_post(client, handmade_region_data):
    case = scored_case()
    url = reverse("advisor:case-retry", args=[case.id])
    assert client.get(url).status_code == 405
    with mock.patch("advisor.services.cases.case_enqueue") as enqueue:
        assert client.post(url).status_code == 302
    enqueue.assert_not_called()
    case.refresh_from_db()
    assert case.status == Case.Status.DONE


def test_retry_is_protected_against_cross_site_requests(handmade_region_data):
    from django.test import Client

    case = case_submit(startup_name="Acme", profile=founder_profile())
    cases_mark_failed(case_ids=[case.id], reason="boom")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("advisor:case-retry", args=[case.id])).status_code == 403
    case.refresh_from_db()
    assert case.status == Case.Status.FAILED


def test_a_case_page_asks_search_engines_not_to_index_it(client, handmade_region_data):
    # The link is the only key to the case: should it leak into a crawler, it stays out of search.
    for case in (scored_case(), case_submit(startup_name="Acme", profile=founder_profile())):
        assert '<meta name="robots" content="noindex, nofollow">' in page_of(client, case)


def test_an_unknown_case_is_not_found(client, db):
    unknown = uuid.uuid4()
    for name in ("advisor:case", "advisor:case-status", "advisor:case-what-if"):
        assert client.get(reverse(name, args=[unknown])).status_code == 404


def test_the_chart_draws_every_region_split_by_criterion(handmade_region_data):
    case = scored_case()
    svg = criteria_chart_svg(case_report(case))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('<g class="bar"') == len(case.result["ranking"])
    assert svg.count('<g class="legend-item">') == len(CRITERIA)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    weights = case.result["weights"]
    for entry in case.result["ranking"]:
        points = sum(entry["criteria"][c] * weights[c] for c in CRITERIA)
        assert abs(points - entry["score"]) < 0.05  # the segments add up to the score


def test_the_compact_chart_for_phones_puts_names_above_narrower_bars(handmade_region_data):
    case = scored_case()
    svg = criteria_chart_svg(case_report(case), chart_id="phone", compact=True)
    assert 'class="criteria-chart compact"' in svg and 'id="phone"' in svg
    assert 'width="360"' in svg
    assert svg.count('<g class="bar"') == len(case.result["ranking"])
    assert 'text-anchor="end"' not in svg.split('<g class="bar"')[1]


def test_the_chart_escapes_region_names(handmade_region_data):
    case = scored_case()
    report = case_report(case)
    report["ranking"][0]["name"] = "<script>alert(1)</script>"
    svg = criteria_chart_svg(report)
    assert "<script>" not in svg and "&lt;script&gt;" in svg


# --- What-if ------------------------------------------------------------------------------------


def test_a_case_whose_answer_rests_on_policy_rules_lists_them_among_its_facts(client, region_data):
    # Chip factories on both sides of the US-China rules: the explanation rests on the rules,
    # which the page lists with the other sourced facts (it answered 500 before).
    case = scored_case(
        sector="semiconductors",
        stage="series_a",
        customer_type="manufacturers",
        markets={"CN": 50, "US": 50},
    )
    assert any("rule" in source for source in case.result["reasons"]["sources"])
    response = client.get(reverse("advisor:case", args=[case.id]))
    assert response.status_code == 200
    page = response.content.decode()
    rule = next(source for source in case.result["reasons"]["sources"] if "rule" in source)
    assert rule["name"].split(" (")[0] in page
