"""Webhooks cannot be pointed at our own network (server-side request forgery): private, loopback,
link-local and other non-public addresses are refused when a partner gives a URL, names that
resolve to them are refused when a webhook is delivered, the connection goes to the address that
was checked, and redirects are not followed. WEBHOOK_ALLOW_PRIVATE_ADDRESSES is False here, as
in production."""

from __future__ import annotations

import io
import ipaddress
import socket
import ssl
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from advisor.models import Case
from advisor.partners.models import Partner, PartnerCase, WebhookDelivery, WebhookMessage
from advisor.partners.webhooks.addresses import address_is_public
from advisor.partners.webhooks.delivery import EXCERPT_BYTES, webhook_deliver
from tests.api.conftest import case_body
from tests.api.receiver import running_receiver
from tests.api.test_webhooks import finished_case

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"
INTERNAL_URLS = [
    "http://127.0.0.1/hook",
    "http://127.0.0.1:6379/",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/",
    "http://10.0.0.5/",
    "http://192.168.1.1/hook",
    "http://172.16.0.1/hook",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/latest/meta-data",  # 169.254.169.254 written as IPv6
    "http://0.0.0.0:8000/",
    "http://[::]/",
    "http://[fc00::1]/",
    "http://[fe80::1]/",
    "http://224.0.0.1/",
    "http://100.64.0.1/",  # carrier-grade NAT
    "https://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
]


