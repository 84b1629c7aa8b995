"""Currency rates, sourced, that turn amounts into US dollars."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from regions.models.base import Sourced


class CurrencyRate(Sourced):
    currency = models.CharField(max_length=3, unique=True)
    usd_per_unit = models.FloatField(validators=[MinValueValidator(0)])
    is_estimate = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["currency"]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_per_unit:g} USD"
