"""The workspace as an advisor opens it: the review queue first with its counts, the product's
name and icon, labels where codes were, a link to the founder's page, and history in words."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.lifecycle import case_rescore, cases_mark_failed
from advisor.services.reviews import case_accept, case_assign, case_override
from advisor.services.scoring import case_score
from regions.models import IndicatorValue
from tests.advisor.admin_support import (  # noqa: F401 (fixtures)
    CHANGELIST,
    advisor_client_fixture,
    advisor_fixture,
    change_url,
    listed,
    scored_case,
)
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


def queue_lines(page: str) -> dict[str, tuple[str, int]]:
    """The review queue's lines as {key: (link, count)}."""
    lines = re.findall(
        r'<tr class="queue-(\w+)">\s*<th scope="row"><a href="([^"]+)">[^<]+</a></th>\s*'
        r'<td class="queue-count"><a href="[^"]+">(\d+)</a></td>',
        page,
    )
    return {key: (unescape(link), int(count)) for key, link, count in lines}


@pytest.fixture
def queue(handmade_region_data, advisor):
    """Two scored cases awaiting review (one assigned to the advisor), one accepted, one failed,
    one still queued."""
    waiting = scored_case("Waiting Robotics")
    mine = scored_case("Mine Robotics", customer_type="enterprises", markets={"CN": 60, "JP": 40})
    case_assign(case_id=mine.id, advisor=advisor, by=advisor)
    accepted = scored_case("Accepted Robotics")
    case_accept(case_id=accepted.id, by=advisor)
    failed = case_submit(startup_name="Failed Robotics", profile=founder_profile())
    cases_mark_failed(case_ids=[failed.id], reason="the engine refused the data")
    queued = case_submit(startup_name="Queued Robotics", profile=founder_profile())
    return {
        "waiting": waiting,
        "mine": mine,
        "accepted": accepted,
        "failed": failed,
        "queued": queued,
    }


def test_the_workspace_opens_on_the_review_queue_with_counts_that_match_its_lists(
    advisor_client, queue
):
    page = advisor_client.get(INDEX).content.decode()
    lines = queue_lines(page)
    assert set(lines) == {"awaiting", "mine", "fragile", "failed"}
    assert lines["awaiting"][1] == 2
    assert lines["mine"][1] == 1
    assert lines["failed"][1] == 1
    fragile = Case.objects.filter(
        status="done", review_state="pending", robustness__in=("close_call", "fragile")
    ).count()
    assert lines["fragile"][1] == fragile
    # Each count opens the case list filtered the same way.
    expected = {
        "awaiting": {"Waiting Robotics", "Mine Robotics"},
        "mine": {"Mine Robotics"},
        "failed": {"Failed Robotics"},
    }
    for key, (link, count) in lines.items():
        assert urlsplit(link).path == CHANGELIST
        shown = listed(advisor_client.get(link))
        assert len(shown) == count, key
        if key in expected:
            assert set(shown) == expected[key]
    # The queue comes before the sections, and cases before the region data.
    assert page.index('id="review-queue"') < page.index("app-advisor")
    assert page.index("app-advisor") < page.index("app-regions")
    assert "Waiting longest for a review" in page and "Waiting Robotics" in page


def test_close_calls_and_fragile_answers_are_their_own_line_of_the_queue(advisor_client, queue):
    Case.objects.filter(pk=queue["waiting"].pk).update(
        result={
            **queue["waiting"].result,
            "reasons": {**queue["waiting"].result["reasons"], "robustness": "close_call"},
        }
    )
    link, count = queue_lines(advisor_client.get(INDEX).content.decode())["fragile"]
    assert count >= 1
    assert "Waiting Robotics" in listed(advisor_client.get(link))
    assert "Accepted Robotics" not in listed(advisor_client.get(link))


def test_the_workspace_carries_the_products_name_and_icon(advisor_client, queue):
    page = advisor_client.get(INDEX).content.decode()
    assert "Django administration" not in page and "Django site admin" not in page
    assert "Relocation Advisor" in re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert 'id="site-name"' in page and "Relocation Advisor" in page
    assert re.search(r'<link rel="icon" href="[^"]*advisor/favicon\.[^"]*svg"', page)


def test_favicon_ico_answers_with_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("advisor/favicon.svg")
    assert "<svg" in Path(finders.find("advisor/favicon.svg")).read_text()


