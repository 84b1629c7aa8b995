"""The shapes of the batch job answers, for the OpenAPI schema (the views write them through
advisor.partners.documents)."""

from __future__ import annotations

from rest_framework import serializers

from advisor.partners.models import BatchJob


class BatchAccepted(serializers.Serializer):
    id = serializers.UUIDField(help_text="The job's id.")
    status = serializers.ChoiceField(
        choices=BatchJob.Status.choices, help_text="`queued` when just accepted."
    )
    url = serializers.URLField(help_text="Where to follow the job (also in `Location`).")


class BatchRowError(serializers.Serializer):
    line = serializers.IntegerField(
        help_text="The row's line number in the upload (a CSV's header is line 1)."
    )
    detail = serializers.CharField(help_text="Why the row was not scored.")


class BatchDetail(serializers.Serializer):
    id = serializers.UUIDField(help_text="The job's id.")
    url = serializers.URLField(help_text="This address.")
    status = serializers.ChoiceField(
        choices=BatchJob.Status.choices,
        help_text="`queued`, `running` (a worker has started on it), `done` (every row scored "
        "or refused), `failed` (see `error`) or `cancelled`.",
    )
    format = serializers.ChoiceField(
        choices=BatchJob.Format.choices, help_text="How the profiles were sent."
    )
    total = serializers.IntegerField(help_text="Rows in the upload.")
    done = serializers.IntegerField(help_text="Rows scored so far.")
    failed = serializers.IntegerField(help_text="Rows refused so far (see `errors`).")
    rate_per_s = serializers.FloatField(
        allow_null=True, help_text="Rows a second since the first chunk started; null before."
    )
    eta_s = serializers.FloatField(
        allow_null=True,
        help_text="Seconds left at that rate (0 once done); null while unknown or when the job "
        "stopped early.",
    )
    dataset_version = serializers.CharField(help_text="The region data every row is scored on.")
    samples = serializers.IntegerField(help_text="Robustness samples per row.")
    error = serializers.CharField(allow_null=True, help_text="Why the job failed, if it did.")
    created_at = serializers.DateTimeField(help_text="When the upload was accepted.")
    started_at = serializers.DateTimeField(
        allow_null=True, help_text="When a worker started on it."
    )
    finished_at = serializers.DateTimeField(
        allow_null=True, help_text="When it was done, failed or cancelled."
    )
    results_url = serializers.URLField(
        help_text="The scored rows, as CSV or JSON Lines (by `Accept`)."
    )
    errors_url = serializers.URLField(help_text="Every refused row, as CSV or JSON Lines.")
    errors = BatchRowError(many=True, help_text="The first 100 refused rows, by line number.")


class BatchRowCase(serializers.Serializer):
    line = serializers.IntegerField(
        min_value=1, help_text="The row's line number in the upload (a CSV's header is line 1)."
    )
