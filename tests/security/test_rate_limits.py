"""Founder pages have a request budget per client address (advisor/web/ratelimits.py): past it the
answer is 429 with Retry-After and a page that keeps what the founder typed. Counters live in the
real cache (Redis); each test uses addresses of its own so that no two tests share a counter."""

from __future__ import annotations

import random
import socket

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from advisor.models import Case
from advisor.platform.client_ip import client_ip
from advisor.services.cases import case_submit
from advisor.services.lifecycle import cases_mark_failed
from tests.advisor.admin_support import scored_case
from tests.advisor.conftest import founder_profile

pytestmark = pytest.mark.django_db


def new_address() -> str:
    """A fresh address from the benchmarking range (198.18.0.0/15), never a real client."""
    return f"198.{random.randint(18, 19)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def founder(address: str | None = None, **headers) -> Client:
    return Client(REMOTE_ADDR=address or new_address(), **headers)


def form(name: str = "Acme Robotics") -> dict[str, str]:
    return {
        "startup_name": name,
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "market_CN": "80",
        "market_US": "20",
        "current_location": "Columbus, Ohio",
    }


def test_past_the_submit_budget_the_form_comes_back_with_429_and_nothing_typed_is_lost(
    handmade_region_data, settings
):
    settings.FOUNDER_SUBMIT_RATE = "3/10m"
    client = founder()
    assert [client.post("/", form(f"Startup {n}")).status_code for n in range(3)] == [302] * 3

    refused = client.post("/", form("Fourth Robotics"))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 600
    page = refused.content.decode()
    assert "Please try again in" in page and "nothing you entered is lost" in page
    assert 'value="Fourth Robotics"' in page and 'value="Columbus, Ohio"' in page
    assert 'value="80"' in page and 'value="20"' in page
    assert Case.objects.count() == 3
    # Reading the page is never limited.
    assert client.get("/").status_code == 200


def test_another_address_keeps_its_own_budget(handmade_region_data, settings):
    settings.FOUNDER_SUBMIT_RATE = "1/10m"
    first = founder()
    assert first.post("/", form()).status_code == 302
    assert first.post("/", form()).status_code == 429
    assert founder().post("/", form()).status_code == 302
    assert Case.objects.count() == 2


def test_invalid_submissions_count_too(handmade_region_data, settings):
    settings.FOUNDER_SUBMIT_RATE = "2/10m"
    client = founder()
    assert client.post("/", {**form(), "market_US": "10"}).status_code == 200  # shares: 90
    assert client.post("/", {**form(), "market_US": "10"}).status_code == 200
    assert client.post("/", form()).status_code == 429
    assert not Case.objects.exists()


def test_the_retry_button_shares_the_submit_budget(handmade_region_data, settings):
    settings.FOUNDER_SUBMIT_RATE = "2/10m"
    client = founder()
    assert client.post("/", form()).status_code == 302
    failed = case_submit(startup_name="Failed Robotics", profile=founder_profile())
    cases_mark_failed(case_ids=[failed.id], reason="The worker was lost.")
    retry = reverse("advisor:case-retry", args=[failed.id])

    assert client.post(retry).status_code == 302
    assert Case.objects.get(id=failed.id).status == Case.Status.QUEUED
    cases_mark_failed(case_ids=[failed.id], reason="Lost again.")

    refused = client.post(retry)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    page = refused.content.decode()
    assert "Please try again in" in page
    assert reverse("advisor:case", args=[failed.id]) in page  # a way back to the report
    assert Case.objects.get(id=failed.id).status == Case.Status.FAILED
    assert founder().post(retry).status_code == 302


def test_what_if_rankings_have_their_own_budget_and_the_report_stays_readable(
    handmade_region_data, settings
):
    settings.FOUNDER_WHAT_IF_RATE = "2/10m"
    case = scored_case()
    client = founder()
    fragment = reverse("advisor:case-what-if", args=[case.id])
    page = reverse("advisor:case", args=[case.id])
    assert client.get(fragment, {"weight_cost": "2"}).status_code == 200
    assert client.get(page, {"weight_cost": "3"}).status_code == 200

    refused = client.get(fragment, {"weight_cost": "4"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "Please try again in" in refused.content.decode()
    assert 'id="what-if-ranking"' not in refused.content.decode()
    whole = client.get(page, {"weight_cost": "4"})
    assert whole.status_code == 429
    assert 'id="ranking"' in whole.content.decode()  # the stored report is still shown
    # Without what-if weights the page is not counted (the waiting page polls it).
    assert client.get(page).status_code == 200
    assert client.get(reverse("advisor:case-status", args=[case.id])).status_code == 200
    # Submitting is a budget of its own.
    assert client.post("/", form()).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(handmade_region_data, settings):
    settings.FOUNDER_SUBMIT_RATE = "1/10m"
    settings.TRUSTED_PROXY_COUNT = 0
    address = new_address()
    assert founder(address, HTTP_X_FORWARDED_FOR=new_address()).post("/", form()).status_code == 302
    again = founder(address, HTTP_X_FORWARDED_FOR=new_address()).post("/", form())
    assert again.status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_budget(handmade_region_data, settings):
    settings.FOUNDER_SUBMIT_RATE = "1/10m"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = new_address()
    alice, bob = new_address(), new_address()
    assert founder(proxy, HTTP_X_FORWARDED_FOR=alice).post("/", form()).status_code == 302
    assert founder(proxy, HTTP_X_FORWARDED_FOR=bob).post("/", form()).status_code == 302
    # Alice cannot pose as someone else by writing an address of her own in front.
    forged = f"{new_address()}, {alice}"
    assert founder(proxy, HTTP_X_FORWARDED_FOR=forged).post("/", form()).status_code == 429


def test_the_client_address_believes_only_the_proxies_it_is_told_of(settings):
    factory = RequestFactory()

    def ip(forwarded: str | None, proxies: int, remote: str = "10.0.0.1") -> str:
        headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        settings.TRUSTED_PROXY_COUNT = proxies
        return client_ip(factory.get("/", REMOTE_ADDR=remote, **headers))

    assert ip("203.0.113.7", 0) == "10.0.0.1"
    assert ip(None, 1) == "10.0.0.1"
    assert ip("203.0.113.7", 1) == "203.0.113.7"
    assert ip("1.2.3.4, 203.0.113.7", 1) == "203.0.113.7"
    assert ip("1.2.3.4, 203.0.113.7, 10.0.0.9", 2) == "203.0.113.7"
    assert ip("203.0.113.7", 2) == "203.0.113.7"  # fewer hops than proxies: the first
    assert ip("not-an-address", 1) == "10.0.0.1"
    assert ip("2001:db8::1", 1) == "2001:db8::1"


def test_founders_are_served_when_the_cache_is_down(handmade_region_data, settings):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.FOUNDER_SUBMIT_RATE = "1/10m"
    client = founder()
    assert [client.post("/", form()).status_code for _ in range(2)] == [302, 302]


def test_the_message_is_in_the_founders_language(handmade_region_data, settings):
    settings.FOUNDER_SUBMIT_RATE = "1/10m"
    client = founder()
    client.cookies["django_language"] = "zh-hans"
    assert client.post("/", form()).status_code == 302
    refused = client.post("/", form())
    assert refused.status_code == 429
    assert "您填写的内容都还在" in refused.content.decode()
