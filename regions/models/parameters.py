"""The decision model's constants, editable by advisors: sector, stage and customer-type
profiles, stage weights, sector multipliers and the named parameters.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from advisor.engine.vocabulary import (
    CLUSTERS,
    CRITERIA,
    CUSTOMER_TYPES,
    DISCIPLINES,
    SECTORS,
    STAGES,
)
from advisor.presentation import labels
from regions.models.base import UNIT_INTERVAL, labelled_choices, validate_source_address


class SectorProfile(models.Model):
    slug = models.CharField(
        max_length=40, unique=True, choices=labelled_choices(SECTORS, labels.SECTORS)
    )
    name = models.CharField(max_length=100)
    cluster = models.CharField(max_length=40, choices=labelled_choices(CLUSTERS, labels.CLUSTERS))
    discipline = models.CharField(
        max_length=40, choices=labelled_choices(DISCIPLINES, labels.DISCIPLINES)
    )
    rationale = models.TextField(blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    source_url = models.CharField(max_length=500, blank=True, validators=[validate_source_address])
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class StageProfile(models.Model):
    slug = models.CharField(
        max_length=20, unique=True, choices=labelled_choices(STAGES, labels.STAGES)
    )
    name = models.CharField(max_length=100)
    early_share = models.FloatField(validators=UNIT_INTERVAL)
    typical_round_usd = models.FloatField(validators=[MinValueValidator(1)])
    profitable_share = models.FloatField(
        validators=UNIT_INTERVAL,
        default=0,
        help_text="Share of companies at this stage that make profits (for reliefs on profits).",
    )
    rationale = models.TextField(blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    source_url = models.CharField(max_length=500, blank=True, validators=[validate_source_address])
    is_estimate = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["typical_round_usd"]

    def __str__(self) -> str:
        return self.name


class CustomerTypeProfile(models.Model):
    slug = models.CharField(
        max_length=20, unique=True, choices=labelled_choices(CUSTOMER_TYPES, labels.CUSTOMER_TYPES)
    )
    name = models.CharField(max_length=100)
    outside_access = models.FloatField(validators=UNIT_INTERVAL)
    local_share = models.FloatField(
        validators=UNIT_INTERVAL,
        default=0.4,
        help_text="How much customers right next door matter beside the rest of the market.",
    )
    rationale = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class StageWeight(models.Model):
    stage = models.CharField(max_length=20, choices=labelled_choices(STAGES, labels.STAGES))
    criterion = models.CharField(max_length=40, choices=labelled_choices(CRITERIA, labels.CRITERIA))
    weight = models.FloatField(validators=[MinValueValidator(0)])
    rationale = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stage", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "criterion"], name="one_weight_per_stage_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.stage}: {self.criterion} = {self.weight:g}"


class SectorWeight(models.Model):
    sector = models.CharField(max_length=40, choices=labelled_choices(SECTORS, labels.SECTORS))
    criterion = models.CharField(max_length=40, choices=labelled_choices(CRITERIA, labels.CRITERIA))
    multiplier = models.FloatField(validators=[MinValueValidator(0)])
    rationale = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["sector", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["sector", "criterion"], name="one_multiplier_per_sector_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sector}: {self.criterion} x{self.multiplier:g}"


class ModelParameter(models.Model):
    name = models.CharField(max_length=80, unique=True)
    value = models.FloatField()
    # Nullable in the database only so that rows older than the bounds can be migrated; the
    # migration fills them from regions/data/parameters.csv, and the engine refuses a row without.
    minimum = models.FloatField(null=True, help_text="The least value that keeps scoring sound.")
    maximum = models.FloatField(
        null=True, help_text="The greatest value that keeps scoring sound (and within memory)."
    )
    unit = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} = {self.value:g}"

    def clean(self) -> None:
        if self.minimum is not None and self.maximum is not None and self.value is not None:
            if self.minimum > self.maximum:
                raise ValidationError({"maximum": "The maximum must not be below the minimum."})
            if not self.minimum <= self.value <= self.maximum:
                raise ValidationError(
                    {"value": f"Must be between {self.minimum:g} and {self.maximum:g}."}
                )
