"""What the partner API reads and answers, field by field.

Case submissions are checked by the services (advisor.partners.services.submissions, with the form's and the
CLI's rules), so the request serializers here only describe them for the OpenAPI schema. Answers
about cases are built by the services too (the same object webhooks carry); these serializers
document them, and the schema test holds the two together. Regions and query parameters are
plain DRF serializers.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from advisor.engine.vocabulary import CRITERIA, CUSTOMER_TYPES, MARKETS, SECTORS, STAGES
from advisor.engine.weights import MAX_WEIGHT
from advisor.models import Case
from advisor.partners.models import MAX_URL_LENGTH
from advisor.partners.services.submissions import MAX_BULK_CASES
from advisor.services.cases import MAX_LOCATION_LENGTH, MAX_NAME_LENGTH
from regions.models import GrantProgramme, IndicatorValue, Region

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

MARKETS_SCHEMA = {
    "type": "object",
    "description": "Share of the startup's customers by market, in percent; the shares add up to "
    "100 (within 0.01). Markets left out count as 0. Codes: " + ", ".join(MARKETS) + ".",
    "properties": {code: {"type": "number", "minimum": 0, "maximum": 100} for code in MARKETS},
    "additionalProperties": False,
    "example": {"CN": 80, "US": 20},
}
WEIGHTS_SCHEMA = {
    "type": "object",
    "description": "Relative importance of criteria, overriding the defaults for the stage and "
    "sector (which average 1): 2 is twice as important as an average criterion, 0 ignores it. "
    "Criteria left out keep their default.",
    "properties": {
        criterion: {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT} for criterion in CRITERIA
    },
    "additionalProperties": False,
    "example": {"venture_capital": 2},
}
SCORES_SCHEMA = {
    "type": "object",
    "description": "Score of each criterion, 0-100 (higher is better for the startup).",
    "properties": {criterion: {"type": "number"} for criterion in CRITERIA},
}
PROBABILITIES_SCHEMA = {
    "type": "object",
    "description": "Each region's share of weight samples in which it ranks first (0-1).",
    "additionalProperties": {"type": "number"},
    "example": {"shenzhen": 0.83, "beijing": 0.12, "tokyo": 0.05},
}
NORMALISED_WEIGHTS_SCHEMA = {
    "type": "object",
    "description": "The weights applied, normalised to add up to 1.",
    "properties": {criterion: {"type": "number"} for criterion in CRITERIA},
}
REASONS_SCHEMA = {
    "type": "object",
    "description": "The explanation as data: winner and runner-up, margin, each criterion's "
    "contribution to the lead, leading and trailing criteria, robustness label, highlights and "
    "the sourced facts behind them (name, address, year).",
    "additionalProperties": True,
}


@extend_schema_field(MARKETS_SCHEMA)
class MarketsField(serializers.DictField):
    pass


@extend_schema_field(WEIGHTS_SCHEMA)
class WeightsField(serializers.DictField):
    pass


@extend_schema_field(SCORES_SCHEMA)
class CriterionScoresField(serializers.DictField):
    pass


@extend_schema_field(PROBABILITIES_SCHEMA)
class ProbabilitiesField(serializers.DictField):
    pass


@extend_schema_field(NORMALISED_WEIGHTS_SCHEMA)
class NormalisedWeightsField(serializers.DictField):
    pass


@extend_schema_field(REASONS_SCHEMA)
class ReasonsField(serializers.DictField):
    pass


# --- submitting ------------------------------------------------------------------------------


class CaseSubmission(serializers.Serializer):
    startup_name = serializers.CharField(
        max_length=MAX_NAME_LENGTH,
        help_text="The startup's name (required, with visible characters; no control or "
        "text-direction override characters).",
    )
    sector = serializers.ChoiceField(choices=SECTORS, help_text="The startup's sector.")
    stage = serializers.ChoiceField(choices=STAGES, help_text="Its funding stage.")
    customer_type = serializers.ChoiceField(choices=CUSTOMER_TYPES, help_text="Who buys from it.")
    markets = MarketsField()
    weights = WeightsField(required=False)
    regions = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Region slugs to compare (at least two, see GET /api/v1/regions/); "
        "left out or empty compares every region.",
    )
    funding_need_usd = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, help_text="Funding sought, in US dollars."
    )
    current_location = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_LOCATION_LENGTH,
        help_text="Where the startup is based today (no control or text-direction override "
        "characters).",
    )
    callback_url = serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=MAX_URL_LENGTH,
        help_text="Where to POST the signed webhook when the case finishes: an http(s) URL on "
        "the public internet, without credentials (private, loopback and link-local addresses "
        "are refused); left out, your organisation's default webhook URL is used (if it has one).",
    )


class BulkSubmission(serializers.Serializer):
    cases = CaseSubmission(
        many=True,
        max_length=MAX_BULK_CASES,
        min_length=1,
        help_text=f"1 to {MAX_BULK_CASES} cases, each as POST /api/v1/cases/ takes it.",
    )
    callback_url = serializers.URLField(
        required=False,
        allow_blank=True,
        max_length=MAX_URL_LENGTH,
        help_text="Webhook URL for the cases that name no callback_url of their own.",
    )


class CaseAccepted(serializers.Serializer):
    id = serializers.UUIDField(help_text="The case's id.")
    status = serializers.ChoiceField(
        choices=Case.Status.choices, help_text="`queued` when just accepted."
    )
    url = serializers.URLField(help_text="Where to read the case (also in `Location`).")


class BulkError(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position of the rejected case in `cases`.")
    field = serializers.CharField(help_text="The field at fault (empty for the case as a whole).")
    detail = serializers.CharField(help_text="What is wrong, in words a person can act on.")


class BulkAccepted(serializers.Serializer):
    batch = serializers.UUIDField(
        help_text="The batch's id: list its cases with GET /api/v1/cases/?batch=<id>."
    )
    accepted = serializers.IntegerField(help_text="How many cases were accepted and queued.")
    rejected = serializers.IntegerField(help_text="How many cases were rejected (see `errors`).")
    ids = serializers.ListField(
        child=serializers.UUIDField(allow_null=True),
        help_text="The new case ids by position in `cases`; null where that case was rejected.",
    )
    errors = BulkError(many=True, help_text="Why each rejected case was rejected.")
    cases_url = serializers.URLField(help_text="The batch's cases, to poll.")


# --- reading cases ---------------------------------------------------------------------------


class RankedRegion(serializers.Serializer):
    region = serializers.CharField(help_text="Region slug.")
    rank = serializers.IntegerField(help_text="1 is the recommendation.")
    score = serializers.FloatField(help_text="Weighted total, 0-100.")
    criteria = CriterionScoresField()


class ResultProfile(serializers.Serializer):
    sector = serializers.CharField(help_text="The sector scored.")
    stage = serializers.CharField(help_text="The funding stage scored.")
    customer_type = serializers.CharField(help_text="The customer type scored.")
    markets = serializers.DictField(
        child=serializers.FloatField(), help_text="Customer shares by market code, in percent."
    )
    weights = serializers.DictField(
        child=serializers.FloatField(), help_text="The weight overrides given (may be empty)."
    )
    regions = serializers.ListField(
        child=serializers.CharField(), help_text="The regions compared; empty means all."
    )


class CaseResult(serializers.Serializer):
    """The same object `manage.py recommend --json` prints."""

    recommendation = serializers.CharField(help_text="Slug of the recommended region.")
    ranking = RankedRegion(many=True, help_text="Every region compared, best first.")
    robustness = ProbabilitiesField()
    explanation = serializers.CharField(help_text="Why the winner wins, in English sentences.")
    reasons = ReasonsField()
    weights = NormalisedWeightsField()
    profile = ResultProfile(help_text="The profile as the engine read it.")
    samples = serializers.IntegerField(help_text="Weight samples behind `robustness`.")
    dataset_version = serializers.CharField(help_text="Hash of the region data used.")
    engine_version = serializers.CharField(help_text="Version of the decision engine.")


class Review(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=["accepted", "overridden"],
        help_text="`accepted`: the advisor stands behind the recommendation; `overridden`: "
        "the advisor recommends `region` instead, for `reason`.",
    )
    region = serializers.CharField(help_text="Slug of the region the advisor stands behind.")
    region_name = serializers.CharField(help_text="That region's name.")
    reason = serializers.CharField(help_text="Why the advisor overrode (empty when accepted).")
    reviewed_at = serializers.DateTimeField(
        allow_null=True, help_text="When the advisor decided (ISO 8601, UTC)."
    )


class CaseSummary(serializers.Serializer):
    id = serializers.UUIDField(help_text="The case's id.")
    url = serializers.URLField(help_text="Where to read the case.")
    status = serializers.ChoiceField(
        choices=Case.Status.choices,
        help_text="`queued` -> `scoring` -> `done` or `failed`; a re-scoring goes round again.",
    )
    startup_name = serializers.CharField(help_text="The startup's name, as submitted.")
    sector = serializers.CharField(help_text="Its sector (see GET /api/v1/vocabulary/).")
    stage = serializers.CharField(help_text="Its funding stage.")
    customer_type = serializers.CharField(help_text="Who buys from it.")
    recommendation = serializers.CharField(
        allow_null=True, help_text="Slug of the recommended region; null until scored."
    )
    batch = serializers.UUIDField(
        allow_null=True, help_text="The bulk submission it came in, if any."
    )
    created_at = serializers.DateTimeField(help_text="When it was submitted (ISO 8601, UTC).")
    updated_at = serializers.DateTimeField(help_text="When anything about it last changed.")
    scored_at = serializers.DateTimeField(
        allow_null=True, help_text="When the current result was stored; null until scored."
    )


class CaseDetail(CaseSummary):
    markets = serializers.DictField(
        child=serializers.FloatField(), help_text="Customer shares by market code, in percent."
    )
    weights = serializers.DictField(
        child=serializers.FloatField(), help_text="The weight overrides submitted (may be empty)."
    )
    regions = serializers.ListField(
        child=serializers.CharField(), help_text="The regions to compare; empty means all."
    )
    funding_need_usd = serializers.IntegerField(
        allow_null=True, help_text="Funding sought, in US dollars, if given."
    )
    current_location = serializers.CharField(
        allow_blank=True, help_text="Where the startup is based today, if given."
    )
    callback_url = serializers.URLField(
        allow_null=True, help_text="The case's own webhook URL, if it named one."
    )
    result = CaseResult(
        allow_null=True,
        help_text="The latest finished scoring: null until the first one finishes.",
    )
    failure_reason = serializers.CharField(
        allow_null=True, help_text="Why scoring failed (status `failed`)."
    )
    review = Review(
        allow_null=True,
        help_text="The advisor's decision on the case; null until an advisor has reviewed it.",
    )


class CaseListQuery(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=Case.Status.values, required=False, help_text="Only cases in this state."
    )
    created_after = serializers.DateTimeField(
        required=False, help_text="Only cases submitted at or after this time (ISO 8601)."
    )
    created_before = serializers.DateTimeField(
        required=False, help_text="Only cases submitted before this time (ISO 8601)."
    )
    batch = serializers.UUIDField(required=False, help_text="Only the cases of this bulk batch.")
    page = serializers.IntegerField(required=False, min_value=1, help_text="Page number, from 1.")
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        help_text=f"Cases per page, 1 to {MAX_PAGE_SIZE} ({PAGE_SIZE} unless given).",
    )

    def to_internal_value(self, data):
        # DRF reads `?batch=` as "not given"; a partner who sends a filter meant one, so an empty
        # value is a mistake to report rather than a filter to drop silently.
        blank = [name for name in self.fields if name in data and not str(data.get(name)).strip()]
        if blank:
            raise serializers.ValidationError(
                {name: ["give a value, or leave the parameter out"] for name in blank}
            )
        return super().to_internal_value(data)


# --- regions and vocabulary ------------------------------------------------------------------


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


@extend_schema_serializer(component_name="Problem")
class Problem(serializers.Serializer):
    type = serializers.URLField(help_text="What kind of problem: open it for a description.")
    title = serializers.CharField(help_text="The problem type in a few words.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="This occurrence, in words a person can act on.")
    instance = serializers.CharField(help_text="The path that was requested.")


class FieldError(serializers.Serializer):
    field = serializers.CharField(
        help_text="The field, query parameter or header at fault (empty: the body as a whole)."
    )
    detail = serializers.CharField(help_text="What is wrong, in words a person can act on.")
    index = serializers.IntegerField(
        required=False, help_text="Bulk only: the position of the case in `cases`."
    )


@extend_schema_serializer(component_name="ValidationProblem")
class ValidationProblem(Problem):
    errors = FieldError(many=True, help_text="Every problem found, one entry each.")
