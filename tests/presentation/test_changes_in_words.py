"""History in words: values as labels, a new result as its recommendation and the scores that
moved (advisor/presentation/changes.py), with no database."""

from __future__ import annotations

from advisor.presentation.changes import result_change_in_words, result_in_words, value_in_words

NAMES = {"shenzhen": "Shenzhen", "tokyo": "Tokyo", "beijing": "Beijing"}


def result(recommendation: str, scores: dict[str, float]) -> dict:
    return {
        "recommendation": recommendation,
        "ranking": [{"region": slug, "score": score} for slug, score in scores.items()],
    }


def test_a_first_result_is_its_recommendation_and_score():
    before, after = result_change_in_words(None, result("tokyo", {"tokyo": 71.24}), names=NAMES)
    assert (before, after) == ("no result", "recommends Tokyo (score 71.2)")


def test_a_changed_recommendation_names_the_new_winner_and_the_scores_that_moved_most():
    old = result("shenzhen", {"shenzhen": 64.0, "tokyo": 60.0, "beijing": 50.0})
    new = result("tokyo", {"shenzhen": 58.1, "tokyo": 61.0, "beijing": 50.0})
    before, after = result_change_in_words(old, new, names=NAMES)
    assert before == "recommends Shenzhen (score 64.0)"
    assert after == (
        "recommends Tokyo (score 61.0); scores moved: Shenzhen 64.0 → 58.1 and Tokyo 60.0 → 61.0"
    )
    assert "{" not in after and "ranking" not in after


def test_the_same_recommendation_with_unmoved_scores_says_so():
    same = result("tokyo", {"tokyo": 61.0, "shenzhen": 58.0})
    assert result_change_in_words(same, same, names=NAMES)[1] == (
        "same recommendation; no score moved"
    )


def test_values_are_written_as_labels_never_as_codes_or_dictionaries():
    assert value_in_words("pre_seed", choices={"pre_seed": "Pre-seed"}) == "Pre-seed"
    assert value_in_words(None) == value_in_words("") == "-"
    assert value_in_words(True) == "yes"
    assert value_in_words(["a", "b"]) == "a, b"
    assert result_in_words({}, names=NAMES) == "no result"
