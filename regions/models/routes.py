"""Relocation routes: visas, residence routes and companies founders set up in a country."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from advisor.engine.checks import is_date as _is_date
from advisor.engine.countries import parse_countries
from advisor.engine.plan import ROUTE_KINDS, parse_nationalities
from regions.models.base import Sourced, slug_choices


class RelocationRoute(Sourced):
    """A way for founders to move to a country (a visa or residence route) or the company they
    usually set up there (see advisor/engine/plan.py): who may use it, the capital it needs, how
    long it takes and what it costs."""

    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=slug_choices(ROUTE_KINDS))
    name = models.CharField(max_length=300)
    conditions = models.TextField(blank=True, help_text="Who qualifies, in a sentence or two.")
    nationalities = models.CharField(
        max_length=1000,
        default="*",
        help_text="Who may use it: '*', ISO codes or EU27 ';'-separated; '!XX' takes one out "
        "(for example '*;!PK').",
    )
    minimum_capital = models.FloatField(default=0, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3, help_text="Currency of the capital and the cost.")
    weeks = models.FloatField(
        default=0, validators=[MinValueValidator(0)], help_text="Typical weeks to obtain it."
    )
    cost = models.FloatField(
        default=0, validators=[MinValueValidator(0)], help_text="Typical government fees."
    )
    checked = models.CharField(max_length=10, help_text="ISO date the row was last checked.")
    is_estimate = models.BooleanField(default=False)
    method = models.TextField(blank=True, help_text="How an estimate was made.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "kind", "slug"]

    def __str__(self) -> str:
        return f"{self.country}: {self.name}"

    def clean(self) -> None:
        errors = {}
        try:
            parse_nationalities(self.nationalities)
        except ValueError as error:
            errors["nationalities"] = str(error)
        try:
            parse_countries(self.country)
        except ValueError as error:
            errors["country"] = str(error)
        if not _is_date(self.checked):
            errors["checked"] = "Write an ISO date, for example 2026-12-02."
        if self.is_estimate and not self.method.strip():
            errors["method"] = "An estimate needs the method it was made by."
        if errors:
            raise ValidationError(errors)
