"""Cases as partners read them: the answers advisor.partners.documents builds (the same object
webhooks carry), described for the schema; and the case list's query parameters."""

from __future__ import annotations

from rest_framework import serializers

from advisor.models import Case
from advisor.partners.api.serializers.fields import (
    CriterionScoresField,
    NormalisedWeightsField,
    ProbabilitiesField,
    ReasonsField,
)

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class RankedRegion(serializers.Serializer):
    region = serializers.CharField(help_text="Region slug.")
    rank = serializers.IntegerField(help_text="1 is the recommendation.")
    score = serializers.FloatField(help_text="Weighted total, 0-100.")
    criteria = CriterionScoresField()


def shares_field() -> serializers.DictField:
    return serializers.DictField(
        child=serializers.FloatField(), help_text="Customer shares by market code, in percent."
    )


def weights_field(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=serializers.FloatField(), help_text=help_text)


def regions_field(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), help_text=help_text)


class ResultProfile(serializers.Serializer):
    sector = serializers.CharField(help_text="The sector scored.")
    stage = serializers.CharField(help_text="The funding stage scored.")
    customer_type = serializers.CharField(help_text="The customer type scored.")
    markets = shares_field()
    weights = weights_field("The weight overrides given (may be empty).")
    regions = regions_field("The regions compared; empty means all.")
    founder_nationality = serializers.CharField(
        allow_null=True, help_text="The founders' nationality read (ISO 3166-1 alpha-2), or null."
    )
    incorporated_in = serializers.CharField(
        allow_null=True, help_text="Where the company is incorporated, or null."
    )
    funding_need_usd = serializers.FloatField(
        allow_null=True, help_text="The funding need read, in US dollars, or null."
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
    markets = shares_field()
    weights = weights_field("The weight overrides submitted (may be empty).")
    regions = regions_field("The regions to compare; empty means all.")
    founder_nationality = serializers.CharField(
        allow_blank=True, help_text="The founders' nationality (ISO 3166-1 alpha-2), if given."
    )
    incorporated_in = serializers.CharField(
        allow_blank=True, help_text="Where the company is incorporated now, if given."
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
    share_link = serializers.BooleanField(
        help_text="Whether the founder pages show this case to anyone with its link (set on "
        "submit or with PATCH); false by default, and then they answer 404 for it."
    )
    founder_url = serializers.URLField(
        allow_null=True,
        help_text="The case's founder page (the report, what-if and retry), to pass on to the "
        "startup; null unless `share_link` is true.",
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


class CaseShare(serializers.Serializer):
    share_link = serializers.BooleanField(
        help_text="true: the founder pages show the case to anyone with its link "
        "(`founder_url`); false: they answer 404 for it again."
    )
