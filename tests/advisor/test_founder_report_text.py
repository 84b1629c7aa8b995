"""How the founder's report writes its numbers: as the ranking table rounds them, with estimated
amounts no more precise than they are, and with a margin the reader can check."""

from __future__ import annotations

from django.utils import translation

from advisor.presentation.charts import criteria_chart_svg
from advisor.presentation.explanations import explanation_sentences
from advisor.presentation.numbers import approximately, number, score


def test_scores_round_half_up_as_the_ranking_table_does():
    # Python's round(43.15, 1) gives 43.1; the template filter floatformat gives 43.2.
    assert number(43.15) == "43.2"
    assert score(35.25) == "35.3"
    assert score(48) == "48.0"
    assert number(0.125, 2) == "0.13"


def test_numbers_keep_their_grouping_and_drop_trailing_zeros_only_after_the_point():
    assert number(3_000_000, 0) == "3,000,000"
    assert number(1.50, 2) == "1.5"
    assert number(10, 2) == "10"


def test_estimated_amounts_are_given_to_two_significant_figures():
    assert approximately(417_303) == "420,000"
    assert approximately(459_033.4) == "460,000"
    assert approximately(41_730) == "42,000"
    assert approximately(1_234_567) == "1,200,000"
    assert approximately(950) == "950"
    assert approximately(190_568) == "190,000"


def test_the_margin_is_the_difference_of_the_scores_as_shown():
    reasons = {
        "winner": "shenzhen",
        "runner_up": "shanghai",
        "winner_score": 53.66,
        "runner_up_score": 48.03,
        "margin": 5.63,
        "leads": [{"criterion": "grants", "points": 4.0}, {"criterion": "cost", "points": 0.25}],
        "trails": [{"criterion": "talent", "points": -1.2}],
        "highlights": [
            {"criterion": "grants", "count": 2, "typical_usd": 459_033, "example": "Subsidy"}
        ],
    }
    with translation.override("en"):
        first, lead, grants = explanation_sentences(
            reasons, {"shenzhen": "Shenzhen", "shanghai": "Shanghai"}
        )
    assert (
        first == "Shenzhen ranks first with 53.7 out of 100, 5.7 points ahead of Shanghai (48.0)."
    )
    # Points out of 100 in plain words, without signs (issue 12: no "+6.46" jargon).
    assert lead == (
        "Its lead comes from grants (4.0 points) and cost (0.3 points); Shanghai does better on "
        "talent (1.2 points)."
    )
    assert "about 460,000 USD in all" in grants


def test_the_chart_writes_its_totals_as_the_table_does():
    report = {
        "ranking": [
            {
                "rank": 1,
                "region": "a",
                "name": "A",
                "score": 43.15,
                "criteria": {"cost": 43.15},
            }
        ],
        "weights": [
            ("Customer proximity", 0),
            ("Grants", 0),
            ("Venture capital", 0),
            ("Talent", 0),
            ("Cost", 1),
            ("Policy risk", 0),
        ],
    }
    with translation.override("en"):
        svg = criteria_chart_svg(report)
    assert ">43.2</text>" in svg and ">43.1<" not in svg
