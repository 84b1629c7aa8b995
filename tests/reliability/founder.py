"""A founder's browser, over HTTP against a web server the test started."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import httpx


@dataclass
class Submission:
    case_id: str
    case_url: str
    seconds: float  # how long the form POST took


def submit_form(browser: httpx.Client, startup_name: str) -> Submission:
    form = browser.get("/")
    assert form.status_code == 200, form.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    started = time.monotonic()
    response = browser.post(
        "/",
        data={
            "csrfmiddlewaretoken": token,
            "startup_name": startup_name,
            "sector": "robotics",
            "stage": "seed",
            "customer_type": "manufacturers",
            "market_CN": "80",
            "market_US": "20",
        },
    )
    seconds = time.monotonic() - started
    assert response.status_code == 302, response.text
    case_url = response.headers["location"]
    case_id = re.fullmatch(r"/cases/([0-9a-f-]{36})/", case_url).group(1)
    return Submission(case_id=case_id, case_url=case_url, seconds=seconds)
