"""The partner API's OpenAPI document and its pages (drf-spectacular): fixed, read from no
environment variable, so kept out of the settings module, which imports it."""

from __future__ import annotations

SPECTACULAR_SETTINGS = {
    "TITLE": "Relocation Advisor partner API",
    "VERSION": "1.0.0",
    # The long description (authentication, webhooks, errors) is added by advisor/partners/api/schema.py.
    "DESCRIPTION": "Where in the world should a startup base itself, and why.",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # validatorUrl None: Swagger UI would otherwise send the schema's address to a third-party
    # validator and show its badge (an image the Content-Security-Policy refuses anyway).
    "SWAGGER_UI_SETTINGS": {
        "persistAuthorization": True,
        "displayOperationId": False,
        "validatorUrl": None,
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "advisor.partners.api.schema.postprocess",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "advisor.models.Case.Status",
        "BatchStatusEnum": "advisor.partners.models.BatchJob.Status",
    },
}
