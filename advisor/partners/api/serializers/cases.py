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
    current_location = serializers.CharField(
        allow_null=True, required=False, help_text="Where the company is now, as given, or null."
    )


class WeightChange(serializers.Serializer):
    criterion = serializers.CharField(help_text="The criterion whose weight changes.")
    to = serializers.FloatField(
        help_text="Its new weight on the scale of `weights` (put in place, then normalised)."
    )

    def get_fields(self) -> dict:
        fields = super().get_fields()  # `from` is a Python keyword: added by name
        fields["from"] = serializers.FloatField(help_text="Its weight now, as in `weights`.")
        return fields


class FigureChange(serializers.Serializer):
    indicator = serializers.CharField(help_text="The indicator (one of the region's figures).")
    to = serializers.FloatField(help_text="The value that would make the region first.")

    def get_fields(self) -> dict:
        fields = super().get_fields()  # `from` is a Python keyword: added by name
        fields["from"] = serializers.FloatField(help_text="The region's figure now.")
        return fields


class Promotion(serializers.Serializer):
    region = serializers.CharField(help_text="One of the three regions after the winner.")
    weight = WeightChange(
        allow_null=True, help_text="The smallest weight change that makes it first."
    )
    figure = FigureChange(allow_null=True, help_text="The smallest change of one of its figures.")
    text = serializers.CharField(help_text="Both, as an English sentence.")


class VisaRoute(serializers.Serializer):
    route = serializers.CharField(help_text="Slug of the route (a row of the routes data).")
    name = serializers.CharField(help_text="The route's name, e.g. 'E-2 treaty investor visa'.")
    conditions = serializers.CharField(help_text="Who qualifies.")
    open = serializers.BooleanField(
        allow_null=True,
        help_text="true: open to the founders; false: closed (see `reason`); null: the "
        "nationality was not given, so the conditions decide.",
    )
    reason = serializers.ChoiceField(
        choices=["open", "nationality", "capital", "conditions"],
        help_text="Why it is open or closed: `capital` means it needs more than the funding need.",
    )
    minimum_capital = serializers.FloatField(help_text="Minimum capital in `currency`.")
    currency = serializers.CharField(help_text="Currency of the capital (ISO 4217).")
    minimum_capital_usd = serializers.FloatField(help_text="Minimum capital in US dollars.")
    weeks = serializers.FloatField(help_text="Typical weeks to obtain it.")
    cost_usd = serializers.FloatField(help_text="Typical government fees, in US dollars.")
    year = serializers.IntegerField(allow_null=True, help_text="Year of the rule described.")
    source_name = serializers.CharField(help_text="Where the figures come from.")
    source_url = serializers.CharField(allow_blank=True, help_text="The official page.")
    is_estimate = serializers.BooleanField(help_text="The figures are estimates (see method).")


class PlanSource(serializers.Serializer):
    name = serializers.CharField(help_text="The source.")
    url = serializers.CharField(allow_blank=True, help_text="Its address.")
    year = serializers.IntegerField(allow_null=True, help_text="Year of the figures.")
    checked = serializers.CharField(allow_blank=True, help_text="ISO date the row was checked.")
    is_estimate = serializers.BooleanField(help_text="The figures are estimates.")
    currency = serializers.CharField(
        allow_blank=True,
        help_text="For an exchange rate: the currency converted to US dollars; else empty.",
    )


class RelocationPlan(serializers.Serializer):
    region = serializers.CharField(help_text="The region the plan is for (the recommendation).")
    country = serializers.CharField(help_text="Its country (ISO 3166-1 alpha-2).")
    nationality = serializers.CharField(allow_null=True, help_text="The founders' nationality.")
    national = serializers.BooleanField(help_text="The founders are nationals: no visa needed.")
    status = serializers.ChoiceField(
        choices=["unknown", "open", "capital", "closed"],
        help_text="`open`: a route is open within the funding need; `capital`: open routes need "
        "more capital than the funding need; `closed`: none is open to the nationality; "
        "`unknown`: no nationality given.",
    )
    visa_routes = VisaRoute(
        many=True,
        help_text="Routes offered (all, with conditions, when "
        "the nationality is unknown; only open ones otherwise).",
    )
    closed_routes = VisaRoute(many=True, help_text="Routes closed to the founders, and why.")
    entity = serializers.DictField(allow_null=True, help_text="The usual company and its setup.")
    minimum_capital_usd = serializers.FloatField(
        allow_null=True, help_text="Capital the plan needs (company and route), in US dollars."
    )
    setup_weeks = serializers.FloatField(
        allow_null=True, help_text="Typical weeks: the company, then the fastest open route."
    )
    setup_cost_usd = serializers.FloatField(
        allow_null=True, help_text="Typical government fees of the company and cheapest route."
    )
    sources = PlanSource(many=True, help_text="Every source behind the plan, with its year.")


