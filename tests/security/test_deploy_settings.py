"""Production settings: `manage.py check --deploy` has nothing to say, secure cookies and HSTS
are on, and the app refuses to start without a secret key. Each runs manage.py in a process of its
own with the production environment and no .env file."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_env(**changes: str | None) -> dict[str, str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_ENV_FILE": "/nonexistent/.env",  # only what is set here
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "true",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "example.com",
    }
    env.update(changes)
    return {name: value for name, value in env.items() if value is not None}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_finds_no_issue_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    # The one silenced check is security.W021 (no HSTS preload), which is opt-in on purpose.
    assert "System check identified no issues (1 silenced)." in result.stdout
    preload = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(DJANGO_HSTS_PRELOAD="true"),
    )
    assert "System check identified no issues (0 silenced)." in preload.stdout, preload.stderr


def test_check_deploy_would_see_a_weak_setting():
    # The same check fails loudly when HTTPS is off: the test above is not vacuous.
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(DJANGO_HTTPS="false")
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS
    assert "security.W012" in result.stderr + result.stdout  # session cookie not secure


def test_production_cookies_are_secure_and_hsts_is_sent():
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS, "
        "s.DEBUG)"
    )
    result = manage("shell", "--no-imports", "-c", script, env=production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 8 + ["DENY", "False"]


def test_the_app_refuses_to_start_without_a_secret_key():
    for missing in (None, ""):
        result = manage("check", env=production_env(DJANGO_SECRET_KEY=missing))
        assert result.returncode != 0
        assert "SECRET_KEY" in result.stderr
        assert "ImproperlyConfigured" in result.stderr


def test_the_app_refuses_a_background_niceness_the_worker_could_not_set():
    for bad in ("-5", "20"):
        result = manage("check", env=production_env(CELERY_BACKGROUND_NICENESS=bad))
        assert result.returncode != 0
        assert f"CELERY_BACKGROUND_NICENESS is {bad}" in result.stderr
    assert manage("check", env=production_env(CELERY_BACKGROUND_NICENESS="0")).returncode == 0


def settings_values(*names: str, **env: str | None) -> list[str]:
    script = "from django.conf import settings as s; " + "; ".join(
        f"print(repr(getattr(s, {name!r}, None)))" for name in names
    )
    result = manage("shell", "--no-imports", "-c", script, env=production_env(**env))
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_hsts_preload_is_sent_only_when_asked_for():
    # Preload lists are hard to leave: a site joins them on purpose, not by default.
    assert settings_values("SECURE_HSTS_PRELOAD") == ["False"]
    assert settings_values("SECURE_HSTS_PRELOAD", DJANGO_HSTS_PRELOAD="true") == ["True"]


def test_every_cookie_setting_has_a_same_site_policy():
    names = ("SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "LANGUAGE_COOKIE_SAMESITE")
    assert settings_values(*names) == ["'Lax'"] * 3
    assert settings_values(*names, DJANGO_HTTPS="false") == ["'Lax'"] * 3


def test_x_forwarded_proto_is_trusted_only_behind_a_proxy_of_ours():
    # Without a proxy anyone could send the header and pass for https.
    assert settings_values("SECURE_PROXY_SSL_HEADER") == ["None"]
    assert settings_values("SECURE_PROXY_SSL_HEADER", DJANGO_TRUSTED_PROXY_COUNT="1") == [
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    ]
