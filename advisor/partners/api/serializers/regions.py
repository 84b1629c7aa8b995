"""Regions with their sourced figures, and the vocabulary."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from regions.models import GrantProgramme, IndicatorValue, Region


class Source(serializers.Serializer):
    name = serializers.CharField(source="source_name", help_text="Who publishes the figure.")
    url = serializers.CharField(
        source="source_url", help_text="Where to read it (a web address or a seeds/ document)."
    )
    year = serializers.IntegerField(allow_null=True, help_text="The year the figure describes.")


class RegionSummary(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Region
        fields = [
            "slug",
            "name",
            "name_zh",
            "country",
            "home_market",
            "latitude",
            "longitude",
            "time_zone",
            "url",
        ]
        extra_kwargs = {
            "slug": {"help_text": "The region's slug: what `regions` and the results name."},
            "name": {"help_text": "Its name in English."},
            "name_zh": {"help_text": "Its name in Chinese."},
            "latitude": {"help_text": "Latitude of its centre, in degrees."},
            "longitude": {"help_text": "Longitude of its centre, in degrees."},
            "time_zone": {"help_text": "IANA time zone."},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, region: Region) -> str:
        """Where to read the region with its figures."""
        path = reverse("partners:region-detail", args=[region.slug])
        return self.context["request"].build_absolute_uri(path)


class IndicatorValueOut(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.slug", help_text="Indicator slug.")
    name = serializers.CharField(source="indicator.name", help_text="Indicator name.")
    criterion = serializers.CharField(
        source="indicator.criterion",
        help_text="The criterion it feeds (or `context` for figures shown but not scored).",
    )
    source = Source(source="*", help_text="Where the figure comes from, and its year.")

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "name",
            "criterion",
            "qualifier",
            "value",
            "unit",
            "is_estimate",
            "note",
            "source",
        ]
        extra_kwargs = {
            "qualifier": {
                "help_text": "What the value is about, for indicators split by "
                "discipline, sector or stage (empty otherwise)."
            },
            "value": {"help_text": "The figure, in `unit`."},
            "unit": {"help_text": "Its unit."},
            "is_estimate": {
                "help_text": "True where the figure is an estimate, not a published number."
            },
            "note": {"help_text": "How the figure was read or derived."},
        }


class GrantProgrammeOut(serializers.ModelSerializer):
    source = Source(source="*", help_text="Where the programme is described, and the year.")

    class Meta:
        model = GrantProgramme
        fields = [
            "name",
            "kind",
            "sectors",
            "stages",
            "typical_amount",
            "max_amount",
            "currency",
            "is_estimate",
            "note",
            "source",
        ]
        extra_kwargs = {
            "name": {"help_text": "The programme's name."},
            "kind": {"help_text": "Grant, subsidy, voucher, tax relief, loan or equity."},
            "typical_amount": {"help_text": "What a typical recipient gets, in `currency`."},
            "max_amount": {"help_text": "The most it gives, in `currency`, where known."},
            "currency": {"help_text": "ISO 4217 code of the amounts."},
            "is_estimate": {"help_text": "True where the amounts are estimates."},
            "note": {"help_text": "Conditions and how the amounts were read."},
        }


class RegionDetail(RegionSummary):
    source = Source(source="*", help_text="Source of the region's own facts.")
    indicators = IndicatorValueOut(
        source="indicator_values", many=True, help_text="Every figure held for the region."
    )
    grant_programmes = GrantProgrammeOut(
        many=True, help_text="The region's grant and support programmes."
    )

    class Meta(RegionSummary.Meta):
        fields = [*RegionSummary.Meta.fields, "source", "indicators", "grant_programmes"]


class Term(serializers.Serializer):
    slug = serializers.CharField(help_text="The value to send.")
    label = serializers.CharField(help_text="A human name for it (English).")


class Vocabulary(serializers.Serializer):
    sectors = Term(many=True, help_text="Values for `sector`.")
    stages = Term(many=True, help_text="Values for `stage`.")
    customer_types = Term(many=True, help_text="Values for `customer_type`.")
    markets = Term(many=True, help_text="Market codes for `markets`.")
    criteria = Term(many=True, help_text="Criterion names for `weights` and the scores.")
