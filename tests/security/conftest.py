"""Fixtures the security tests share with the founder-page and API tests."""

from tests.advisor.conftest import handmade_region_data  # noqa: F401
from tests.api.conftest import acme, rival  # noqa: F401
