"""Every cookie the site sets carries a SameSite policy (issue 18, finding 10): the language
switch, the CSRF token of the founder form and the admin's session."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_the_language_cookie_is_same_site_lax(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    cookie = response.cookies["django_language"]
    assert cookie.value == "zh-hans"
    assert cookie["samesite"] == "Lax"


def test_the_csrf_and_session_cookies_are_same_site_lax(client, handmade_region_data):
    csrf = client.get("/").cookies["csrftoken"]
    assert csrf["samesite"] == "Lax"
    get_user_model().objects.create_superuser("root", "root@example.com", "a long password 1")
    login = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": "a long password 1"}
    )
    assert login.status_code == 302
    assert login.cookies["sessionid"]["samesite"] == "Lax"