class PairRobustness(serializers.Serializer):
    beats_single = serializers.FloatField(
        allow_null=True,
        help_text="Share of weight samples in which the pair beats every single site.",
    )
    samples = serializers.IntegerField(help_text="Weight samples behind it.")


class SitePair(serializers.Serializer):
    headquarters = serializers.CharField(help_text="Region slug of the headquarters.")
    operations = serializers.CharField(help_text="Region slug of the operations site.")
    score = serializers.FloatField(help_text="The pair's total, 0-100, after coordination.")
    criteria = CriterionScoresField()
    coordination_points = serializers.FloatField(help_text="Points lost to coordination.")
    overlap_hours = serializers.FloatField(help_text="Working hours the two sites share.")
    distance_km = serializers.FloatField(help_text="Great-circle distance between them.")
    explanation = serializers.CharField(help_text="Why the pair, in English sentences.")
    robustness = PairRobustness(
        help_text="How often the pair still beats every single site when the weights vary."
    )
    reasons = ReasonsField()


class CaseResult(serializers.Serializer):
    """The same object `manage.py recommend --json` prints."""

    recommendation = serializers.CharField(help_text="Slug of the recommended region.")
    ranking = RankedRegion(many=True, help_text="Every region compared, best first.")
    robustness = ProbabilitiesField()
    explanation = serializers.CharField(help_text="Why the winner wins, in English sentences.")
    reasons = ReasonsField()
    weights = NormalisedWeightsField()
    profile = ResultProfile(help_text="The profile as the engine read it.")
    plan = RelocationPlan(
        required=False,
        help_text="How the founders get to the recommended region: routes, company, capital, "
        "time and cost, with sources (results of engine 2.2.0 on; absent from older ones).",
    )
    feasibility = serializers.DictField(
        required=False,
        child=serializers.ChoiceField(choices=["unknown", "open", "capital", "closed"]),
        help_text="Each region's feasibility for the founders (see `plan.status`).",
    )
    pairs = SitePair(
        many=True,
        required=False,
        help_text="Two-site plans (headquarters and operations) that beat the best single site "
        "by the stated margin, best first; empty when one site serves best.",
    )
    samples = serializers.IntegerField(help_text="Weight samples behind `robustness`.")
    stability = serializers.DictField(
        child=serializers.DictField(),
        required=False,
        help_text="Per criterion, {weight, low, high}: the interval of its weight share within "
        "which the recommendation stays first (the other weights keeping their proportions); "
        "low and high are null when it is never first that way.",
    )
    promotions = Promotion(
        many=True, required=False, help_text="What would put each of the next three regions first."
    )
    rank_acceptability = serializers.DictField(
        child=serializers.ListField(child=serializers.FloatField()),
        required=False,
        help_text="Per region, the shares of the robustness samples in which it takes rank 1, "
        "2, 3... (SMAA-2; each list sums to 1).",
    )
    central_weights = serializers.DictField(
        child=serializers.FloatField(),
        required=False,
        help_text="The mean weights of the samples in which the recommendation ranks first.",
    )
    baseline = serializers.JSONField(
        allow_null=True,
        required=False,
        help_text="Stay or move: the current location's score, the points the recommendation "
        "adds by criterion (`difference`, `gain`), `stay`, and the move's one-off cost and time "
        "(`move`, from documented assumptions: `basis` is `assumption`); null without a "
        "recognised current location.",
    )
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


class StrictQuery(serializers.Serializer):
    """Query parameters where an empty value is refused: DRF reads `?batch=` as "not given", but
    a partner who sends a filter meant one, so it is a mistake to report, not a filter to drop."""

    def to_internal_value(self, data):
        blank = [name for name in self.fields if name in data and not str(data.get(name)).strip()]
        if blank:
            raise serializers.ValidationError(
                {name: ["give a value, or leave the parameter out"] for name in blank}
            )
        return super().to_internal_value(data)


class CaseListQuery(StrictQuery):
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


class CaseShare(serializers.Serializer):
    share_link = serializers.BooleanField(
        help_text="true: the founder pages show the case to anyone with its link "
        "(`founder_url`); false: they answer 404 for it again."
    )
