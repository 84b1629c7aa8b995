"""What a founder argues with, in a real browser: the rank acceptability chart, the comparison in
columns, and the what-if on markets (with the case scored by the real services beforehand; the
journey test covers the worker)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.scoring import case_score, profile_recommend
from regions.models import IndicatorValue, Region
from tests.advisor.conftest import founder_profile
from tests.browser.conftest import DESKTOP

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scored(live_server) -> Case:
    call_command("load_regions", stdout=io.StringIO())
    case = case_submit(startup_name="Ohio Robotics", profile=founder_profile())
    return case_score(case_id=case.id)


def open_case(browser, live_server, case):
    page = browser.new_page(viewport=DESKTOP)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/cases/{case.id}/")
    return page, errors


def test_the_rank_acceptability_chart_draws_each_regions_ranks(
    browser, live_server, scored, screenshots
):
    page, errors = open_case(browser, live_server, scored)
    chart = page.locator("#rank-chart")
    expect(chart).to_be_visible()
    shares = scored.result["rank_acceptability"]
    expect(chart.locator("g.bar")).to_have_count(len(shares))
    winner = scored.result["recommendation"]
    first = chart.locator(f'g.bar[data-region="{winner}"] rect').first
    expect(first).to_have_attribute("data-rank", "Rank 1")
    width = float(first.get_attribute("width"))
    assert width == pytest.approx(508 * shares[winner][0], abs=0.5)  # the bar spans 508 px
    expect(page.locator("#promotions li")).to_have_count(len(scored.result["promotions"]))
    page.locator("#what-would-change").screenshot(path=screenshots / "what-would-change-en.png")
    assert errors == []


def test_a_founder_compares_two_regions_side_by_side(browser, live_server, scored, screenshots):
    page, errors = open_case(browser, live_server, scored)
    ranked = [entry["region"] for entry in scored.result["ranking"]]
    picker = page.locator("#compare-form")
    picker.locator('input[name="region"]').nth(1).uncheck()
    picker.locator(f'input[value="{ranked[2]}"]').check()
    picker.get_by_role("button", name="Compare").click()
    page.wait_for_url(re.compile(r"/compare/\?"))
    table = page.locator("#comparison")
    expect(table.locator("thead th[data-region]")).to_have_count(2)
    names = dict(Region.objects.values_list("slug", "name"))
    expect(table.locator("thead th[data-region]").nth(1)).to_contain_text(names[ranked[2]])
    pay = IndicatorValue.objects.get(region__slug=ranked[0], indicator__slug="engineer_cost_usd")
    row = table.locator("tr.figure-row", has_text="Engineer annual pay")
    expect(row.locator("td").first).to_contain_text(pay.source_name)
    expect(row.locator("td").first).to_contain_text(str(pay.year))
    assert not page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )
    page.screenshot(path=screenshots / "compare-desktop-en.png", full_page=True)
    assert errors == []


def test_the_what_if_on_markets_reranks_as_the_founder_types(browser, live_server, scored):
    page, errors = open_case(browser, live_server, scored)
    form = page.locator("#what-if-form")
    form.get_by_label("Mainland China").fill("")
    form.get_by_label("United States").fill("")
    form.get_by_label("Japan").fill("100")
    expected = profile_recommend(profile={**scored.profile(), "markets": {"JP": 100}})
    rows = page.locator("#what-if-ranking tbody tr")
    expect(rows.first).to_have_attribute(
        "data-region", expected["ranking"][0]["region"], timeout=15_000
    )
    assert "market_JP=100" in page.url
    page.get_by_role("button", name="Save as a new case").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    copy = Case.objects.exclude(id=scored.id).get()
    assert copy.markets == {"JP": 100} and page.url.endswith(f"/cases/{copy.id}/")
    scored.refresh_from_db()
    assert scored.markets == {"CN": 80, "US": 20}
    assert errors == []
