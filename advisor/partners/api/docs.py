"""The OpenAPI documentation that is not a field: the API's introduction, examples, and the error
responses every operation shares."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse

from advisor.partners.api.problems import CONTENT_TYPE, PROBLEMS
from advisor.partners.api.serializers.problems import Problem, ValidationProblem
from advisor.partners.models import MAX_IDEMPOTENCY_KEY_LENGTH
from advisor.partners.services.submissions import IDEMPOTENCY_KEY_PATTERN, MAX_BULK_CASES

INTRODUCTION = f"""
Where in the world should a startup base itself, and why? Submit a founder's profile (sector,
stage, customer type, where its customers are) and get back a ranking of regions (Shenzhen,
Beijing, the San Francisco Bay Area, Tokyo and more), a score per criterion, an explanation,
how robust the answer is, and the sourced figures behind it: the same object
`manage.py recommend --json` prints, checked by the same rules as the founder form.

## Authentication
Every request under `/api/v1/` sends your organisation's key:

    Authorization: Api-Key <key>

Keys are created (and revoked) by your advisor contact; the key is shown once. No key, or an
unknown, revoked or expired key, gets `401`. You only ever see your own cases: another
organisation's case is `404`, exactly like a case that does not exist.

## Scoring is asynchronous
`POST /api/v1/cases/` answers `202 Accepted` at once with the case's `id` and a `Location`.
The case goes `queued` -> `scoring` -> `done` (with `result`) or `failed` (with
`failure_reason`), usually within seconds. Poll `GET /api/v1/cases/{{id}}/`, or better, give a
`callback_url` (or ask for a default webhook URL for your organisation) and receive a webhook.

`POST /api/v1/cases/bulk/` takes up to {MAX_BULK_CASES:,} cases at once and scores them together
in one batch. Each case is checked on its own: invalid ones are reported by `index` and the
valid ones are accepted. A bulk case's robustness comes from fewer weight samples than a single
case's (the dataset's batch sample count), so that a thousand cases score in about a second;
each result's `samples` says how many.

## Retrying safely: Idempotency-Key
Send a unique `Idempotency-Key` header (a UUID, say) with each POST. If the network fails and you
send the same request again with the same key, you get the first answer again (with
`Idempotent-Replayed: true`) instead of a second case. The same key with a different body is
refused with `422`.

## Webhooks
When a case finishes, we POST to its `callback_url` (or your default URL):

    {{"type": "case.done", "timestamp": "2026-11-23T10:00:00Z", "data": <the case, as GET returns it>}}

