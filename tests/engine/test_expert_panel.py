"""The expert panel (tests/engine/expert_panel.py): every profile's answer is one a site-selection
adviser would sign. A failure means the model or the data is wrong, not the panel."""

from __future__ import annotations

import pytest

from advisor.engine import prepare, recommend
from regions.files import read_dataset
from tests.engine.expert_panel import PANEL


@pytest.fixture(scope="module")
def real_model():
    return prepare(read_dataset())


@pytest.mark.parametrize(
    ("profile", "acceptable", "reason"),
    [
        pytest.param(profile, acceptable, reason, id=name)
        for name, profile, acceptable, reason in PANEL
    ],
)
def test_the_answer_is_one_an_adviser_would_sign(real_model, profile, acceptable, reason):
    result = recommend(real_model, profile, samples=2000)
    assert result["recommendation"] in acceptable, (
        f"{result['recommendation']} is not among {acceptable}: {reason}\n{result['explanation']}"
    )
