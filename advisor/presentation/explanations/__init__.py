"""The one explanation renderer: the engine's reasons (`result["reasons"]`, plain data) as
sentences in the active language, with numbers formatted for it.

The founder's pages write them in the reader's language; the stored `result["explanation"]`,
which the API, the CLI and the admin show, is the same sentences written with English active
(results_explained, called by the scoring services).

One module per kind of sentence; every public name is importable from here.
"""

from __future__ import annotations

from advisor.presentation.explanations.baseline import (
    MAX_NAMED,
    NOTABLE,
    baseline_sentences,
    move_sentence,
    place_name,
)
from advisor.presentation.explanations.decisions import explanation_sentences, explanation_text
from advisor.presentation.explanations.feasibility import (
    FEASIBILITY_STATUSES,
    feasibility_sentences,
)
from advisor.presentation.explanations.highlights import KIND_NAMES, TALENT_MEASURES
from advisor.presentation.explanations.pairs import pair_explanation
from advisor.presentation.explanations.phrases import criterion_name, sentences
from advisor.presentation.explanations.promotions import promotion_text
from advisor.presentation.explanations.results import results_explained
from advisor.presentation.explanations.robustness import (
    ROBUSTNESS_VERDICTS,
    robustness_sentence,
    robustness_text,
)

__all__ = [
    "FEASIBILITY_STATUSES",
    "KIND_NAMES",
    "MAX_NAMED",
    "NOTABLE",
    "ROBUSTNESS_VERDICTS",
    "TALENT_MEASURES",
    "baseline_sentences",
    "criterion_name",
    "explanation_sentences",
    "explanation_text",
    "feasibility_sentences",
    "move_sentence",
    "pair_explanation",
    "place_name",
    "promotion_text",
    "results_explained",
    "robustness_sentence",
    "robustness_text",
    "sentences",
]
