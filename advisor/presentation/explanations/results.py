"""The stored English explanation: the engine's results with the same sentences the pages
write, rendered with English active.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import translation

from advisor.presentation.explanations.baseline import baseline_sentences
from advisor.presentation.explanations.decisions import explanation_text
from advisor.presentation.explanations.pairs import pair_explanation
from advisor.presentation.explanations.phrases import sentences
from advisor.presentation.explanations.promotions import promotion_text


def results_explained(results: Sequence[Any], *, names: Mapping[str, str]) -> list[Any]:
    """The engine's results, each with its English `explanation` put in after `robustness`;
    anything else in `results` (the engine's refusals) is passed through. `names` maps region
    slugs to the names the data gives them."""
    with translation.override("en"):
        return [
            _explained(result, names) if isinstance(result, dict) else result for result in results
        ]


def _explained(result: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    explained: dict[str, Any] = {}
    for key, value in result.items():
        explained[key] = value
        if key == "robustness":
            explained["explanation"] = sentences(
                [
                    explanation_text(result["reasons"], names),
                    *baseline_sentences(result.get("baseline"), result["recommendation"], names),
                ]
            )
        if key == "promotions":
            explained[key] = [{**entry, "text": promotion_text(entry, names)} for entry in value]
        if key == "pairs":
            explained["pairs"] = [
                {**pair, "explanation": pair_explanation(pair["reasons"], names)} for pair in value
            ]
    return explained
