"""An advisor writes to the founder in a real browser: the form on the case page, sent through
Redis and a real worker to a real SMTP server, and the message listed as sent; the page fits a
1280-pixel screen; the internal note form beside it works as well.
Screenshot: test-output/screenshots/admin-founder-messages.png."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from advisor.models import Case
from tests.advisor.admin_support import PASSWORD, advisor_fixture, scored_case  # noqa: F401
from tests.browser.conftest import DESKTOP
from tests.smtp import body_of, start_smtp_server
from tests.worker import start_worker_process

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PORT = 16663  # not the other SMTP tests' ports


def test_an_advisor_writes_to_the_founder_in_the_browser_and_sees_it_sent(
    request, live_server, browser, screenshots, advisor, region_data, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    controller, inbox = start_smtp_server(port=PORT)
    worker = start_worker_process(
        name=request.node.name,
        extra_env={"EMAIL_URL": f"smtp://127.0.0.1:{PORT}", "SITE_URL": live_server.url},
    )
    try:
        case = scored_case("Browser Robotics")
        Case.objects.filter(pk=case.pk).update(founder_email="ada@example.com")
        page = browser.new_context(viewport=DESKTOP).new_page()
        page.goto(live_server.url + reverse("admin:login"))
        page.locator("#id_username").fill(advisor.username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("input[type=submit]").click()
        page.goto(live_server.url + reverse("admin:advisor_case_change", args=[case.pk]))

        # Its own form, not one nested in the case's change form (which the browser would drop).
        expect(page.locator("#case_form #founder-message-form")).to_have_count(0)
        form = page.locator("#founder-message-form")
        form.get_by_label("Subject").fill("Your visit to Shenzhen")
        form.get_by_label("Message").fill("Shall we plan the factory visits for March?")
        form.get_by_role("button", name="Send to the founder").click()
        expect(page.locator(".messagelist")).to_contain_text("Message to ada@example.com saved")

        [email] = inbox.wait_for(1)
        assert email["Subject"] == "Your visit to Shenzhen"
        assert f"{live_server.url}/cases/{case.pk}/" in body_of(email)
        deadline = time.monotonic() + 30
        status = page.locator("#founder-message-list .founder-message-status strong")
        while time.monotonic() < deadline and status.first.inner_text() != "Sent":
            time.sleep(0.5)
            page.reload()
        expect(status.first).to_have_text("Sent")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.locator("#founder-messages").screenshot(
            path=str(screenshots / "admin-founder-messages.png")
        )

        # The internal note beside it is a form of its own too.
        page.locator("#id_note_text").fill("Founder replied by phone: March works.")
        page.get_by_role("button", name="Add note").click()
        expect(page.locator(".messagelist")).to_contain_text("Note added.")
        expect(page.locator("#case-notes")).to_contain_text("March works.")
    finally:
        worker.stop()
        controller.stop()
