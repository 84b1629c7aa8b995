"""docker-compose.yml is for users' machines (no Docker engine here), so it is checked statically."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SETTINGS_VARIABLES = set(
    re.findall(r'env\.\w+\(\s*"([A-Z0-9_]+)"', (ROOT / "config" / "settings.py").read_text())
)


def test_it_describes_web_worker_beat_redis_and_postgres_each_with_a_health_check():
    assert {"web", "worker", "beat", "redis", "postgres"} <= set(SERVICES)
    for name in ("web", "worker", "beat", "redis", "postgres"):
        assert SERVICES[name].get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_the_web_health_check_asks_healthz_which_answers_over_http_to_any_host():
    # "/" would be redirected to https and refused for the Host 127.0.0.1 in production;
    # /healthz is exempt from both (advisor/platform/health.py, tests/test_health.py).
    (check,) = [part for part in SERVICES["web"]["healthcheck"]["test"] if "urlopen" in part]
    assert "urlopen('http://127.0.0.1:8000/healthz'" in check


def test_data_lives_in_named_volumes():
    assert {"postgres-data", "redis-data"} <= set(COMPOSE["volumes"])
    assert any("postgres-data:" in v for v in SERVICES["postgres"]["volumes"])
    assert any("redis-data:" in v for v in SERVICES["redis"]["volumes"])


def test_the_app_services_run_the_commands_the_project_provides():
    assert "gunicorn config.wsgi" in SERVICES["web"]["command"]
    assert "manage.py migrate" in SERVICES["web"]["command"]
    assert "manage.py load_regions" in SERVICES["web"]["command"]
    assert SERVICES["worker"]["command"].startswith("celery -A config worker")
    assert SERVICES["beat"]["command"].startswith("celery -A config beat")
    assert (ROOT / "Dockerfile").exists()
    assert SERVICES["web"]["build"] == "."


def test_every_variable_given_to_the_app_is_one_the_settings_read():
    for name in ("web", "worker", "beat"):
        environment = SERVICES[name]["environment"]
        assert {
            "DJANGO_SECRET_KEY",
            "DATABASE_URL",
            "REDIS_URL",
            "DJANGO_DEBUG",
            "DJANGO_ALLOWED_HOSTS",
        } <= set(environment)
        unknown = set(environment) - SETTINGS_VARIABLES
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"


def test_the_app_reaches_the_database_and_broker_services_by_name_and_waits_for_them():
    environment = SERVICES["web"]["environment"]
    assert "@postgres:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379")
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert SERVICES[name]["depends_on"]["redis"]["condition"] == "service_healthy"


def test_the_image_installs_the_pinned_versions():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "-c constraints.txt" in dockerfile
    for folder in ("config", "advisor", "regions"):
        assert f"COPY {folder} " in dockerfile


def test_a_tls_proxy_stands_in_front_and_the_app_is_not_published_directly():
    assert "ports" not in SERVICES["web"], "web must be reached through the TLS proxy only"
    proxy = SERVICES["proxy"]
    published = {
        str(port).split(":")[-2] if ":" in str(port) else str(port) for port in proxy["ports"]
    }
    assert "443" in published
    assert "web:8000" in proxy["command"]
    assert proxy.get("healthcheck", {}).get("test")
    # The app trusts X-Forwarded-Proto and -For from exactly that one proxy, and sends HSTS.
    environment = SERVICES["web"]["environment"]
    assert environment["DJANGO_HTTPS"] == "${DJANGO_HTTPS:-true}"
    assert environment["DJANGO_TRUSTED_PROXY_COUNT"] == "${DJANGO_TRUSTED_PROXY_COUNT:-1}"


def test_bulk_batches_have_a_queue_and_a_worker_of_their_own():
    environment = SERVICES["worker"]["environment"]
    single, bulk = environment["CELERY_QUEUE"], environment["CELERY_BULK_QUEUE"]
    assert single != bulk
    assert f"--queues {single} " in SERVICES["worker"]["command"]
    assert f"--queues {bulk} " in SERVICES["bulk-worker"]["command"]
    assert SERVICES["bulk-worker"]["healthcheck"]["test"]
    assert SERVICES["bulk-worker"]["restart"] == "unless-stopped"
