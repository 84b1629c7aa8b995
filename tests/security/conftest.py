from tests.advisor.conftest import handmade_region_data  # noqa: F401 (a fixture)
