"""Case submissions, one or in bulk, and what their acceptance answers.

They describe the request for the schema, with every bound taken from the checker's constants;
validating one delegates to the one input checker (advisor.partners.services.submissions and
advisor.services.profiles) rather than restating a rule, so a serializer can never accept what
the service refuses. The views hand the body to the service itself, which checks it once, after
looking up an Idempotency-Key's first answer.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from advisor.engine.vocabulary import CUSTOMER_TYPES, SECTORS, STAGES
from advisor.errors import DomainError
from advisor.models import Case
from advisor.partners.api.serializers.fields import MarketsField, WeightsField
from advisor.partners.api.serializers.problems import FieldError
from advisor.partners.services.submissions import MAX_BULK_CASES, bulk_clean, submission_clean
from advisor.partners.webhooks.addresses import MAX_URL_LENGTH
from advisor.services.profiles import MAX_LOCATION_LENGTH, MAX_NAME_LENGTH, MIN_FUNDING_USD


def _refused(refused: DomainError) -> serializers.ValidationError:
    by_field: dict[str, list[str]] = {}
    for problem in refused.problems:
        where = problem.field or "non_field_errors"
        if problem.index is not None:
            where = f"cases.{problem.index}.{where}"
        by_field.setdefault(where, []).append(problem.detail)
    return serializers.ValidationError(by_field)


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
    founder_nationality = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        min_length=2,
        max_length=2,
        help_text="The founders' nationality, an ISO 3166-1 alpha-2 code (US, CN...): decides "
        "which programmes they may apply for and which rules bind them. Left out, programmes "
        "that depend on it count at a stated chance and the result names them.",
    )
    incorporated_in = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        min_length=2,
        max_length=2,
        help_text="Where the company is incorporated now, an ISO 3166-1 alpha-2 code: a "
        "company incorporated in a rule's issuing country is bound as its person.",
    )
    funding_need_usd = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=MIN_FUNDING_USD,
        help_text="Funding sought, in US dollars: programmes and investors are judged against "
        "it (else against the stage's typical round).",
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
    share_link = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true: anyone with the case's link may open it on the founder pages "
        "(`founder_url` in the case), e.g. to pass it on to the startup. Left out or false, "
        "the founder pages answer 404 for it; change it later with PATCH.",
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        try:
            fields, link = submission_clean(data)
        except DomainError as refused:
            raise _refused(refused) from None
        return {**fields, "callback_url": link.callback_url, "share_link": link.share_link}


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

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        try:
            checked = bulk_clean(data)
        except DomainError as refused:
            raise _refused(refused) from None
        return {"cases": checked.cleaned, "rejected": [p.as_dict() for p in checked.problems]}


class CaseAccepted(serializers.Serializer):
    id = serializers.UUIDField(help_text="The case's id.")
    status = serializers.ChoiceField(
        choices=Case.Status.choices, help_text="`queued` when just accepted."
    )
    url = serializers.URLField(help_text="Where to read the case (also in `Location`).")


class BulkError(FieldError):
    index = serializers.IntegerField(help_text="Position of the rejected case in `cases`.")


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
    errors = BulkError(
        many=True,
        help_text="Why each rejected case was rejected, up to the first 100 errors "
        "(`API_MAX_ERRORS`).",
    )
    errors_total = serializers.IntegerField(
        required=False, help_text="Only when `errors` was cut: how many errors in all."
    )
    errors_omitted = serializers.IntegerField(
        required=False, help_text="Only when `errors` was cut: how many are not listed."
    )
    cases_url = serializers.URLField(help_text="The batch's cases, to poll.")