def test_a_scoring_run_and_the_compared_regions_show_region_names_not_codes(
    advisor_client, handmade_region_data
):
    case = scored_case("Named Robotics", regions=["factory-town", "capital-city"])
    page = advisor_client.get(change_url(case)).content.decode()
    runs = page[page.index("Scoring runs") :]
    winner = case.result["recommendation"]
    name = {"factory-town": "Factory Town", "capital-city": "Capital City"}[winner]
    assert re.search(rf'<td class="field-recommendation">\s*<p>{name}</p>', runs)
    assert "Factory Town, Capital City" in page


def test_region_data_lists_show_labels_instead_of_codes(advisor_client, handmade_region_data):
    stages = advisor_client.get(reverse("admin:regions_stageweight_changelist")).content.decode()
    assert "Pre-seed" in stages and "pre seed" not in stages
    assert "Customer proximity" in stages and "customer proximity" not in stages
    sectors = advisor_client.get(reverse("admin:regions_sectorweight_changelist")).content.decode()
    assert "EV and batteries" in sectors or "Artificial intelligence" in sectors
    assert "ev batteries" not in sectors and ">ai<" not in sectors


def test_the_case_page_links_to_the_founders_page(advisor_client, handmade_region_data):
    case = scored_case("Linked Robotics")
    page = advisor_client.get(change_url(case)).content.decode()
    link = re.search(r'<a id="founder-page-link" href="([^"]+)"', page).group(1)
    assert link == reverse("advisor:case", args=[case.pk])
    assert "Linked Robotics" in advisor_client.get(link).content.decode()


def test_the_history_says_what_changed_in_words_never_a_raw_dictionary(
    advisor_client, advisor, handmade_region_data
):
    case = scored_case(
        "History Robotics", customer_type="enterprises", markets={"CN": 60, "JP": 40}
    )
    other = next(e["region"] for e in case.result["ranking"] if e["region"] != case.recommendation)
    case_assign(case_id=case.id, advisor=advisor, by=advisor)
    case_override(case_id=case.id, region=other, reason="Closer to the pilot customer", by=advisor)
    history = advisor_client.get(reverse("admin:advisor_case_history", args=[case.pk]))
    page = unescape(history.content.decode())
    assert history.status_code == 200
    assert "{'" not in page and "'recommendation'" not in page and "chars]" not in page
    names = {
        "factory-town": "Factory Town",
        "capital-city": "Capital City",
        "island-hub": "Island Hub",
    }
    assert f"recommends {names[case.recommendation]} (score" in page
    flat = re.sub(r"\s+", " ", page)
    assert "Review state:</strong> Awaiting review → Overridden" in flat
    assert f"Reviewed region:</strong> - → {names[other]}" in flat
    assert "Assigned to:</strong> - → ada" in flat
    # The case page's recent changes say the same.
    recent = unescape(advisor_client.get(change_url(case)).content.decode())
    recent = recent[recent.index('id="case-history"') :]
    assert f"Reviewed region: - → {names[other]}" in recent
    assert "Review state: Awaiting review → Overridden" in recent
    assert f"Result: no result → recommends {names[case.recommendation]}" in recent


def test_a_new_result_is_summarised_by_its_recommendation_and_the_scores_that_moved(
    advisor_client, advisor, region_data
):
    case = case_score(
        case_id=case_submit(startup_name="Moving Robotics", profile=founder_profile()).id
    )
    # Engineers in Shenzhen now cost three times as much: Shenzhen's score falls.
    value = IndicatorValue.objects.get(region__slug="shenzhen", indicator__slug="engineer_cost_usd")
    value.value *= 3
    value.year = value.edition = timezone.now().year
    value.save()
    case_rescore(case_id=case.id, by=advisor)
    case_score(case_id=case.id)
    recent = unescape(advisor_client.get(change_url(case)).content.decode())
    recent = recent[recent.index('id="case-history"') :]
    line = next(row for row in recent.split("<tr") if "scores moved" in row)
    assert re.search(r"Shenzhen \d+\.\d → \d+\.\d", line), line
    assert "{'" not in recent


