"""In a real browser, no page breaks the Content-Security-Policy while it runs: the founder pages
(form, errors, the case page waiting, failed and done, what-if, Chinese), the advisors' admin
(signed in through the login form) and the API documentation as Swagger UI renders it.

Violations are caught twice: the `securitypolicyviolation` events the page fires (listened to by a
Playwright init script, which the policy does not apply to) and Chromium's console messages.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisor.models import Case
from advisor.services.cases import case_submit
from advisor.services.lifecycle import cases_mark_failed
from advisor.services.reviews import case_override
from advisor.services.scoring import case_score
from regions.models import Region
from tests.advisor.conftest import founder_profile
from tests.browser.conftest import DESKTOP

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple-42"
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Watch:
    """Every policy violation a page reports, by the address it happened at."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.found: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url}: console: {message.text}")

    def collect(self) -> list[str]:
        events = self.page.evaluate("window.__cspViolations || []")
        self.found.extend(f"{self.page.url}: {event}" for event in events)
        self.page.evaluate("window.__cspViolations = []")
        return self.found


def test_the_watch_sees_a_violation_when_there_is_one(live_server, browser):
    page = browser.new_context().new_page()
    watch = Watch(page)
    page.goto(live_server.url + "/")
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'),"
        " {textContent: 'window.ran = true'}))"
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.ran === undefined")
    assert any("script-src" in found for found in watch.collect())


def test_no_page_breaks_the_policy_in_a_real_browser(live_server, browser):
    call_command("load_regions", stdout=io.StringIO())
    # A superuser: the Advisor group comes from a data migration, which transactional tests flush.
    advisor = get_user_model().objects.create_superuser("ada", "ada@example.com", PASSWORD)
    done = case_score(
        case_id=case_submit(startup_name="Done Robotics", profile=founder_profile()).id
    )
    case_override(
        case_id=done.id,
        region=done.result["ranking"][1]["region"],
        reason="Their team is already there.",
        by=advisor,
    )
    queued = case_submit(startup_name="Queued Robotics", profile=founder_profile())
    failed = case_submit(startup_name="Failed Robotics", profile=founder_profile())
    cases_mark_failed(case_ids=[failed.id], reason="The worker could not reach the database.")
    region = Region.objects.order_by("slug").first()

    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    watch = Watch(page)
    url = live_server.url

    # The founder: the landing page, the form sent back with errors, the case page in each state.
    page.goto(url + "/")
    page.get_by_label("Mainland China").fill("100")
    page.get_by_role("button", name="Get my recommendation").click()
    expect(page.locator("#error-summary")).to_be_visible()
    page.goto(url + reverse("advisor:case", args=[queued.id]))
    expect(page.locator("#case-status")).to_be_visible()
    page.wait_for_timeout(1500)  # the page polls its status once or twice
    page.goto(url + reverse("advisor:case", args=[failed.id]))
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    page.goto(url + reverse("advisor:case", args=[done.id]))
    expect(page.locator("#criteria-chart")).to_be_visible()
    page.locator("#id_weight_cost").fill("3")  # the what-if ranking is fetched and swapped in
    expect(page.locator("#what-if-ranking")).to_be_visible()
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    page.get_by_role("button", name="English").click()

    # The advisor, signed in through the login form (the lockout's backend and all).
    page.goto(url + reverse("admin:login"))
    page.locator("#id_username").fill("ada")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text("ada")
    for address in (
        reverse("admin:advisor_case_changelist") + "?q=Robotics",
        reverse("admin:advisor_case_change", args=[done.pk]),
        reverse("admin:advisor_case_override", args=[done.pk]),
        reverse("admin:advisor_case_history", args=[done.pk]),
        reverse("admin:regions_region_change", args=[region.pk]),
    ):
        page.goto(url + address)
        expect(page.locator("#content")).to_be_visible()
    page.goto(url + reverse("admin:advisor_case_changelist"))
    page.locator("#action-toggle").check()  # the admin's own scripts run
    expect(page.locator(".action-counter")).to_contain_text("selected")

    # The partners' documentation, rendered by Swagger UI.
    page.goto(url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Relocation Advisor")
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()

    violations = watch.collect()
    context.close()
    assert violations == []
    assert Case.objects.get(id=done.id).review_state == Case.ReviewState.OVERRIDDEN
