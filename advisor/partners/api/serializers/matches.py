"""A promoted region's matches as partners read them (advisor.partners.services.matches builds
the rows), described for the schema; and the list's query parameters."""

from __future__ import annotations

from rest_framework import serializers

from advisor.engine.vocabulary import SECTORS, STAGES
from advisor.models import Case
from advisor.partners.api.serializers.cases import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    FigureChange,
    StrictQuery,
    WeightChange,
)


class MatchPromotion(serializers.Serializer):
    weight = WeightChange(
        allow_null=True,
        help_text="The smallest change of one criterion's weight that puts the region first.",
    )
    figure = FigureChange(
        allow_null=True, help_text="The smallest change of one of the region's own figures."
    )
    text = serializers.CharField(help_text="Both, as an English sentence.")


class Match(serializers.Serializer):
    id = serializers.UUIDField(help_text="The case's id.")
    url = serializers.URLField(help_text="Where to read the case.")
    startup_name = serializers.CharField(help_text="The startup's name, as submitted.")
    sector = serializers.CharField(help_text="Its sector.")
    stage = serializers.CharField(help_text="Its funding stage.")
    status = serializers.ChoiceField(
        choices=Case.Status.choices,
        help_text="The case's status; a case being scored again is listed with its last result.",
    )
    created_at = serializers.DateTimeField(help_text="When it was submitted (ISO 8601, UTC).")
    scored_at = serializers.DateTimeField(
        allow_null=True, help_text="When the result read here was stored."
    )
    rank = serializers.IntegerField(
        min_value=1, help_text="The region's rank in the case; 1 is the recommendation."
    )
    regions_compared = serializers.IntegerField(
        min_value=1, help_text="How many regions the case compared."
    )
    score = serializers.FloatField(help_text="The region's weighted total in the case, 0-100.")
    recommendation = serializers.CharField(help_text="Slug of the case's recommended region.")
    recommendation_score = serializers.FloatField(
        help_text="The recommendation's weighted total, 0-100."
    )
    gap = serializers.FloatField(
        help_text="Points the region is behind the recommendation (0 when it is the "
        "recommendation; below 0 for a region with a higher total that ranks after a "
        "recommendation that takes first place in more robustness samples)."
    )
    promotion = MatchPromotion(
        allow_null=True,
        help_text="What would make the region first: from the case's `promotions` when they "
        "list it, else computed the same way from the stored scores and weights and the figures "
        "of the case's dataset version; null when the region is the recommendation.",
    )


class MatchPage(serializers.Serializer):
    count = serializers.IntegerField(help_text="Matches passing the filters, on all pages.")
    next = serializers.URLField(allow_null=True, help_text="The next page; null on the last.")
    previous = serializers.URLField(
        allow_null=True, help_text="The previous page; null on the first."
    )
    results = Match(many=True, help_text="The matches on this page, best fit first.")


class MatchListQuery(StrictQuery):
    sector = serializers.ChoiceField(
        choices=list(SECTORS), required=False, help_text="Only cases of this sector."
    )
    stage = serializers.ChoiceField(
        choices=list(STAGES), required=False, help_text="Only cases at this funding stage."
    )
    status = serializers.ChoiceField(
        choices=Case.Status.values, required=False, help_text="Only cases in this state."
    )
    page = serializers.IntegerField(required=False, min_value=1, help_text="Page number, from 1.")
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Matches per page, 1 to {MAX_PAGE_SIZE} ({PAGE_SIZE} unless given).",
    )
