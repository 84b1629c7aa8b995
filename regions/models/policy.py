"""Policy rules that bind startups by where they sit, sell and who founded them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from advisor.engine.checks import is_date as _is_date
from advisor.engine.countries import parse_countries
from advisor.engine.vocabulary import (
    POLICY_INSTRUMENTS,
    POLICY_SCOPES,
)
from advisor.presentation import labels
from regions.models.base import labelled_choices, slug_choices, validate_source_address


class PolicyRule(models.Model):
    """A rule that binds startups by where they sit, where they sell and who founded them (see
    advisor/engine/policy.py)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    instrument = models.CharField(
        max_length=30, choices=labelled_choices(POLICY_INSTRUMENTS, labels.POLICY_INSTRUMENTS)
    )
    issuer = models.CharField(max_length=4, help_text="ISO code of the rule-maker, or EU.")
    scope = models.CharField(max_length=20, choices=slug_choices(POLICY_SCOPES))
    targets = models.CharField(max_length=300, help_text="ISO codes ';'-separated, EU27, or *.")
    sectors = models.TextField(help_text="sector:severity pairs, ';'-separated (severity 0-1).")
    customer_types = models.CharField(
        max_length=100,
        blank=True,
        help_text="Only these customer types (';'-separated); empty: all.",
    )
    effective = models.CharField(max_length=10, help_text="ISO date the rule took effect.")
    ends = models.CharField(max_length=10, blank=True, help_text="ISO date it ended, if it did.")
    edition = models.PositiveSmallIntegerField(null=True, blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    source_url = models.CharField(max_length=500, blank=True, validators=[validate_source_address])
    method = models.TextField(blank=True, help_text="How the severities were read from the rule.")
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["issuer", "slug"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for field in ("effective", "ends"):
            value = getattr(self, field)
            if (value or field == "effective") and not _is_date(value):
                errors[field] = "Write an ISO date, for example 2025-01-02."
        try:
            parse_countries(self.targets)
        except ValueError as error:
            errors["targets"] = str(error)
        if errors:
            raise ValidationError(errors)
