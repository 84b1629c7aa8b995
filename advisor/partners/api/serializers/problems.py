"""Problem details (RFC 9457), as advisor.partners.api.problems writes them."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


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
    errors = FieldError(
        many=True,
        help_text="Every problem found, one entry each, up to the first 100 (`API_MAX_ERRORS`).",
    )
    errors_total = serializers.IntegerField(
        required=False,
        help_text="Only when `errors` was cut: how many problems were found in all.",
    )
    errors_omitted = serializers.IntegerField(
        required=False, help_text="Only when `errors` was cut: how many are not listed."
    )
