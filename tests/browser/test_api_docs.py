"""The partners' interactive documentation in a real browser: Swagger UI renders every operation
from the project's own assets (no request leaves the site), and a partner can authorise with a
key and try a call from the page.

A screenshot is saved under test-output/screenshots/.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from advisor.partners.services.keys import partner_create, partner_key_create
from tests.api.test_schema import OPERATIONS
from tests.api.test_schema_document import BATCH_OPERATIONS, MATCH_OPERATIONS
from tests.browser.conftest import DESKTOP

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_every_operation_from_local_assets_and_try_a_call(
    live_server, browser, screenshots
):
    call_command("load_regions", stdout=io.StringIO())
    _, key = partner_key_create(partner=partner_create(name="Acme Ventures"), name="docs")

    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(live_server.url + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Relocation Advisor")
    operations = page.locator(".opblock")
    documented = OPERATIONS | BATCH_OPERATIONS | MATCH_OPERATIONS
    expect(operations).to_have_count(len(documented))
    shown = {
        (
            block.locator(".opblock-summary-method").inner_text().lower(),
            block.locator(".opblock-summary-path").get_attribute("data-path"),
        )
        for block in operations.all()
    }
    assert shown == documented

    # Authorise as a partner does, then try GET /api/v1/vocabulary/ from the page.
    page.get_by_role("button", name="Authorize").first.click()
    dialog = page.locator(".modal-ux")
    dialog.locator("input").first.fill(f"Api-Key {key}")
    dialog.locator("button.authorize").click()
    dialog.locator("button.btn-done").click()
    vocabulary = page.locator("#operations-Vocabulary-vocabulary_retrieve")
    vocabulary.locator(".opblock-summary").click()
    vocabulary.get_by_role("button", name="Try it out").click()
    vocabulary.get_by_role("button", name="Execute").click()
    live = vocabulary.locator(".live-responses-table .response .response-col_status")
    expect(live.first).to_have_text("200", timeout=15_000)
    expect(vocabulary.locator(".live-responses-table .microlight").first).to_contain_text(
        "Mainland China"
    )
    page.screenshot(path=str(screenshots / "api-docs.png"), full_page=False)
    context.close()

    assert requested, "the page made no requests at all"
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []
    assert failed == [] and errors == []
