"""Indicators (what is measured, how it is normalised) and the regions' sourced values."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from advisor.engine.checks import GEOGRAPHIES
from advisor.engine.indicators import CONTEXT, QUALIFIERS
from advisor.engine.normalise import SCALES
from advisor.engine.vocabulary import (
    CRITERIA,
)
from advisor.presentation import labels
from regions.models.base import Edition, labelled_choices, slug_choices
from regions.models.places import Region


class Indicator(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    criterion = models.CharField(
        max_length=40, choices=labelled_choices((*CRITERIA, CONTEXT), labels.CRITERIA)
    )
    unit = models.CharField(max_length=60)
    qualifier_kind = models.CharField(
        max_length=40, blank=True, choices=slug_choices(tuple(QUALIFIERS))
    )
    higher_is_better = models.BooleanField(default=True)
    scale = models.CharField(max_length=10, choices=slug_choices(SCALES), default="linear")
    lower_bound = models.FloatField(null=True, blank=True)
    upper_bound = models.FloatField(null=True, blank=True)
    missing_value = models.FloatField(
        null=True,
        blank=True,
        help_text="Value used where a region has none; empty means every region needs a value.",
    )
    description = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "slug"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.criterion != CONTEXT:
            if self.lower_bound is None or self.upper_bound is None:
                raise ValidationError("A scored indicator needs lower and upper bounds.")
            if self.lower_bound >= self.upper_bound:
                raise ValidationError("The lower bound must be below the upper bound.")
            if self.scale == "log" and self.lower_bound <= 0:
                raise ValidationError("A log scale needs a lower bound above zero.")


class IndicatorValue(Edition):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    qualifier = models.CharField(max_length=40, blank=True)
    value = models.FloatField()
    unit = models.CharField(max_length=60)
    confirmed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Latest year a source confirmed the figure."
    )
    geography = models.CharField(
        max_length=20,
        blank=True,
        choices=slug_choices(GEOGRAPHIES),
        help_text="What the figure covers.",
    )
    tracker = models.CharField(max_length=200, blank=True, help_text="The publication series.")
    comparability = models.TextField(
        blank=True,
        help_text="Why this row compares with the others where its tracker or level differ.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["region__name", "indicator__slug", "qualifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "indicator", "qualifier"], name="one_value_per_indicator"
            )
        ]

    def __str__(self) -> str:
        qualifier = f" ({self.qualifier})" if self.qualifier else ""
        return f"{self.indicator.slug}{qualifier} = {self.value:g} {self.unit}"

    def clean(self) -> None:
        super().clean()
        if self.indicator_id:
            allowed = QUALIFIERS.get(self.indicator.qualifier_kind, ("",))
            if self.qualifier not in allowed:
                raise ValidationError(
                    {"qualifier": f"Expected one of: {', '.join(q or '(empty)' for q in allowed)}"}
                )
