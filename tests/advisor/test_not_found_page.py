"""A wrong address answers with a page of the product, in the reader's language, with a way home."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from tests.advisor.founder_support import (  # noqa: F401 (compiled_translations: a fixture)
    compiled_translations,
    in_chinese,
)

pytestmark = pytest.mark.django_db


def test_an_unknown_case_gets_the_products_not_found_page_with_a_way_home(client):
    response = client.get(reverse("advisor:case", args=[uuid.uuid4()]))
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 id="not-found-title">Page not found</h1>' in page
    assert f'href="{reverse("advisor:home")}"' in page and "Go to the home page" in page
    assert 'class="site-header"' in page


@pytest.mark.usefixtures("compiled_translations")
def test_the_not_found_page_is_in_chinese_for_a_chinese_reader(client):
    in_chinese(client)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到页面" in page and "前往首页" in page
    assert "Page not found" not in page
