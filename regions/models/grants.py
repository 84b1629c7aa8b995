"""Grant programmes a region offers, and who may apply (see advisor/engine/grants.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from advisor.engine.checks import is_date as _is_date
from advisor.engine.errors import InvalidDataset
from advisor.engine.grants import parse_eligibility, parse_slugs
from advisor.engine.vocabulary import (
    PROGRAMME_KINDS,
    SECTORS,
    STAGES,
)
from advisor.presentation import labels
from regions.models.base import Edition, labelled_choices
from regions.models.places import Region


class GrantProgramme(Edition):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="grant_programmes")
    name = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=30,
        choices=labelled_choices(PROGRAMME_KINDS, labels.PROGRAMME_KINDS),
        default="grant",
    )
    eligibility = models.CharField(
        max_length=300,
        default="open",
        help_text="Who may apply: 'open' or ';'-separated conditions such as "
        "majority_owned_by:US, citizen_or_pr:SG, foreign_founders:KR, returnee:CN:3, competitive.",
    )
    confirmed = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Latest year a source showed the programme running."
    )
    ends = models.CharField(
        max_length=10, blank=True, help_text="ISO date the programme ends or ended, if known."
    )
    sectors = models.CharField(
        max_length=500, default="*", help_text="'*' for all, or sector slugs separated by ';'"
    )
    stages = models.CharField(
        max_length=200, default="*", help_text="'*' for all, or stage slugs separated by ';'"
    )
    typical_amount = models.FloatField(validators=[MinValueValidator(0)])
    max_amount = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="one_programme_name_per_region")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors = {}
        for field, vocabulary in (("sectors", SECTORS), ("stages", STAGES)):
            try:
                parse_slugs(getattr(self, field), vocabulary, field[:-1])
            except InvalidDataset as error:
                errors[field] = str(error)
        try:
            parse_eligibility(self.eligibility)
        except InvalidDataset as error:
            errors["eligibility"] = str(error)
        if self.ends and not _is_date(self.ends):
            errors["ends"] = "Write the end as an ISO date, for example 2027-03-31."
        if errors:
            raise ValidationError(errors)