@pytest.fixture(autouse=True)
def production_rule(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False


@pytest.fixture
def queued_deliveries():
    with mock.patch("advisor.partners.tasks.deliver_webhook.apply_async"):
        yield


@pytest.fixture
def resolver(monkeypatch):
    """Names under .partner.test resolve to what the test says (there is no such DNS); every
    other name resolves for real. Records each name looked up."""
    real = socket.getaddrinfo
    answers: dict[str, list[str]] = {}
    looked_up: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        looked_up.append(host)
        if host in answers:
            return [
                (
                    socket.AF_INET6 if ":" in address else socket.AF_INET,
                    socket.SOCK_STREAM,
                    socket.IPPROTO_TCP,
                    "",
                    (address, port),
                )
                for address in answers[host]
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, looked_up


def deliver_one(api, django_capture_on_commit_callbacks, url: str) -> WebhookMessage:
    finished_case(api, django_capture_on_commit_callbacks, callback_url=url)
    message = WebhookMessage.objects.get()
    webhook_deliver(message_id=message.id)
    message.refresh_from_db()
    return message


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_a_callback_url_naming_an_internal_address_is_a_400_on_that_field(api, url):
    response = api.post(CASES, case_body(callback_url=url), format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert error["field"] == "callback_url"
    assert "not a public internet address" in error["detail"]
    assert not Case.objects.exists()


@pytest.mark.parametrize("url", INTERNAL_URLS[:5])
def test_a_bulk_batchs_callback_url_naming_an_internal_address_is_a_400(api, region_data, url):
    response = api.post(
        f"{CASES}bulk/", {"cases": [case_body()], "callback_url": url}, format="json"
    )
    assert response.status_code == 400, response.content
    assert "callback_url" in [error["field"] for error in response.json()["errors"]]
    assert not Case.objects.exists()


def test_a_callback_url_with_credentials_is_a_400(api):
    response = api.post(
        CASES, case_body(callback_url="https://user:secret@partner.example/hook"), format="json"
    )
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error == {
        "field": "callback_url",
        "detail": "the callback URL must not contain a user name or password",
    }


def test_a_callback_url_with_a_public_address_or_a_name_is_accepted_without_resolving_it(
    api, region_data, resolver
):
    _, looked_up = resolver
    for url in ("https://hooks.partner.test/advisor", "http://93.184.216.34:8080/hook"):
        response = api.post(CASES, case_body(callback_url=url), format="json")
        assert response.status_code == 202, response.content
    assert sorted(PartnerCase.objects.values_list("callback_url", flat=True)) == [
        "http://93.184.216.34:8080/hook",
        "https://hooks.partner.test/advisor",
    ]
    assert looked_up == []  # DNS is consulted at delivery, not here


def test_create_partner_refuses_an_internal_default_webhook_url(db):
    with pytest.raises(CommandError, match="not a public internet address"):
        call_command(
            "create_partner",
            "Metadata Snoopers",
            "--webhook-url",
            "http://169.254.169.254/latest/meta-data",
            stdout=io.StringIO(),
        )
    assert not Partner.objects.exists()


def test_the_admin_refuses_an_internal_default_webhook_url(admin_client):
    response = admin_client.post(
        reverse("admin:partners_partner_add"),
        {
            "name": "Loopback Labs",
            "is_active": "on",
            "webhook_url": "http://[::1]:8000/admin/",
            "throttle_rate": "",
            "api_keys-TOTAL_FORMS": "0",
            "api_keys-INITIAL_FORMS": "0",
            "api_keys-MIN_NUM_FORMS": "0",
            "api_keys-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert "not a public internet address" in str(response.context["adminform"].form.errors)
    assert not Partner.objects.filter(name="Loopback Labs").exists()


def test_a_name_that_resolves_to_loopback_is_accepted_but_refused_at_delivery_for_good(
    api, acme, region_data, queued_deliveries, django_capture_on_commit_callbacks
):
    with running_receiver([acme.partner.webhook_secret]) as receiver:
        port = receiver.url.split(":")[2].split("/")[0]
        message = deliver_one(
            api, django_capture_on_commit_callbacks, f"http://localhost:{port}/hooks/advisor"
        )
        assert receiver.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status_code is None
    assert delivery.error.startswith("Refused: localhost resolves to ")
    assert "not a public internet address" in delivery.error
    # Permanent: failed at once, no retry scheduled, and a second task does nothing.
    assert (message.status, message.attempts, message.next_attempt_at) == (
        WebhookMessage.Status.FAILED,
        1,
        None,
    )
    assert message.last_error == delivery.error
    assert webhook_deliver(message_id=message.id) is None
    assert WebhookDelivery.objects.count() == 1


def test_a_name_with_any_internal_address_among_its_answers_is_refused(
    api, acme, region_data, resolver, queued_deliveries, django_capture_on_commit_callbacks
):
    answers, _ = resolver
    answers["mixed.partner.test"] = ["93.184.216.34", "10.0.0.5"]
    message = deliver_one(
        api, django_capture_on_commit_callbacks, "https://mixed.partner.test/hook"
    )
    assert message.status == WebhookMessage.Status.FAILED
    assert message.last_error == (
        "Refused: mixed.partner.test resolves to 10.0.0.5, which is not a public internet address"
    )


def test_a_url_stored_before_the_rule_is_refused_at_delivery(acme):
    message = WebhookMessage.objects.create(
        partner=acme.partner,
        event_type="case.done",
        url="http://169.254.169.254/latest/meta-data",
        body="{}",
    )
    assert webhook_deliver(message_id=message.id) is None
    message.refresh_from_db()
    assert message.status == WebhookMessage.Status.FAILED
    assert message.last_error.startswith("Refused: the URL names 169.254.169.254")


def test_an_unresolvable_name_is_retried_not_refused(
    api, acme, region_data, resolver, queued_deliveries, django_capture_on_commit_callbacks
):
    message = deliver_one(
        api, django_capture_on_commit_callbacks, "https://no-such-host.invalid/hook"
    )
    assert message.status == WebhookMessage.Status.PENDING
    assert message.last_error.startswith("Unresolved: no-such-host.invalid did not resolve")


def test_delivery_connects_to_the_address_it_checked_and_never_resolves_the_name_again(
    api,
    acme,
    region_data,
    settings,
    resolver,
    queued_deliveries,
    django_capture_on_commit_callbacks,
):
    # The only way to reach the receiver is the address our check resolved: the name exists
    # nowhere else, so if the HTTP client resolved it again the delivery would fail.
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the receiver is on 127.0.0.1
    answers, looked_up = resolver
    answers["hooks.partner.test"] = ["127.0.0.1"]
    with running_receiver([acme.partner.webhook_secret]) as receiver:
        port = receiver.url.split(":")[2].split("/")[0]
        message = deliver_one(
            api, django_capture_on_commit_callbacks, f"http://hooks.partner.test:{port}/hook"
        )
        (received,) = receiver.wait_for(1)
    assert message.status == WebhookMessage.Status.DELIVERED
    assert received.headers["host"] == f"hooks.partner.test:{port}"
    assert received.verified_with == [acme.partner.webhook_secret]
    assert looked_up.count("hooks.partner.test") == 1


def test_https_delivery_to_a_checked_address_names_the_host_for_tls(
    api,
    acme,
    region_data,
    settings,
    resolver,
    queued_deliveries,
    django_capture_on_commit_callbacks,
):
    # A plain-HTTP server where TLS is expected: the handshake fails, but only after the client
    # sent the URL's host as the TLS server name to the vetted address.
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    answers, looked_up = resolver
    answers["tls.partner.test"] = ["127.0.0.1"]
    sent = {}
    real_wrap = ssl.SSLContext.wrap_socket

    def wrap_socket(self, sock, *args, server_hostname=None, **kwargs):
        sent["server_hostname"] = server_hostname
        sent["peer"] = sock.getpeername()[0]
        return real_wrap(self, sock, *args, server_hostname=server_hostname, **kwargs)

    with (
        running_receiver([acme.partner.webhook_secret]) as receiver,
        mock.patch("ssl.SSLContext.wrap_socket", wrap_socket),
    ):
        port = receiver.url.split(":")[2].split("/")[0]
        message = deliver_one(
            api, django_capture_on_commit_callbacks, f"https://tls.partner.test:{port}/hook"
        )
    assert sent == {"server_hostname": "tls.partner.test", "peer": "127.0.0.1"}
    assert message.status == WebhookMessage.Status.PENDING  # a TLS failure is retried
    assert "ConnectError" in message.last_error
    assert looked_up.count("tls.partner.test") == 1


def test_a_redirect_is_not_followed(
    api, acme, region_data, settings, queued_deliveries, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # both receivers are on 127.0.0.1
    with (
        running_receiver([acme.partner.webhook_secret]) as internal,
        running_receiver(
            [acme.partner.webhook_secret], answers=[302], location=internal.url
        ) as partner,
    ):
        message = deliver_one(api, django_capture_on_commit_callbacks, partner.url)
        partner.wait_for(1)
    assert internal.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status_code == 302
    assert message.status == WebhookMessage.Status.PENDING  # a non-2xx answer, retried later


def test_only_the_first_bytes_of_a_long_answer_are_read_and_kept(
    api, acme, region_data, settings, queued_deliveries, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    with running_receiver([acme.partner.webhook_secret], reply=b"x" * 5_000_000) as receiver:
        message = deliver_one(api, django_capture_on_commit_callbacks, receiver.url)
    assert message.status == WebhookMessage.Status.DELIVERED
    assert WebhookDelivery.objects.get().response_excerpt == "x" * EXCERPT_BYTES


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
        ("::ffff:93.184.216.34", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.31.255.255", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("255.255.255.255", False),
        ("224.0.0.251", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("fc00::1", False),
        ("fd12:3456::1", False),
        ("fe80::1", False),
        ("ff0e::1", False),
        ("2002:7f00:1::", False),
        ("2002:5db8:d822::", True),  # 6to4 wrapping 93.184.216.34
    ],
)
def test_only_public_internet_addresses_count_as_public(address, public):
    assert address_is_public(ipaddress.ip_address(address)) is public
