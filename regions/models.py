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

from advisor.engine.checks import GEOGRAPHIES
from advisor.engine.checks import is_date as _is_date
from advisor.engine.countries import parse_countries
from advisor.engine.errors import InvalidDataset
from advisor.engine.grants import parse_eligibility, parse_slugs
from advisor.engine.indicators import CONTEXT, QUALIFIERS
from advisor.engine.normalise import SCALES
from advisor.engine.plan import ROUTE_KINDS, parse_nationalities
from advisor.engine.vocabulary import (
    CLUSTERS,
    CRITERIA,
    CUSTOMER_TYPES,
    DISCIPLINES,
    MARKETS,
    POLICY_INSTRUMENTS,
    POLICY_SCOPES,
    PROGRAMME_KINDS,
    SECTORS,
    STAGES,
)
from advisor.presentation import labels


def _choices(slugs: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(slug, slug.replace("_", " ")) for slug in slugs]


def _labelled(slugs: tuple[str, ...], table) -> list[tuple[str, str]]:
    """Choices named by the label table (advisor.presentation.labels), as every page names them."""
    return [(slug, table.get(slug, slug.replace("_", " "))) for slug in slugs]


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
    """An absolute public web address; a source without one is cited by name only (never a
    relative address, which a page would turn into a link that does not open)."""
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Edition(Sourced):
    """A sourced figure that also records its source's edition, when it was last confirmed, and
    for an estimate, how it was made."""

    edition = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year the source edition was published."
    )
    is_estimate = models.BooleanField(default=False)
    method = models.TextField(blank=True, help_text="How an estimate was made.")

    class Meta:
        abstract = True

    def clean(self) -> None:
        if self.year and self.edition and self.year > self.edition:
            raise ValidationError(
                {"year": f"A figure of {self.year} cannot come from a source of {self.edition}."}
            )
        if self.is_estimate and not self.method.strip():
            raise ValidationError({"method": "An estimate needs the method it was made by."})


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
    customer_type = models.CharField(max_length=20, choices=_choices(CUSTOMER_TYPES))
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


class Indicator(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    criterion = models.CharField(
        max_length=40, choices=_labelled((*CRITERIA, CONTEXT), labels.CRITERIA)
    )
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
        choices=_choices(GEOGRAPHIES),
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


class GrantProgramme(Edition):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="grant_programmes")
    name = models.CharField(max_length=300)
    kind = models.CharField(
        max_length=30, choices=_labelled(PROGRAMME_KINDS, labels.PROGRAMME_KINDS), default="grant"
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


class PolicyRule(models.Model):
    """A rule that binds startups by where they sit, where they sell and who founded them (see
    advisor/engine/policy.py)."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    instrument = models.CharField(
        max_length=30, choices=_labelled(POLICY_INSTRUMENTS, labels.POLICY_INSTRUMENTS)
    )
    issuer = models.CharField(max_length=4, help_text="ISO code of the rule-maker, or EU.")
    scope = models.CharField(max_length=20, choices=_choices(POLICY_SCOPES))
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


class RelocationRoute(Sourced):
    """A way for founders to move to a country (a visa or residence route) or the company they
    usually set up there (see advisor/engine/plan.py): who may use it, the capital it needs, how
    long it takes and what it costs."""

    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=10, choices=_choices(ROUTE_KINDS))
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
    slug = models.CharField(max_length=40, unique=True, choices=_labelled(SECTORS, labels.SECTORS))
    name = models.CharField(max_length=100)
    cluster = models.CharField(max_length=40, choices=_labelled(CLUSTERS, labels.CLUSTERS))
    discipline = models.CharField(max_length=40, choices=_labelled(DISCIPLINES, labels.DISCIPLINES))
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
    slug = models.CharField(max_length=20, unique=True, choices=_labelled(STAGES, labels.STAGES))
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
        max_length=20, unique=True, choices=_labelled(CUSTOMER_TYPES, labels.CUSTOMER_TYPES)
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
    stage = models.CharField(max_length=20, choices=_labelled(STAGES, labels.STAGES))
    criterion = models.CharField(max_length=40, choices=_labelled(CRITERIA, labels.CRITERIA))
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
    sector = models.CharField(max_length=40, choices=_labelled(SECTORS, labels.SECTORS))
    criterion = models.CharField(max_length=40, choices=_labelled(CRITERIA, labels.CRITERIA))
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


class DatasetSnapshot(models.Model):
    """The exact dataset a recommendation was computed from, kept so it can be reproduced."""

    version = models.CharField(max_length=64, primary_key=True)
    payload = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.version
