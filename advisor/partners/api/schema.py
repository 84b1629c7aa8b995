"""OpenAPI additions drf-spectacular cannot infer: the key scheme, the introduction, response
headers, and that case submissions refuse unknown fields."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

HEADERS = {
    "202": {
        "Location": {
            "required": True,
            "description": "The new case (or, for bulk, the batch's case list).",
            "schema": {"type": "string", "format": "uri"},
        },
        "Idempotent-Replayed": {
            "required": False,
            "description": "`true` when this is the first answer to an Idempotency-Key, again.",
            "schema": {"type": "string", "enum": ["true"]},
        },
    },
    "401": {
        "WWW-Authenticate": {
            "required": True,
            "description": 'The scheme to use: `Api-Key realm="api"`.',
            "schema": {"type": "string"},
        }
    },
    "429": {
        "Retry-After": {
            "required": True,
            "description": "Seconds to wait before the budget allows another request.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "503": {
        "Retry-After": {
            "required": True,
            "description": "Seconds after which to try again.",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
}
TAGS = [
    {"name": "Cases", "description": "Submit founder profiles and read their recommendations."},
    {
        "name": "Regions",
        "description": "The regions compared, with every figure and its source; for a region "
        "you promote, your cases ranked for it.",
    },
    {"name": "Vocabulary", "description": "The values sectors, stages, markets and criteria take."},
]
CLOSED_REQUESTS = ("CaseSubmissionRequest", "BulkSubmissionRequest", "PatchedCaseShareRequest")


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "advisor.partners.api.authentication.PartnerKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Your organisation's key, as `Api-Key <key>`.",
        }


def postprocess(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    from advisor.partners.api.docs import INTRODUCTION

    result["info"]["description"] = INTRODUCTION.strip()
    result["tags"] = TAGS
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                if status in HEADERS:
                    response["headers"] = HEADERS[status]
    schemas = result.get("components", {}).get("schemas", {})
    for name in CLOSED_REQUESTS:
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    if "PatchedCaseShareRequest" in schemas:
        # drf-spectacular makes every field of a PATCH body optional; this one has one field,
        # and a PATCH without it changes nothing: it is required.
        schemas["PatchedCaseShareRequest"]["required"] = ["share_link"]
    if "BulkSubmissionRequest" in schemas:
        # drf-spectacular drops a nested list's min_length and max_length.
        from advisor.partners.services.submissions import MAX_BULK_CASES

        cases = schemas["BulkSubmissionRequest"]["properties"]["cases"]
        cases.update(minItems=1, maxItems=MAX_BULK_CASES)
    return result
