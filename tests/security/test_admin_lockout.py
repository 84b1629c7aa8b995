"""The admin login resists guessing (django-axes): AXES_FAILURE_LIMIT wrong passwords for one
username from one address lock that pair out, even for the right password, until the cool-off
passes or an operator runs `manage.py axes_reset`. Everyone else signs in as usual."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from advisor.services.advisors import advisor_ensure
from tests.advisor.admin_support import PASSWORD, advisor_fixture  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
HOME = "198.51.100.7"
CAFE = "203.0.113.40"


def sign_in(username: str, password: str, address: str = HOME):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})
    return client, response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def guess(username: str, times: int, address: str = HOME) -> list[int]:
    return [sign_in(username, f"guess-{n}", address)[1].status_code for n in range(times)]


def test_wrong_passwords_lock_the_user_out_even_for_the_right_password(advisor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    # The admin's own "wrong password" page four times, the lockout page at the fifth.
    assert guess("ada", 5) == [200, 200, 200, 200, 429]

    client, response = sign_in("ada", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "Sign-in locked" in page and "after 5 failed attempts" in page
    assert "Try again in 30 minutes." in page
    assert int(response["Retry-After"]) == 30 * 60
    assert "Content-Security-Policy" in response


def test_the_lock_holds_only_that_user_at_that_address(advisor):
    advisor_ensure(username="grace", password=PASSWORD)
    guess("ada", 5)
    grace, response = sign_in("grace", PASSWORD)
    assert response.status_code == 302 and signed_in(grace)
    elsewhere, response = sign_in("ada", PASSWORD, address=CAFE)
    assert response.status_code == 302 and signed_in(elsewhere)


def test_an_operator_lifts_the_lock_with_axes_reset(advisor):
    guess("ada", 5)
    assert sign_in("ada", PASSWORD)[1].status_code == 429
    call_command("axes_reset", stdout=io.StringIO())
    client, response = sign_in("ada", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_an_operator_can_lift_one_users_lock(advisor):
    advisor_ensure(username="grace", password=PASSWORD)
    guess("ada", 5)
    guess("grace", 5)
    call_command("axes_reset_username", "ada", stdout=io.StringIO())
    assert sign_in("ada", PASSWORD)[1].status_code == 302
    assert sign_in("grace", PASSWORD)[1].status_code == 429


def test_the_lock_ends_by_itself_after_the_cool_off(advisor, settings):
    settings.AXES_COOLOFF_TIME = timedelta(seconds=2)
    guess("ada", 5)
    assert sign_in("ada", PASSWORD)[1].status_code == 429
    time.sleep(2.5)
    client, response = sign_in("ada", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_signing_in_clears_earlier_failures(advisor):
    assert guess("ada", 4) == [200] * 4
    assert sign_in("ada", PASSWORD)[1].status_code == 302
    assert guess("ada", 4) == [200] * 4  # counted from zero again
    assert sign_in("ada", PASSWORD)[1].status_code == 302


def test_unknown_usernames_are_locked_out_like_real_ones(db):
    # Guessing names is no way round it, and the answers do not tell real names apart.
    assert guess("nobody", 5) == [200, 200, 200, 200, 429]
    assert AccessAttempt.objects.filter(username="nobody", ip_address=HOME).exists()


def test_lockout_records_are_for_superusers_only(advisor, client):
    guess("ada", 2)
    client.force_login(advisor)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 403
    assert "axes" not in client.get(reverse("admin:index")).content.decode().lower()

    root = get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(root)
    attempts = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert attempts.status_code == 200
    assert "ada" in attempts.content.decode()
