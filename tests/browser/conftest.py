"""A real browser for the founder journey: Playwright driving Debian's Chromium.

Playwright cannot download its own browser on these machines, so it launches /usr/bin/chromium
(`make test` installs it with apt-get when it is missing). Screenshots go to
test-output/screenshots/ for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser(monkeypatch) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"the browser tests need Chromium at {CHROMIUM}: run them with `make test`, "
            "which installs it (apt-get install -y chromium)"
        )
    # Playwright's synchronous API runs an event loop in this thread; the test's own database
    # reads (never concurrent with it) would otherwise be refused as "async unsafe".
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            # Inside Playwright's context Django hands out a separate database connection (it
            # sees a running event loop); close it here, or the test database cannot be dropped.
            connections.close_all()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
