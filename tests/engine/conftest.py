from __future__ import annotations

import pytest

from advisor.engine import ProfileArrays, parse_profile, prepare, score
from tests.engine import handmade


@pytest.fixture
def model():
    return prepare(handmade.dataset())


def profile(**changes):
    data = {
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "markets": {"CN": 80, "US": 20},
    }
    data.update(changes)
    return data


def criteria(model, samples=0, **changes):
    """{region: {criterion: score}} for one profile on `model`."""
    scores = score(
        model, ProfileArrays.from_profiles([parse_profile(profile(**changes))]), samples=samples
    )
    from advisor.engine.vocabulary import CRITERIA

    return {
        region: dict(zip(CRITERIA, scores.criteria[0, column], strict=True))
        for column, region in enumerate(scores.regions)
    }
