"""Where a partner's webhooks may go: never to our own network (server-side request forgery).

Two checks, because a URL is only words until it is resolved:
- when a partner gives a URL (callback_url, the partner's default), it must be http(s), carry no
  credentials, and not name a private, loopback, link-local, multicast, reserved or unspecified
  address literally. Host names are not resolved there: that is slow, and the answer changes.
- when a webhook is delivered, the host is resolved once, refused if ANY address is not public,
  and the connection goes to that vetted address (the Host header and TLS name stay the URL's
  host), so a second resolution (DNS rebinding) cannot swap in an internal address.

WEBHOOK_ALLOW_PRIVATE_ADDRESSES turns the address checks off, for the test suite's local receiver
and a developer's; the scheme and credential checks stay.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from advisor.errors import DomainError

SCHEMES = ("http", "https")
MAX_URL_LENGTH = 500
DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class WebhookTargetRefused(Exception):
    """The URL may not be called, now or later: a permanent failure, not one to retry."""


class WebhookTargetUnresolved(Exception):
    """The host name did not resolve (no such name, or DNS failing): worth another try later."""


@dataclass(frozen=True)
class WebhookTarget:
    """Where to connect (the URL with its host replaced by the vetted address) and the names the
    request must still carry: the Host header, and for https the TLS server name (SNI), which
    is also the name the certificate is checked against."""

    url: httpx.URL
    host_header: str
    sni_hostname: str | None


def address_is_public(address: IPAddress) -> bool:
    """True for an address on the public internet. An IPv4 address written as IPv6
    (::ffff:127.0.0.1) or inside a 6to4 one (2002:7f00:1::) is judged as that IPv4 address;
    multicast counts as not public even where Python calls it global (224.0.0.1, ff0e::1)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address_is_public(address.ipv4_mapped)
        if address.sixtofour is not None and not address_is_public(address.sixtofour):
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved)


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def webhook_url_problem(url: str) -> str | None:
    """What makes `url` unacceptable as a webhook target without resolving it, or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "the URL must be an http:// or https:// URL"
    if parts.scheme.lower() not in SCHEMES:
        return "the URL must be an http:// or https:// URL"
    if "@" in parts.netloc:
        return "the URL must not contain a user name or password"
    address = _literal_address(host)
    if settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES or address is None or address_is_public(address):
        return None
    return (
        f"the URL names {address}, which is not a public internet address; webhooks are only "
        "sent to public addresses"
    )


def validate_webhook_target(value: str) -> None:
    """Model-field validator (the field's own URLValidator checks the form of the URL)."""
    problem = webhook_url_problem(value)
    if problem:
        # Not code="invalid": a model form would swap in its generic "Enter a valid URL.".
        raise ValidationError(problem[0].upper() + problem[1:] + ".", code="webhook_target")


_validate_url = URLValidator(schemes=list(SCHEMES))


def validate_webhook_url(value: str) -> None:
    """The whole check of a webhook URL a partner gives: a well-formed http(s) URL, then
    validate_webhook_target."""
    _validate_url(value)
    validate_webhook_target(value)


def callback_url_clean(value: Any, *, name: str = "callback_url") -> str:
    """A webhook URL as a partner sends it in a request (a case's callback_url, a bulk default);
    "" for none. Raises DomainError naming what is wrong."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise DomainError.of(name, "the callback URL must be a string")
    if len(value) > MAX_URL_LENGTH:
        raise DomainError.of(name, f"the callback URL must be at most {MAX_URL_LENGTH} characters")
    try:
        if any(ord(character) < 32 for character in value):
            raise ValidationError("control character")
        validate_webhook_url(value)
    except ValidationError:
        # Say what is wrong with a well-formed URL (credentials, a private address), else the
        # general rule.
        problem = webhook_url_problem(value) or "the URL must be an http:// or https:// URL"
        raise DomainError.of(name, problem.replace("the URL", "the callback URL", 1)) from None
    return value


def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to, in the resolver's order (an IP literal resolves to
    itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise WebhookTargetUnresolved(f"{host} did not resolve: {error}") from None
    addresses: list[IPAddress] = []
    for *_, sockaddr in found:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise WebhookTargetUnresolved(f"{host} resolved to no address")
    return addresses


def webhook_target(url: str) -> WebhookTarget:
    """Resolve the URL's host once and vet every address; raises WebhookTargetRefused (never
    to be called) or WebhookTargetUnresolved (try again later)."""
    problem = webhook_url_problem(url)
    if problem:
        raise WebhookTargetRefused(problem)
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise WebhookTargetRefused(f"the URL is not valid: {error}") from None
    host = parsed.raw_host.decode("ascii")  # IDNA-encoded; IPv6 without brackets
    if not host:
        raise WebhookTargetRefused("the URL has no host")
    port = parsed.port or DEFAULT_PORTS[parsed.scheme]
    addresses = _resolve(host, port)
    if not settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        private = [address for address in addresses if not address_is_public(address)]
        if private:
            raise WebhookTargetRefused(
                f"{host} resolves to {private[0]}, which is not a public internet address"
            )
    literal = _literal_address(host) is not None
    return WebhookTarget(
        url=parsed.copy_with(host=str(addresses[0])),
        host_header=parsed.netloc.decode("ascii"),
        sni_hostname=host if parsed.scheme == "https" and not literal else None,
    )
