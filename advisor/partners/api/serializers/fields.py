"""JSON objects keyed by market or criterion, described for the schema (DRF has no field for a
dict with known keys)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from advisor.engine.vocabulary import CRITERIA, MARKETS
from advisor.engine.weights import MAX_WEIGHT

MARKETS_SCHEMA = {
    "type": "object",
    "description": "Share of the startup's customers by market, in percent; the shares add up to "
    "100 (within 0.01). Markets left out count as 0. Codes: " + ", ".join(MARKETS) + ".",
    "properties": {code: {"type": "number", "minimum": 0, "maximum": 100} for code in MARKETS},
    "additionalProperties": False,
    "example": {"CN": 80, "US": 20},
}
WEIGHTS_SCHEMA = {
    "type": "object",
    "description": "Relative importance of criteria, overriding the defaults for the stage and "
    "sector (which average 1): 2 is twice as important as an average criterion, 0 ignores it. "
    "Criteria left out keep their default.",
    "properties": {
        criterion: {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT} for criterion in CRITERIA
    },
    "additionalProperties": False,
    "example": {"venture_capital": 2},
}


def by_criterion(description: str) -> dict:
    """An object with a number per criterion."""
    return {
        "type": "object",
        "description": description,
        "properties": {criterion: {"type": "number"} for criterion in CRITERIA},
    }


SCORES_SCHEMA = by_criterion("Score of each criterion, 0-100 (higher is better for the startup).")
PROBABILITIES_SCHEMA = {
    "type": "object",
    "description": "Each region's share of weight samples in which it ranks first (0-1).",
    "additionalProperties": {"type": "number"},
    "example": {"shenzhen": 0.83, "beijing": 0.12, "tokyo": 0.05},
}
NORMALISED_WEIGHTS_SCHEMA = by_criterion("The weights applied, normalised to add up to 1.")
REASONS_SCHEMA = {
    "type": "object",
    "description": "The explanation as data: winner and runner-up, margin, each criterion's "
    "contribution to the lead, leading and trailing criteria, robustness label, highlights and "
    "the sourced facts behind them (name, address, year).",
    "additionalProperties": True,
}


@extend_schema_field(MARKETS_SCHEMA)
class MarketsField(serializers.DictField):
    pass


@extend_schema_field(WEIGHTS_SCHEMA)
class WeightsField(serializers.DictField):
    pass


@extend_schema_field(SCORES_SCHEMA)
class CriterionScoresField(serializers.DictField):
    pass


@extend_schema_field(PROBABILITIES_SCHEMA)
class ProbabilitiesField(serializers.DictField):
    pass


@extend_schema_field(NORMALISED_WEIGHTS_SCHEMA)
class NormalisedWeightsField(serializers.DictField):
    pass


@extend_schema_field(REASONS_SCHEMA)
class ReasonsField(serializers.DictField):
    pass
