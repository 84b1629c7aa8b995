"""GET /healthz, what docker-compose's web health check asks from inside the container: 200 while
the database answers, 503 when it does not, and reachable over plain HTTP with any Host even when
production settings redirect to https and validate hosts (for that exact path only)."""

from __future__ import annotations

import socket

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_like(settings):
    """What DJANGO_HTTPS=true and DJANGO_ALLOWED_HOSTS=example.com set."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["example.com"]


def test_healthz_answers_ok_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response  # no session, no CSRF cookie
    # Still under the site's strict CSP and security headers.
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_healthz_answers_head_and_refuses_other_methods_without_a_csrf_failure(client):
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_healthz_answers_over_http_to_a_host_not_allowed_where_other_paths_do_not(
    client, production_like
):
    # The container's own probe: plain HTTP to 127.0.0.1, which ALLOWED_HOSTS does not list.
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}

    # Everything else keeps both protections.
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/healthz/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    assert client.get("/api/v1/vocabulary/", HTTP_HOST="127.0.0.1:8000").status_code == 400
    redirected = client.get("/", HTTP_HOST="example.com")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://example.com/"
    secure = client.get("/", HTTP_HOST="example.com", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_without_details_when_the_database_does_not_answer(client, caplog):
    # A real failed connection: the database settings point at a port nobody listens on.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    real = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port)
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(real)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert str(closed_port) not in response.content.decode()
    assert "the database did not answer" in caplog.text
    # And it recovers with the database.
    assert client.get("/healthz").status_code == 200
