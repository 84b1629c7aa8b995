"""The workspace at 1280 px in a real browser, signed in as the demo advisor (an Advisor, not a
superuser): the review queue first, a region's page and the figures' list with no sideways
scrolling, the freshness view and the dashboard. Screenshots are saved under
test-output/screenshots/; the region page's load time is printed, not asserted (bench/)."""

from __future__ import annotations

import io
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from regions.models import Region
from tests.permissions import permissions_ensure

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

GROUP_MIGRATION = import_module("advisor.migrations.0005_advisor_group_history")
PASSWORD = "correct-horse-battery-staple-42"
LAPTOP = {"width": 1280, "height": 800}
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
# What sticks out, for the failure message.
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(-8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture
def signed_in(live_server, browser):
    permissions_ensure()
    GROUP_MIGRATION._set_permissions(django_apps, GROUP_MIGRATION.ADVISOR_PERMISSIONS)
    call_command("load_regions", stdout=io.StringIO())
    call_command("demo_advisor", "--username", "demo", "--password", PASSWORD, stdout=io.StringIO())
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill("demo")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    yield page, violations
    context.close()


def test_the_queue_and_a_region_page_fit_a_laptop_screen(live_server, signed_in, screenshots):
    page, violations = signed_in
    # The first page is the review queue, with the demo cases awaiting review.
    page.goto(live_server.url + reverse("admin:index"))
    expect(page.locator("#site-name")).to_contain_text("Relocation Advisor")
    awaiting = page.locator("#review-queue tr.queue-awaiting .queue-count")
    expect(awaiting).not_to_have_text("0")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=str(screenshots / "admin-review-queue.png"), full_page=True)
    page.locator("#review-queue tr.queue-awaiting th a").click()
    expect(page.locator("#result_list tbody tr")).not_to_have_count(0)

    # A region's page: every figure, grouped by criterion, within the screen's width.
    shenzhen = Region.objects.get(slug="shenzhen")
    url = live_server.url + reverse("admin:regions_region_change", args=[shenzhen.pk])
    page.goto(url)
    load_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
    print(f"\nShenzhen's region page loaded in the browser in {load_ms:.0f} ms")
    expect(page.locator(".criterion-figures")).to_have_count(7)
    shown = page.locator(".criterion-figures tbody tr.has_original").count()
    assert shown == shenzhen.indicator_values.count()
    page.screenshot(path=str(screenshots / "admin-region-page.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate(WIDEST)

    # A new figure's indicator is found by typing its name.
    page.locator(".criterion-figures").first.locator(".add-row a").click()
    page.locator(".criterion-figures .select2-selection").last.click()
    page.locator(".select2-search__field").fill("engineer")
    expect(page.locator(".select2-results__option").first).to_contain_text("ngineer")
    page.keyboard.press("Escape")

    # The figures' list shows value, year and source without scrolling sideways.
    page.goto(live_server.url + reverse("admin:regions_indicatorvalue_changelist"))
    for heading in ("Value", "Age", "Open"):
        expect(page.locator("#result_list thead")).to_contain_text(heading)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=str(screenshots / "admin-indicator-values.png"))

    page.goto(live_server.url + reverse("admin:regions_region_freshness"))
    expect(page.locator("#stale-values")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=str(screenshots / "admin-data-freshness.png"), full_page=True)

    page.goto(live_server.url + reverse("admin:dashboard"))
    expect(page.locator("svg#cases-by-day-chart")).to_be_visible()
    expect(page.locator("svg#wins-chart")).to_be_visible()
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.screenshot(path=str(screenshots / "admin-dashboard.png"), full_page=True)
    assert violations == []
