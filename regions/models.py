"""Region data: every figure with its year and source, every model constant visible and editable.

Field names follow advisor.engine.dataset.SCHEMA, so the database, the CSV files under
regions/data/ and the snapshots stored with recommendations all describe the same tables.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from advisor.engine.errors import InvalidDataset
from advisor.engine.grants import parse_slugs
from advisor.engine.indicators import CONTEXT, QUALIFIERS
from advisor.engine.normalise import SCALES
from advisor.engine.vocabulary import (
    CLUSTERS,
    CRITERIA,
    CUSTOMER_TYPES,
    DISCIPLINES,
    MARKETS,
    SECTORS,
    STAGES,
)


def _choices(slugs: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(slug, slug.replace("_", " ")) for slug in slugs]


UNIT_INTERVAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]


def validate_time_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{name!r} is not an IANA time zone (for example Asia/Shanghai)"
        ) from None


def stale_before_year() -> int:
    """Figures describing a year before this one are older than the configured age."""
    return timezone.now().year - settings.REGION_DATA_STALE_AFTER_YEARS


def validate_source_address(address: str) -> None:
    """A web address, or a path under seeds/ for the project's own source documents."""
    if address.startswith("seeds/"):
        return
    URLValidator(schemes=["http", "https"])(address)


class Sourced(models.Model):
    """Where a figure comes from: the year it describes and the source that says so."""

    year = models.PositiveSmallIntegerField(null=True, blank=True)
    source_name = models.CharField(max_length=300, blank=True)
    source_url = models.CharField(max_length=500, blank=True, validators=[validate_source_address])
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_stale(self) -> bool:
        """The figure describes a year older than REGION_DATA_STALE_AFTER_YEARS."""
        return self.year is not None and self.year < stale_before_year()


class Market(Sourced):
    code = models.CharField(max_length=8, unique=True, choices=[(m, m) for m in MARKETS])
    name = models.CharField(max_length=100)
    name_zh = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


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


class Indicator(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    criterion = models.CharField(max_length=40, choices=_choices((*CRITERIA, CONTEXT)))
    unit = models.CharField(max_length=60)
    qualifier_kind = models.CharField(
        max_length=40, blank=True, choices=_choices(tuple(QUALIFIERS))
    )
    higher_is_better = models.BooleanField(default=True)
    scale = models.CharField(max_length=10, choices=_choices(SCALES), default="linear")
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


class IndicatorValue(Sourced):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    qualifier = models.CharField(max_length=40, blank=True)
    value = models.FloatField()
    unit = models.CharField(max_length=60)
    is_estimate = models.BooleanField(default=False)

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
        if self.indicator_id:
            allowed = QUALIFIERS.get(self.indicator.qualifier_kind, ("",))
            if self.qualifier not in allowed:
                raise ValidationError(
                    {"qualifier": f"Expected one of: {', '.join(q or '(empty)' for q in allowed)}"}
                )


class GrantProgramme(Sourced):
    KINDS = ("grant", "subsidy", "voucher", "tax_relief", "loan", "equity")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="grant_programmes")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=_choices(KINDS), default="grant")
    sectors = models.CharField(
        max_length=500, default="*", help_text="'*' for all, or sector slugs separated by ';'"
    )
    stages = models.CharField(
        max_length=200, default="*", help_text="'*' for all, or stage slugs separated by ';'"
    )
    typical_amount = models.FloatField(validators=[MinValueValidator(0)])
    max_amount = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0)])
    currency = models.CharField(max_length=3)
    is_estimate = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["region__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="one_programme_name_per_region")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for field, vocabulary in (("sectors", SECTORS), ("stages", STAGES)):
            try:
                parse_slugs(getattr(self, field), vocabulary, field[:-1])
            except InvalidDataset as error:
                errors[field] = str(error)
        if errors:
            raise ValidationError(errors)


class CurrencyRate(Sourced):
    currency = models.CharField(max_length=3, unique=True)
    usd_per_unit = models.FloatField(validators=[MinValueValidator(0)])
    is_estimate = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["currency"]

    def __str__(self) -> str:
        return f"1 {self.currency} = {self.usd_per_unit:g} USD"


class SectorProfile(models.Model):
    slug = models.CharField(max_length=40, unique=True, choices=_choices(SECTORS))
    name = models.CharField(max_length=100)
    cluster = models.CharField(max_length=40, choices=_choices(CLUSTERS))
    discipline = models.CharField(max_length=40, choices=_choices(DISCIPLINES))
    export_controls = models.FloatField(validators=UNIT_INTERVAL)
    investment_screening = models.FloatField(validators=UNIT_INTERVAL)
    data_rules = models.FloatField(validators=UNIT_INTERVAL)
    licensing = models.FloatField(validators=UNIT_INTERVAL)
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
    slug = models.CharField(max_length=20, unique=True, choices=_choices(STAGES))
    name = models.CharField(max_length=100)
    early_share = models.FloatField(validators=UNIT_INTERVAL)
    typical_round_usd = models.FloatField(validators=[MinValueValidator(1)])
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
    slug = models.CharField(max_length=20, unique=True, choices=_choices(CUSTOMER_TYPES))
    name = models.CharField(max_length=100)
    outside_access = models.FloatField(validators=UNIT_INTERVAL)
    rationale = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class StageWeight(models.Model):
    stage = models.CharField(max_length=20, choices=_choices(STAGES))
    criterion = models.CharField(max_length=40, choices=_choices(CRITERIA))
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
    sector = models.CharField(max_length=40, choices=_choices(SECTORS))
    criterion = models.CharField(max_length=40, choices=_choices(CRITERIA))
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
    unit = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} = {self.value:g}"


class DatasetSnapshot(models.Model):
    """The exact dataset a recommendation was computed from, kept so it can be reproduced."""

    version = models.CharField(max_length=64, primary_key=True)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.version
