"""The decision audit (manage.py audit_answers): it runs over the real data in its quick mode, and
its explanation checks catch what an expert reader would strike out."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from advisor.audit import audit, explanation_problems
from advisor.engine import prepare
from regions.files import read_dataset

pytestmark = pytest.mark.django_db


def test_the_quick_audit_prints_every_section(region_data, capsys):
    try:
        call_command("audit_answers", "--quick", "--samples", "200")
    except SystemExit as stop:  # a missed goal exits 1; the figures are printed either way
        assert stop.code == 1
    out = capsys.readouterr().out
    for heading in (
        "Decision audit:",
        "Wins by region",
        "Single-market profiles sent outside their market:",
        "Regions that never win a plausible profile:",
        "Answers that disagree with their robustness: 0",
        "Explanation problems:",
    ):
        assert heading in out


@pytest.mark.parametrize(
    ("sentence", "problem"),
    [
        ("Boston is closer to your customers in Mainland China (0% of them).", "names a market"),
        ("A ev batteries company meets fewer rules.", "wrong article"),
        ("Deep capital for series a companies.", "raw code"),
        ("Its lead comes from grants (+6.46).", "weighted points as jargon"),
        ("Awards of about 190,568 USD in all.", "money beyond two significant figures"),
        ("Main sources: Analyst rating (our judgement).", "an opinion named as a source"),
    ],
)
def test_the_explanation_checks_catch_what_an_expert_would_strike_out(sentence, problem):
    found = explanation_problems(sentence, {"highlights": []}, {"US": 100})
    assert any(item.startswith(problem) for item in found), found


def test_a_plain_true_explanation_passes_the_checks():
    text = (
        "Shenzhen ranks first with 61.2 out of 100, 3.4 points ahead of Shanghai (57.8). Its lead "
        "comes from cost (2.1 points) and grants (1.5 points). An engineer costs about 33,000 USD "
        "a year in Shenzhen, against 41,000 USD in Shanghai."
    )
    assert explanation_problems(text, {"highlights": []}, {"CN": 100}) == []


def test_a_region_that_wins_only_profiles_no_founder_brings_counts_as_never_winning():
    model = prepare(read_dataset())
    games_for_factories = {
        "sector": "gaming",
        "stage": "pre_seed",
        "customer_type": "manufacturers",
        "markets": {"JP": 100},
        "weights": {"cost": 2.0},
    }
    software_for_factories = {**games_for_factories, "sector": "enterprise_software"}
    plain = {key: value for key, value in software_for_factories.items() if key != "weights"}

    report = audit(model, [games_for_factories], render=lambda reasons, model: "", samples=0)
    assert report.wins["nagoya"] == 1
    assert "nagoya" in report.never_win

    report = audit(model, [plain], render=lambda reasons, model: "", samples=0)
    assert "nagoya" not in report.never_win
    assert report.example_wins["nagoya"].endswith("cost x2 (weighted variant)")