def test_an_advisor_adds_an_internal_note_recorded_in_the_history_and_never_shown_to_the_founder(
    advisor_client, advisor, handmade_region_data
):
    case = scored_case("Noted Robotics")
    note_url = reverse("admin:advisor_case_note", args=[case.pk])
    response = advisor_client.post(note_url, {"text": "Called the founder: pilot in Ohio first."})
    assert response.status_code == 302 and response["Location"] == change_url(case)
    page = unescape(advisor_client.get(change_url(case)).content.decode())
    notes = page[page.index('id="case-notes"') :]
    assert "Called the founder: pilot in Ohio first." in notes and "ada" in notes
    record = case.history.order_by("-history_id").first()
    assert record.history_user == advisor
    assert record.history_change_reason == "Internal note: Called the founder: pilot in Ohio first."
    recent = page[page.index('id="case-history"') :]
    assert "Internal note: Called the founder" in recent
    # Founders never see it.
    founder = advisor_client.get(reverse("advisor:case", args=[case.pk])).content.decode()
    assert "pilot in Ohio" not in founder


def test_an_empty_note_is_refused_with_the_reason(advisor_client, handmade_region_data):
    case = scored_case("Quiet Robotics")
    before = case.history.count()
    response = advisor_client.post(
        reverse("admin:advisor_case_note", args=[case.pk]), {"text": "   "}, follow=True
    )
    assert "Write the note first" in response.content.decode()
    assert case.notes.count() == 0 and case.history.count() == before


def test_someone_who_may_only_view_cases_cannot_add_a_note(client, handmade_region_data):
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("viewer", password="x" * 20, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_case"))
    client.force_login(viewer)
    case = scored_case("Viewed Robotics")
    response = client.post(reverse("admin:advisor_case_note", args=[case.pk]), {"text": "hi"})
    assert response.status_code == 403
    assert case.notes.count() == 0


def test_the_team_dashboard_counts_cases_backlog_review_time_wins_and_overrides(
    advisor_client, advisor, handmade_region_data
):
    import datetime as dt

    waiting = scored_case("Waiting Robotics")
    accepted = scored_case("Accepted Robotics")
    overridden = scored_case("Overridden Robotics")
    case_accept(case_id=accepted.id, by=advisor)
    other = next(
        e["region"]
        for e in overridden.result["ranking"]
        if e["region"] != overridden.recommendation
    )
    case_override(case_id=overridden.id, region=other, reason="Pilot customer nearby", by=advisor)
    now = timezone.now()
    # Reviewed two and four hours after scoring: a median of three hours.
    Case.objects.filter(pk=accepted.pk).update(
        scored_at=now - dt.timedelta(hours=5), reviewed_at=now - dt.timedelta(hours=3)
    )
    Case.objects.filter(pk=overridden.pk).update(
        scored_at=now - dt.timedelta(hours=6), reviewed_at=now - dt.timedelta(hours=2)
    )
    Case.objects.filter(pk=waiting.pk).update(scored_at=now - dt.timedelta(hours=10))

    index = advisor_client.get(INDEX).content.decode()
    url = re.search(r'<a href="([^"]+)" id="dashboard-link"', index).group(1)
    page = unescape(advisor_client.get(url).content.decode())
    assert re.search(r'id="dashboard-backlog">1<', page)
    assert re.search(r'id="dashboard-reviewed">2<', page)
    assert re.search(r'id="dashboard-review-median">3\.0 hours<', page)
    assert "3 cases submitted in 30 days." in page
    for chart in ("cases-by-day-chart", "wins-chart", "overrides-chart"):
        assert (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="dashboard-chart" id="{chart}"' in page
        )
    names = {
        "factory-town": "Factory Town",
        "capital-city": "Capital City",
        "island-hub": "Island Hub",
    }
    wins = page[page.index('id="dashboard-wins"') : page.index('id="dashboard-overrides"')]
    assert f"{names[waiting.recommendation]}: 3" in wins  # the bar's own label and count
    overrides = page[page.index('id="dashboard-overrides"') :]
    assert names[other] in overrides and "Pilot customer nearby" in overrides
    assert "<script" not in page[page.index('id="content-main"') :]


def test_the_dashboard_needs_the_case_view_permission(client, handmade_region_data):
    from django.contrib.auth.models import User

    stranger = User.objects.create_user("stranger", password="x" * 20, is_staff=True)
    client.force_login(stranger)
    assert client.get(reverse("admin:dashboard")).status_code == 403
