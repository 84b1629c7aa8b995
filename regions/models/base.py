"""What every region figure shares: where it comes from (Sourced, Edition), the validators and
the choice lists the region models are built from.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone


def slug_choices(slugs: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(slug, slug.replace("_", " ")) for slug in slugs]


def labelled_choices(slugs: tuple[str, ...], table) -> list[tuple[str, str]]:
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
