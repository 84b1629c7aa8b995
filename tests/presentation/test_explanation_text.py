"""The stored English explanation: the founder pages' renderer, run with English active on the
engine's reasons (moved here from tests/engine/test_explain.py when the engine stopped writing
sentences)."""

from __future__ import annotations

from django.utils import translation

from advisor.engine import prepare, recommend
from advisor.presentation.explanations import results_explained
from advisor.presentation.explanations.highlights import highlight_sentence
from regions.files import read_dataset
from tests.engine import handmade
from tests.engine.conftest import profile

MODEL = prepare(handmade.dataset())


def explained(**changes) -> dict:
    [result] = results_explained(
        [recommend(MODEL, profile(**changes))], names=MODEL.catalogue.region_names
    )
    return result


def test_the_explanation_names_winner_runner_up_and_where_the_lead_comes_from():
    text = explained(markets={"CN": 100})["explanation"]
    assert text.startswith("Factory Town ranks first")
    assert "ahead of" in text and "Its lead comes from customer proximity" in text
    assert "100% of your customers are in Mainland China, where Factory Town is." in text


def test_the_explanation_says_how_robust_the_answer_is():
    result = explained()
    probability = result["robustness"][result["recommendation"]]
    assert (
        f"ranks first in {probability:.0%} of 10,000 plausible weightings of your priorities"
        in result["explanation"]
    )


def test_eligible_grant_programmes_are_named():
    assert "Founder grant" in explained(markets={"CN": 100}, weights={"grants": 10})["explanation"]


def test_the_explanation_sits_where_the_result_always_had_it():
    result = explained()
    keys = list(result)
    assert keys[keys.index("robustness") + 1] == "explanation"


def test_an_outside_winner_says_what_it_beats_the_best_region_inside_the_market_on():
    # A pre-seed Thai biotech selling to its government was sent to New York "on grants and
    # cost": those were its leads over the Bay Area, also outside Thailand; against Bangkok,
    # New York is far dearer.
    real = prepare(read_dataset())
    [result] = results_explained(
        [
            recommend(
                real,
                profile(
                    sector="biotech",
                    stage="pre_seed",
                    customer_type="government",
                    markets={"TH": 100},
                ),
                samples=0,
            )
        ],
        names=real.catalogue.region_names,
    )
    outside = result["reasons"]["outside_markets"]
    assert outside is not None, "the case needs a winner outside Thailand"
    scores = {row["region"]: row["criteria"] for row in result["ranking"]}
    winner, rival = result["recommendation"], outside["inside_rival"]
    assert rival == "bangkok"
    assert outside["leads"]
    for lead in outside["leads"]:
        assert scores[winner][lead["criterion"]] > scores[rival][lead["criterion"]]
    assert "against Bangkok, the best-placed region inside them" in result["explanation"]
    sentence = result["explanation"].split("against Bangkok")[1]
    assert "cost" not in sentence.split("it wins on ")[1].split(" by more than")[0]


def _real(**changes) -> dict:
    real = prepare(read_dataset())
    [result] = results_explained(
        [recommend(real, profile(**changes), samples=0)], names=real.catalogue.region_names
    )
    return result


SOFTWARE_POOL = {
    "criterion": "talent",
    "discipline": "software_engineering",
    "indicator": "talent_software_engineering",
    "winner": 29_000_000,
    "runner_up": 1_300_000,
}


def test_a_national_count_standing_for_two_cities_is_said_to_be_national():
    # GitHub counts developers by country: "the Bay Area has 29,000,000 software developers"
    # was the whole United States'
    both = {**SOFTWARE_POOL, "national": ["winner", "runner_up"]}
    text = highlight_sentence(both, {}, "San Francisco Bay Area", "Bangkok")
    assert text == (
        "San Francisco Bay Area has the deeper software engineering pool: its country counts "
        "29,000,000 software developers, Bangkok's 1,300,000 (national figures)."
    )
    one = highlight_sentence({**SOFTWARE_POOL, "national": ["runner_up"]}, {}, "A", "B")
    assert one.endswith("against 1,300,000 in B (B: the whole country's figure).")
    plain = highlight_sentence(SOFTWARE_POOL, {}, "A", "B")
    assert plain.endswith("against 1,300,000 in B.")
    with translation.override("zh-hans"):
        assert "全国数据" in highlight_sentence(both, {}, "旧金山湾区", "曼谷")


def test_a_countrys_venture_capital_standing_for_its_city_is_said_to_be_national():
    # Paris carries France's venture capital (Dealroom), Berlin its own
    result = _real(sector="ecommerce", stage="seed", customer_type="consumers", markets={"EU": 100})
    assert (result["recommendation"], result["reasons"]["runner_up"]) == ("paris", "berlin")
    [capital] = [h for h in result["reasons"]["highlights"] if h["criterion"] == "venture_capital"]
    assert capital["figures"]["vc_invested_usd_bn"]["national"] == ["winner"]
    assert "unicorns" not in capital["figures"] or "national" not in capital["figures"]["unicorns"]
    text = result["explanation"]
    assert "against 2.4 bn USD in Berlin (Paris: the whole country's figure)" in text


def test_a_national_note_sits_before_the_full_stop_in_either_language():
    one = {**SOFTWARE_POOL, "national": ["runner_up"]}
    cost = {
        "criterion": "cost",
        "winner_engineer_cost_usd": 8_000,
        "runner_up_engineer_cost_usd": 72_000,
        "national": ["winner"],
    }
    assert highlight_sentence(cost, {}, "Jakarta", "Singapore") == (
        "An engineer costs about 8,000 USD a year in Jakarta, against 72,000 USD in Singapore "
        "(Jakarta: the whole country's figure)."
    )
    with translation.override("zh-hans"):
        for highlight in (one, cost):
            text = highlight_sentence(highlight, {}, "雅加达", "新加坡")
            # a full-width colon and parenthesis, and the Chinese full stop
            assert text.endswith("\uff1a全国数据\uff09\u3002"), text
            assert " \uff08" not in text and not text.endswith(".")


def test_a_city_states_national_figure_needs_no_note():
    # Singapore's engineer pay is the country's (IMDA), which is the city's; Jakarta's is
    # Indonesia's
    result = _real(
        sector="enterprise_software", stage="seed", customer_type="government", markets={"SEA": 100}
    )
    assert (result["recommendation"], result["reasons"]["runner_up"]) == ("jakarta", "singapore")
    assert "in Singapore (Jakarta: the whole country's figure)." in result["explanation"]
