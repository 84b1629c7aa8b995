"""A founder's journey in a real browser, against the real stack: the live server, PostgreSQL,
Redis and a `celery worker` process that scores the case.

Screenshots (desktop and phone, English and Chinese, and the printed page) are saved under
test-output/screenshots/.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from advisor.engine.vocabulary import CRITERIA
from advisor.models import Case, ScoringRun
from advisor.services.scoring import weights_default_table
from regions.models import Region
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Scoring by the worker, one page reload and the first Chromium start-up, with room to spare.
RESULT_TIMEOUT_MS = 90_000
A4_CONTENT_WIDTH_PX = 703  # 210 mm less 2 x 12 mm margins, at 96 px per inch
A4_CONTENT_HEIGHT_PX = 1024  # 297 mm less the 12 mm and 14 mm margins of print.css


def overflows_horizontally(page: Page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
    )


def fill_the_profile(page: Page, defaults: dict) -> None:
    """Fill the form as a founder would: typing, choosing, watching the running total."""
    page.get_by_label("Startup name").press_sequentially("Ohio Robotics")
    page.get_by_label("Sector").select_option("robotics")
    page.get_by_label("Who buys from you").select_option("manufacturers")
    page.get_by_label("Stage").select_option("series_a")
    # The default weights shown follow the sector and stage, as the engine sets them.
    grants_default = f"{defaults['robotics']['series_a']['grants']:.2f}".rstrip("0").rstrip(".")
    expect(page.locator("#weight_grants-default")).to_have_text(f"default {grants_default}")

    total = page.locator("#market-total")
    page.get_by_label("Mainland China").press_sequentially("60")
    expect(total.locator(".total-value")).to_have_text("60%")
    expect(total).to_contain_text("40 to go")
    page.get_by_label("United States").press_sequentially("30")
    expect(total.locator(".total-value")).to_have_text("90%")

    # Submitting at 90% is stopped in the browser, with the reason beside the total.
    page.get_by_role("button", name="Get my recommendation").click()
    expect(total).to_contain_text("The shares must add up to 100 before you can continue.")
    assert page.url.endswith("/") or page.url.endswith("#profile")

    page.get_by_label("Japan").press_sequentially("10")
    expect(total.locator(".total-value")).to_have_text("100%")
    expect(total).to_contain_text("adds up to 100")
    page.get_by_label("Grants").press_sequentially("2")
    page.get_by_label("Funding you are looking for (USD, optional)").press_sequentially("3000000")
    page.get_by_label("Where you are based now (optional)").press_sequentially("Columbus, Ohio")


def test_a_founder_gets_a_recommendation_reads_it_and_switches_to_chinese(
    live_server, celery_worker_process, browser, screenshots
):
    call_command("load_regions", stdout=io.StringIO())
    regions = Region.objects.count()
    defaults = weights_default_table()
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Landing page: what the tool covers, and a button to start.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where should your startup be based?")
    expect(page.locator(".chips li")).to_have_count(regions)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()  # keyboard users can skip the header
    page.screenshot(path=screenshots / "landing-desktop-en.png", full_page=True)
    page.get_by_role("link", name="Start: describe your startup").click()
    assert page.url.endswith("#profile")

    fill_the_profile(page, defaults)
    page.screenshot(path=screenshots / "form-filled-desktop-en.png", full_page=True)
    page.get_by_role("button", name="Get my recommendation").click()

    # The case page follows the real worker's progress by itself, then shows the result.
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    ranking = page.locator("#ranking tbody tr")
    expect(ranking).to_have_count(regions, timeout=RESULT_TIMEOUT_MS)
    case = Case.objects.get()
    assert case.status == Case.Status.DONE
    assert case.runs.get().worker == celery_worker_process.hostname
    assert case.weights == {"grants": 2.0} and case.funding_need_usd == 3_000_000
    assert case.markets == {"CN": 60.0, "US": 30.0, "JP": 10.0}

    winner = Region.objects.get(slug=case.result["recommendation"])
    expect(page.locator("#recommendation-title")).to_have_text(
        f"We recommend {winner.name} for Ohio Robotics."
    )
    expect(ranking.first).to_have_attribute("data-region", winner.slug)
    chart = page.locator("#criteria-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("g.bar")).to_have_count(regions)
    expect(chart.locator("g.legend-item")).to_have_count(len(CRITERIA))
    expect(page.locator(".robustness")).to_contain_text("plausible weightings")
    expect(page.locator(".facts li").first).to_be_visible()
    page.screenshot(path=screenshots / "case-desktop-en.png", full_page=True)

    # What-if: other weights give another ranking; the stored result stays as it was.
    for criterion in CRITERIA:
        page.locator(f"#id_weight_{criterion}").fill("0")
    page.locator("#id_weight_cost").fill("1")
    what_if = page.locator("#what-if-ranking tbody tr")
    expect(what_if).to_have_count(regions)
    cheapest = what_if.first.get_attribute("data-region")
    assert cheapest
    expect(page.locator("#ranking tbody tr").first).to_have_attribute("data-region", winner.slug)
    assert "weight_cost=1" in page.url  # the what-if view can be shared or reloaded
    case.refresh_from_db()
    assert case.result["recommendation"] == winner.slug
    assert ScoringRun.objects.filter(case=case).count() == 1
    page.locator("#what-if").screenshot(path=screenshots / "what-if-desktop-en.png")

    # Printed on A4: the controls are gone, and the chart fits the paper's width and its first page.
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT_WIDTH_PX, "height": 1000})
    expect(page.locator("#what-if")).to_be_hidden()
    expect(page.locator(".language-switcher")).to_be_hidden()
    box = chart.bounding_box()
    assert box and box["width"] <= A4_CONTENT_WIDTH_PX
    assert not overflows_horizontally(page)
    chart_bottom = page.evaluate(
        "document.querySelector('#criteria-chart').getBoundingClientRect().bottom + window.scrollY"
    )
    assert chart_bottom <= A4_CONTENT_HEIGHT_PX
    page.screenshot(path=screenshots / "case-print-a4.png", full_page=True)
    pdf = page.pdf(path=screenshots / "case-a4.pdf", format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"case page printed on A4: {pages} page(s)")
    assert pages >= 1
    page.emulate_media(media="screen")
    page.set_viewport_size(DESKTOP)

    # Switch to Chinese: the same case, in Chinese, with Chinese region names.
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#recommendation-title")).to_have_text(
        f"我们建议 Ohio Robotics 落户{winner.name_zh}。"  # a space between Chinese and Latin
    )
    expect(page.locator("#ranking tbody tr").first.locator("th")).to_have_text(winner.name_zh)
    expect(chart.locator("g.legend-item").first).to_contain_text("贴近客户")
    expect(page.locator("#what-if-ranking tbody tr")).to_have_count(regions)  # kept the query
    page.screenshot(path=screenshots / "case-desktop-zh.png", full_page=True)

    # A phone: the landing page and the case page fit the screen (tables and chart scroll).
    phone = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    mobile = phone.new_page()
    mobile.goto(live_server.url + "/")
    assert not overflows_horizontally(mobile)
    mobile.screenshot(path=screenshots / "landing-phone-en.png", full_page=True)
    mobile.goto(page.url.split("?")[0])
    expect(mobile.locator("#ranking tbody tr")).to_have_count(regions)
    assert not overflows_horizontally(mobile)
    # The phone gets the compact chart, drawn to fit its width rather than shrunk.
    expect(mobile.locator("#criteria-chart")).to_be_hidden()
    compact = mobile.locator("#criteria-chart-compact")
    expect(compact).to_be_visible()
    box = compact.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    mobile.screenshot(path=screenshots / "case-phone-en.png", full_page=True)
    mobile.get_by_role("button", name="简体中文").click()
    expect(mobile.locator("html")).to_have_attribute("lang", "zh-hans")
    assert not overflows_horizontally(mobile)
    mobile.screenshot(path=screenshots / "case-phone-zh.png", full_page=True)
    phone.close()
    context.close()
    assert errors == []


def test_without_javascript_the_form_and_the_case_page_still_work(
    live_server, celery_worker_process, browser, screenshots
):
    call_command("load_regions", stdout=io.StringIO())
    regions = Region.objects.count()
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")

    # The server checks the shares and keeps what was typed.
    page.get_by_label("Startup name").fill("Plain HTML Robotics")
    page.get_by_label("Mainland China").fill("70")
    page.get_by_label("Europe").fill("20")
    page.get_by_role("button", name="Get my recommendation").click()
    expect(page.locator("#markets-error")).to_contain_text(
        "Customer shares must add up to 100 (they add up to 90)."
    )
    expect(page.get_by_label("Startup name")).to_have_value("Plain HTML Robotics")
    page.screenshot(path=screenshots / "form-error-phone-nojs.png", full_page=True)

    page.get_by_label("Europe").fill("30")
    page.get_by_role("button", name="Get my recommendation").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    # The page refreshes itself (a <noscript> meta refresh) until the worker's result is in.
    expect(page.locator("#ranking tbody tr")).to_have_count(regions, timeout=RESULT_TIMEOUT_MS)
    expect(page.locator("#criteria-chart-compact g.bar")).to_have_count(regions)

    # What-if as a plain GET form.
    page.locator("#id_weight_talent").fill("5")
    page.get_by_role("button", name="Show the new ranking").click()
    expect(page.locator("#what-if-ranking tbody tr")).to_have_count(regions)
    assert "weight_talent=5" in page.url
    page.screenshot(path=screenshots / "case-phone-nojs.png", full_page=True)
    context.close()