(`case.failed` when it failed), signed as the [Standard Webhooks](https://www.standardwebhooks.com/)
specification says: headers `webhook-id` (the same for every attempt of one message: use it to
drop duplicates), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,<base64
HMAC-SHA256 of "id.timestamp.body">` under your secret `whsec_...`; during a secret rotation two
signatures, separated by a space, either of which verifies). The `standardwebhooks` libraries
verify all of this in one call. Answer with any `2xx` within 10 seconds; anything else is tried
again with growing delays (about 30 s, 2 min, 8 min, then every 30 min, 8 attempts in all).

## Errors
Errors are `application/problem+json` (RFC 9457): `type` (a link describing the problem),
`title`, `status`, `detail` and `instance`; invalid input adds `errors`, one entry per problem
with the `field` at fault and a `detail` a person can act on (and `index` in bulk). Bad input
never causes a `5xx`.

## Rate limits
Each organisation has a request budget (all its keys together; 600 requests a minute unless
agreed otherwise) and a case budget (10,000 cases an hour unless configured otherwise): a bulk
request weighs as many cases as it sends, and one refused because it does not fit what is left
weighs one case (counting its cases meant reading it). Past either, requests get `429` with
`Retry-After` (seconds). Honour it: while a spent budget cannot free up, the same key's requests
(every request past the request budget; the submissions to the same address past the case
budget) are answered `429` again until `Retry-After` ends, without being read.
"""

IDEMPOTENCY_KEY = OpenApiParameter(
    name="Idempotency-Key",
    type={
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_IDEMPOTENCY_KEY_LENGTH,
        "pattern": IDEMPOTENCY_KEY_PATTERN,
    },
    location=OpenApiParameter.HEADER,
    required=False,
    description="A unique value (a UUID, say) per request you might send twice: the same key "
    "and body again give the first answer instead of a second submission. 1 to "
    f"{MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters.",
    examples=[OpenApiExample("A UUID", value="6f1f8c3e-5d0b-4a59-9a0f-0d7e6b8f2c11")],
)

_EXAMPLES = {
    400: OpenApiExample(
        "Shares do not add up",
        value={
            "type": "https://advisor.example/api/problems/invalid-input/",
            "title": "Invalid input",
            "status": 400,
            "detail": "markets: customer shares must add up to 100 (they add up to 90)",
            "instance": "/api/v1/cases/",
            "errors": [
                {
                    "field": "markets",
                    "detail": "customer shares must add up to 100 (they add up to 90)",
                }
            ],
        },
    ),
    401: OpenApiExample(
        "No key",
        value={
            "type": "https://advisor.example/api/problems/not-authenticated/",
            "title": "Not authenticated",
            "status": 401,
            "detail": "Authentication credentials were not provided.",
            "instance": "/api/v1/cases/",
        },
    ),
    404: OpenApiExample(
        "Not yours, or not there",
        value={
            "type": "https://advisor.example/api/problems/not-found/",
            "title": "Not found",
            "status": 404,
            "detail": "No such case.",
            "instance": "/api/v1/cases/0b8e4c1e-3c1a-4d2b-9a55-7b8f0f6f3d21/",
        },
    ),
    413: OpenApiExample(
        "Too large",
        value={
            "type": "https://advisor.example/api/problems/request-too-large/",
            "title": "Request too large",
            "status": 413,
            "detail": "The request body is larger than 2621440 bytes.",
            "instance": "/api/v1/cases/bulk/",
        },
    ),
    415: OpenApiExample(
        "Not JSON",
        value={
            "type": "https://advisor.example/api/problems/unsupported-media-type/",
            "title": "Unsupported media type",
            "status": 415,
            "detail": 'Unsupported media type "text/csv" in request.',
            "instance": "/api/v1/cases/",
        },
    ),
    422: OpenApiExample(
        "Key used for another body",
        value={
            "type": "https://advisor.example/api/problems/idempotency-key-reused/",
            "title": "Idempotency key reused",
            "status": 422,
            "detail": "This Idempotency-Key was already used with a different request body.",
            "instance": "/api/v1/cases/",
        },
    ),
    429: OpenApiExample(
        "Budget spent",
        value={
            "type": "https://advisor.example/api/problems/rate-limited/",
            "title": "Too many requests",
            "status": 429,
            "detail": "Request was throttled. Expected available in 12 seconds.",
            "instance": "/api/v1/cases/",
        },
    ),
    503: OpenApiExample(
        "Database restarting",
        value={
            "type": "https://advisor.example/api/problems/service-unavailable/",
            "title": "Service unavailable",
            "status": 503,
            "detail": "The service cannot reach its database for a moment. Please try again in a "
            "few seconds.",
            "instance": "/api/v1/cases/",
        },
    ),
}


QUERY_400 = OpenApiExample(
    "A misspelt query parameter",
    value={
        "type": "https://advisor.example/api/problems/invalid-input/",
        "title": "Invalid input",
        "status": 400,
        "detail": "stauts: unknown query parameter (this address takes: none)",
        "instance": "/api/v1/regions/",
        "errors": [
            {"field": "stauts", "detail": "unknown query parameter (this address takes: none)"}
        ],
    },
)


def problem_responses(*statuses: int, reads: bool = False) -> dict:
    """The documented error answers of an operation, as problem details with an example each.
    `reads`: a GET, whose 400 is about its query parameters rather than a body."""
    examples = {**_EXAMPLES, 400: QUERY_400} if reads else _EXAMPLES
    return {
        (status, CONTENT_TYPE): OpenApiResponse(
            response=ValidationProblem if status == 400 else Problem,
            description=f"{PROBLEMS[_slug(status)].title}: {PROBLEMS[_slug(status)].description}",
            examples=[examples[status]],
        )
        for status in statuses
    }


def _slug(status: int) -> str:
    return next(slug for slug, problem in PROBLEMS.items() if problem.status == status)


CASE_ID = OpenApiParameter(
    name="case_id",
    type=OpenApiTypes.UUID,
    location=OpenApiParameter.PATH,
    description="The case's id, as the submission answered it.",
)
REGION_SLUG = OpenApiParameter(
    name="slug",
    location=OpenApiParameter.PATH,
    pattern="^[-a-zA-Z0-9_]+$",
    description="The region's slug, as GET /api/v1/regions/ lists them.",
    examples=[OpenApiExample("Shenzhen", value="shenzhen")],
)

BATCH_ID = OpenApiParameter(
    name="job_id",
    type=OpenApiTypes.UUID,
    location=OpenApiParameter.PATH,
    description="The batch job's id, as the upload answered it.",
)
NOT_ACCEPTABLE = OpenApiExample(
    "Neither CSV nor JSON Lines",
    value={
        "type": "https://advisor.example/api/problems/not-acceptable/",
        "title": "Not acceptable",
        "status": 406,
        "detail": "The results are text/csv or application/x-ndjson: accept one of them.",
        "instance": "/api/v1/batches/5b1d7e0a-8f7c-4f6e-9d1a-2c3b4a5d6e7f/results/",
    },
)
BATCH_CSV_EXAMPLE = (
    "id,sector,stage,customer_type,CN,US,JP,EU\n"
    "ohio-robotics,robotics,seed,manufacturers,80,20,,\n"
    "kyoto-bio,biotech,series_a,enterprises,,30,70,\n"
)
BATCH_JSONL_EXAMPLE = (
    '{"id": "ohio-robotics", "sector": "robotics", "stage": "seed", '
    '"customer_type": "manufacturers", "markets": {"CN": 80, "US": 20}}\n'
)
BATCH_DETAIL_EXAMPLE = {
    "id": "5b1d7e0a-8f7c-4f6e-9d1a-2c3b4a5d6e7f",
    "url": "https://advisor.example/api/v1/batches/5b1d7e0a-8f7c-4f6e-9d1a-2c3b4a5d6e7f/",
    "status": "running",
    "format": "csv",
    "total": 1000000,
    "done": 419998,
    "failed": 2,
    "rate_per_s": 10512.4,
    "eta_s": 55.2,
    "dataset_version": "4b530a722e1cbf13",
    "samples": 200,
    "error": None,
    "created_at": "2026-12-02T03:00:00Z",
    "started_at": "2026-12-02T03:00:09Z",
    "finished_at": None,
    "results_url": "https://advisor.example/api/v1/batches/5b1d7e0a-8f7c-4f6e-9d1a-2c3b4a5d6e7f"
    "/results/",
    "errors_url": "https://advisor.example/api/v1/batches/5b1d7e0a-8f7c-4f6e-9d1a-2c3b4a5d6e7f"
    "/errors/",
    "errors": [
        {
            "line": 7,
            "detail": "unknown sector 'biotek'; expected one of: robotics, hardware, ...",
        }
    ],
}

# Every authenticated operation may answer these.
COMMON = (401, 429, 503)

CASE_EXAMPLE = {
    "startup_name": "Ohio Robotics",
    "sector": "robotics",
    "stage": "seed",
    "customer_type": "manufacturers",
    "markets": {"CN": 80, "US": 20},
    "weights": {"venture_capital": 1.5},
    "founder_nationality": "US",
    "incorporated_in": "US",
    "funding_need_usd": 3000000,
    "current_location": "Columbus, Ohio",
    "callback_url": "https://partner.example/webhooks/advisor",
}
# The example case's profile as the engine read it (and as the case reads back).
PROFILE_EXAMPLE = {
    **{name: CASE_EXAMPLE[name] for name in ("sector", "stage", "customer_type")},
    "markets": {"CN": 80.0, "US": 20.0},
    "weights": CASE_EXAMPLE["weights"],
    "regions": [],
    "founder_nationality": "US",
    "incorporated_in": "US",
    "funding_need_usd": 3000000.0,
}
RESULT_EXAMPLE = {
    "recommendation": "shenzhen",
    "ranking": [
        {
            "region": "shenzhen",
            "rank": 1,
            "score": 71.4,
            "criteria": {
                "customer_proximity": 88.1,
                "grants": 64.0,
                "venture_capital": 58.2,
                "talent": 70.3,
                "cost": 74.9,
                "policy_risk": 41.0,
            },
        },
        {
            "region": "tokyo",
            "rank": 2,
            "score": 60.2,
            "criteria": {
                "customer_proximity": 61.5,
                "grants": 55.0,
                "venture_capital": 52.7,
                "talent": 68.8,
                "cost": 49.1,
                "policy_risk": 77.5,
            },
        },
    ],
    "robustness": {"shenzhen": 0.91, "tokyo": 0.09},
    "explanation": "Shenzhen ranks first with 71.4 out of 100, 11.2 points ahead of Tokyo (60.2).",
    "reasons": {"winner": "shenzhen", "runner_up": "tokyo", "margin": 11.2},
    "weights": {
        "customer_proximity": 0.25,
        "grants": 0.2,
        "venture_capital": 0.15,
        "talent": 0.15,
        "cost": 0.15,
        "policy_risk": 0.1,
    },
    "profile": PROFILE_EXAMPLE,
    "samples": 10000,
    "dataset_version": "ab6432d65ed49338",
    "engine_version": "1.0.0",
}
CASE_DETAIL_EXAMPLE = {
    "id": "0b8e4c1e-3c1a-4d2b-9a55-7b8f0f6f3d21",
    "url": "https://advisor.example/api/v1/cases/0b8e4c1e-3c1a-4d2b-9a55-7b8f0f6f3d21/",
    "status": "done",
    "startup_name": CASE_EXAMPLE["startup_name"],
    **{name: CASE_EXAMPLE[name] for name in ("sector", "stage", "customer_type")},
    "recommendation": "shenzhen",
    "batch": None,
    "created_at": "2026-11-23T10:00:00.120000Z",
    "updated_at": "2026-11-23T10:00:01.480000Z",
    "scored_at": "2026-11-23T10:00:01.480000Z",
    **{name: PROFILE_EXAMPLE[name] for name in ("markets", "weights", "regions")},
    **{
        name: CASE_EXAMPLE[name]
        for name in (
            "founder_nationality",
            "incorporated_in",
            "funding_need_usd",
            "current_location",
        )
    },
    "callback_url": CASE_EXAMPLE["callback_url"],
    "share_link": True,
    "founder_url": "https://advisor.example/cases/0b8e4c1e-3c1a-4d2b-9a55-7b8f0f6f3d21/",
    "result": RESULT_EXAMPLE,
    "failure_reason": None,
    "review": {
        "decision": "accepted",
        "region": "shenzhen",
        "region_name": "Shenzhen",
        "reason": "",
        "reviewed_at": "2026-11-23T14:30:00+00:00",
    },
}
