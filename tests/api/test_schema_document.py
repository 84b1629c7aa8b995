"""The OpenAPI schema as a document: valid, complete, every field described, served with local
docs, and every documented example valid for its schema."""

from __future__ import annotations

import io
from typing import Any

import jsonschema
import pytest
import yaml
from django.core.management import call_command

from tests.api.test_schema import OPERATIONS

# Documented beside the case operations; their bodies and answers are CSV or JSON Lines rather
# than JSON, so tests/api/test_batches.py checks them rather than the property-based run.
BATCH_OPERATIONS = {
    ("post", "/api/v1/batches/"),
    ("get", "/api/v1/batches/{job_id}/"),
    ("delete", "/api/v1/batches/{job_id}/"),
    ("get", "/api/v1/batches/{job_id}/results/"),
    ("get", "/api/v1/batches/{job_id}/errors/"),
    ("post", "/api/v1/batches/{job_id}/cases/"),
}
# A promoted region's matches: its own property-based run (JSON, or CSV by Accept) is in
# tests/api/test_matches.py.
MATCH_OPERATIONS = {("get", "/api/v1/regions/{slug}/matches/")}

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3_without_warnings(db):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = yaml.safe_load(out.getvalue())
    assert schema["openapi"].startswith("3.")


def test_every_endpoint_is_documented_with_examples_and_its_errors(openapi):
    found = {
        (method, path) for path, operations in openapi["paths"].items() for method in operations
    }
    assert found == OPERATIONS | BATCH_OPERATIONS | MATCH_OPERATIONS
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary") and operation.get("description"), where
            assert operation["security"] == [{"ApiKey": []}], where
            responses = operation["responses"]
            assert {"401", "429", "503"} <= set(responses), where
            for status, response in responses.items():
                assert response.get("description"), (where, status)
                if status.startswith(("4", "5")):
                    assert set(response["content"]) == {"application/problem+json"}, (where, status)
                    assert response["content"]["application/problem+json"]["examples"], (
                        where,
                        status,
                    )
            if method == "post" and path == "/api/v1/batches/":
                # The upload is CSV or JSON Lines, and takes no Idempotency-Key (no 422).
                assert "202" in responses and "400" in responses, where
                for media_type in ("text/csv", "application/x-ndjson"):
                    assert operation["requestBody"]["content"][media_type]["examples"], where
            elif method == "post":
                assert "202" in responses and "400" in responses, where
                if (method, path) in OPERATIONS:
                    assert "422" in responses, where
                assert operation["requestBody"]["content"]["application/json"]["examples"], where
            if method == "post":
                assert responses["202"]["content"]["application/json"]["examples"], where
                assert responses["202"]["headers"]["Location"]["required"], where
            if "{" in path:
                assert "404" in responses, where
    assert openapi["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "Your organisation's key, as `Api-Key <key>`.",
    }
    assert "Standard Webhooks" in openapi["info"]["description"]


def test_every_schema_field_and_parameter_is_described(openapi):
    submission = openapi["components"]["schemas"]["CaseSubmissionRequest"]
    assert submission["additionalProperties"] is False
    assert set(submission["required"]) == {
        "startup_name",
        "sector",
        "stage",
        "customer_type",
        "markets",
    }
    for name, field in submission["properties"].items():
        assert field.get("description"), name
    for name in ("CaseDetail", "BulkAccepted", "CaseAccepted", "Problem", "ValidationProblem"):
        assert name in openapi["components"]["schemas"]
    for name, schema in openapi["components"]["schemas"].items():
        for field, spec in schema.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), (method, path, parameter["name"])


def test_the_interactive_docs_are_served_from_the_projects_own_assets(client, settings):
    # As `make run` serves them after collectstatic; here straight from the installed apps.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "unpkg" not in html and "jsdelivr" not in html
    assert "<script>" not in html  # every script comes from a URL
    script = client.get("/api/docs/?script")
    assert script.status_code == 200
    assert "/api/schema/" in script.content.decode()
    asset = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable` as JSON Schema says it, everywhere in `node`."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


# The bulk request's example shows a case being rejected, so one of its cases is wrong on purpose.
WRONG_ON_PURPOSE = {("post", "/api/v1/cases/bulk/", "TwoCases,OneWithAMistake")}


def test_every_documented_example_is_valid_for_its_schema(openapi):
    components = _json_schema(openapi["components"])
    checked = 0
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            bodies = [
                (f"{status} {media_type}", content)
                for status, response in operation["responses"].items()
                for media_type, content in response.get("content", {}).items()
            ]
            bodies += [
                (f"request {media_type}", content)
                for media_type, content in operation.get("requestBody", {})
                .get("content", {})
                .items()
            ]
            for where, content in bodies:
                schema = {"allOf": [_json_schema(content["schema"])], "components": components}
                validator = jsonschema.Draft7Validator(
                    schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
                )
                for name, example in content.get("examples", {}).items():
                    if (method, path, name) in WRONG_ON_PURPOSE:
                        continue
                    errors = [error.message for error in validator.iter_errors(example["value"])]
                    assert errors == [], (method, path, where, name, errors)
                    checked += 1
    assert checked >= 40
