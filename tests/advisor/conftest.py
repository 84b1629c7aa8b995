from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.fixture
def handmade_region_data(db, handmade_files):
    call_command("load_regions", "--directory", str(handmade_files), stdout=io.StringIO())


def founder_profile(**changes):
    data = {
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "markets": {"CN": 80, "US": 20},
    }
    data.update(changes)
    return data
