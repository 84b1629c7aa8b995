"""Places: the customer markets, their economic centres and weights, and the candidate regions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from advisor.engine.countries import parse_countries
from advisor.engine.vocabulary import (
    CUSTOMER_TYPES,
    MARKETS,
)
from regions.models.base import Edition, Sourced, slug_choices, validate_time_zone


class Market(Sourced):
    code = models.CharField(max_length=8, unique=True, choices=[(m, m) for m in MARKETS])
    name = models.CharField(max_length=100)
    name_zh = models.CharField(max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class MarketCentre(Edition):
    """One economic centre of a customer market, weighted by its share of the market's economy."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="centres")
    centre = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    weight = models.FloatField(validators=[MinValueValidator(0)])
    countries = models.CharField(
        max_length=200,
        help_text="ISO codes (';'-separated, or EU27) where a company is inside this centre's "
        "jurisdiction.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["market__code", "-weight"]
        constraints = [
            models.UniqueConstraint(fields=["market", "centre"], name="one_centre_slug_per_market")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.market_id and self.market.code})"

    def clean(self) -> None:
        super().clean()
        try:
            parse_countries(self.countries)
        except ValueError as error:
            raise ValidationError({"countries": str(error)}) from None


class MarketCentreWeight(Edition):
    """A customer type's own weight for one centre of a market (manufacturing value added for
    manufacturers, say), used instead of the centre's economy-wide weight for that type. A market
    weighted this way for a type has a row for each of its centres."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="centre_weights")
    centre = models.SlugField(max_length=60)
    customer_type = models.CharField(max_length=20, choices=slug_choices(CUSTOMER_TYPES))
    weight = models.FloatField(validators=[MinValueValidator(0)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["market__code", "customer_type", "-weight"]
        constraints = [
            models.UniqueConstraint(
                fields=["market", "centre", "customer_type"],
                name="one_centre_weight_per_market_centre_and_customer_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre} ({self.market_id and self.market.code}, {self.customer_type})"

    def clean(self) -> None:
        super().clean()
        if (
            self.market_id
            and not MarketCentre.objects.filter(
                market_id=self.market_id, centre=self.centre
            ).exists()
        ):
            raise ValidationError({"centre": "No centre of this market has that slug."})


class Region(Sourced):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    name_zh = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code")
    home_market = models.CharField(
        max_length=8,
        choices=[(m, m) for m in MARKETS],
        help_text="The customer market the region sits inside.",
    )
    latitude = models.FloatField(validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(validators=[MinValueValidator(-180), MaxValueValidator(180)])
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
