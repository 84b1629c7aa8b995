"""The advisors' workspace in a real browser, signed in as the demo advisor `make run` creates (an
Advisor, not a superuser): the case list fits the screen, the case page shows its scores, and an
override made through the form is what the founder's page and the partner API then show.

Screenshots of the list, a case page and the override form are saved under
test-output/screenshots/.
"""

from __future__ import annotations

import io
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from advisor.models import Case
from advisor.partners.models import PartnerCase
from advisor.partners.services.keys import partner_create, partner_key_create
from advisor.partners.services.submissions import partner_case_submit
from advisor.services.scoring import case_score
from tests.api.conftest import case_body
from tests.browser.conftest import DESKTOP
from tests.permissions import permissions_ensure

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# The Advisor group comes from a data migration, which an earlier transactional test's flush
# removes (the permissions themselves come back after a flush); this sets it up as the migration
# does.
GROUP_MIGRATION = import_module("advisor.migrations.0005_advisor_group_history")


@pytest.fixture
def advisor_group(transactional_db) -> None:
    permissions_ensure()
    GROUP_MIGRATION._set_permissions(django_apps, GROUP_MIGRATION.ADVISOR_PERMISSIONS)


PASSWORD = "correct-horse-battery-staple-42"
LAPTOP = {"width": 1280, "height": 800}


def test_the_demo_advisor_reviews_a_partners_case_in_the_browser(
    live_server, browser, screenshots, advisor_group
):
    call_command("load_regions", stdout=io.StringIO())
    call_command("demo_advisor", "--username", "demo", "--password", PASSWORD, stdout=io.StringIO())
    partner = partner_create(name="Acme Ventures")
    _, key = partner_key_create(partner=partner, name="browser")
    # Shared, so that the founder's page shows it (a partner's case is 404 there otherwise).
    link = partner_case_submit(
        partner=partner, data=case_body(startup_name="Ohio Robotics", share_link=True)
    ).link
    case = case_score(case_id=link.case_id)

    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.locator("#id_username").fill("demo")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()

    # The list: every column visible on a laptop screen, no sideways scrolling.
    page.goto(live_server.url + reverse("admin:advisor_case_changelist"))
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(Case.objects.count())
    results = page.locator(".results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth")
    expect(page.locator("#result_list thead")).to_contain_text("Created")
    page.screenshot(path=str(screenshots / "admin-case-list.png"))

    # The case page: review line with robustness, the chart and the score table.
    page.locator("#searchbar").fill("Ohio")
    page.locator("#searchbar").press("Enter")
    page.get_by_role("link", name="Ohio Robotics").click()
    expect(page.locator("#case-robustness")).to_contain_text("%")
    expect(page.locator("#case-chart svg")).to_be_visible()
    expect(page.locator("#case-scores tbody tr")).to_have_count(len(case.result["ranking"]))
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(screenshots / "admin-case-page.png"), full_page=True)

    # The override form: nothing preselected, a reason required, then the decision recorded.
    page.get_by_role("link", name="Override…").click()
    region = page.locator("#id_region")
    expect(region).to_have_value("")
    page.get_by_role("button", name="Override").click()
    expect(page.locator(".errornote")).to_be_visible()
    runner_up = case.result["ranking"][1]["region"]
    region.select_option(runner_up)
    page.locator("#id_reason").fill("Their pilot customer is there.")
    page.screenshot(path=str(screenshots / "admin-override-form.png"))
    page.get_by_role("button", name="Override").click()
    expect(page.locator(".messagelist")).to_contain_text("Recommendation overridden.")
    expect(page.locator("#case-review")).to_contain_text("Overridden")

    # The founder's page and the partner API both show the advisor's decision.
    page.goto(live_server.url + reverse("advisor:case", args=[case.id]))
    expect(page.locator("#review")).to_contain_text("Their pilot customer is there.")
    answer = context.request.get(
        f"{live_server.url}/api/v1/cases/{case.id}/",
        headers={"Authorization": f"Api-Key {key}"},
    )
    assert answer.status == 200
    review = answer.json()["review"]
    assert (review["decision"], review["region"]) == ("overridden", runner_up)
    context.close()

    stored = Case.objects.get(id=case.id)
    assert stored.reviewed_by.username == "demo"
    assert PartnerCase.objects.get(case=stored).partner == partner
