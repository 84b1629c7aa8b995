"""Partners' submissions: one case or many in bulk, idempotent under an Idempotency-Key.
Submissions are checked with the same rules as the founder form and the CLI
(advisor.services.cases.case_clean, which calls the engine's parse_profile)."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from advisor.engine import InvalidInput
from advisor.engine.vocabulary import CUSTOMER_TYPES, MARKETS, SECTORS, STAGES
from advisor.models import Case
from advisor.partners.models import (
    MAX_IDEMPOTENCY_KEY_LENGTH,
    MAX_URL_LENGTH,
    Partner,
    PartnerBatch,
    PartnerCase,
)
from advisor.partners.webhooks.addresses import validate_webhook_url, webhook_url_problem
from advisor.services.cases import case_clean, case_submit, cases_submit_batch
from regions.models import Region

MAX_BULK_CASES = 1000
PROFILE_FIELDS = ("sector", "stage", "customer_type", "markets", "weights", "regions")
SUBMISSION_FIELDS = frozenset(
    ("startup_name", *PROFILE_FIELDS, "funding_need_usd", "current_location", "callback_url")
)
BULK_FIELDS = frozenset(("cases", "callback_url"))
# Printable ASCII, not starting or ending with a space (a UUID, an order number, ...).
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]*[!-~])?$"
IDEMPOTENCY_KEY_RE = re.compile(IDEMPOTENCY_KEY_PATTERN)


class SubmissionInvalid(Exception):
    """What is wrong with a submission, field by field; for bulk, item by item (`index`)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(error["detail"] for error in errors))
        self.errors = errors


class IdempotencyKeyReused(Exception):
    """The Idempotency-Key was used before for a different request."""


@dataclass(frozen=True)
class Accepted:
    """A submission's outcome: what it created, or what it created the first time (replayed)."""

    link: PartnerCase | None = None
    batch: PartnerBatch | None = None
    replayed: bool = False


# --- checking submissions -------------------------------------------------------------------


def _error(error: InvalidInput, index: int | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"field": error.field, "detail": error.message}
    if index is not None:
        found["index"] = index
    return found


def _text(data: Mapping[str, Any], name: str, label: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(name, f"{label} must be a string")
    return value


def _number(value: Any) -> Any:
    """JSON integers too large for a float become infinity, which the engine refuses politely
    (float() of such an integer raises OverflowError, which it does not expect)."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            float(value)
        except OverflowError:
            return math.inf
    return value


def _numbers(value: Any) -> Any:
    if not isinstance(value, Mapping):
        return value  # the engine says what is wrong with it
    return {key: _number(number) for key, number in value.items()}


def _funding(data: Mapping[str, Any]) -> int | None:
    value = data.get("funding_need_usd")
    if value is None:
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("funding_need_usd", "funding need must be a whole number of US dollars")
    return value


def callback_url_clean(value: Any, *, name: str = "callback_url") -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str):
        raise InvalidInput(name, "the callback URL must be a string")
    if len(value) > MAX_URL_LENGTH:
        raise InvalidInput(name, f"the callback URL must be at most {MAX_URL_LENGTH} characters")
    try:
        if any(ord(character) < 32 for character in value):
            raise ValidationError("control character")
        validate_webhook_url(value)
    except ValidationError:
        # Say what is wrong with a well-formed URL (credentials, a private address), else the
        # general rule.
        problem = webhook_url_problem(value) or "the URL must be an http:// or https:// URL"
        raise InvalidInput(name, problem.replace("the URL", "the callback URL", 1)) from None
    return value


def submission_check(
    data: Any, *, known_regions: set[str] | None = None
) -> tuple[dict[str, Any], str]:
    """Check one case as a partner sends it (JSON). Returns the Case field values and the
    callback URL; raises SubmissionInvalid listing the fields at fault. `known_regions` (every
    region slug) saves a query per case when many are checked; without it the regions a case
    names are looked up, and a case that names none costs no query."""
    if not isinstance(data, Mapping):
        raise SubmissionInvalid(
            [
                {
                    "field": "",
                    "detail": "a case must be a JSON object with startup_name, sector, "
                    "stage, customer_type and markets",
                }
            ]
        )
    errors: list[dict[str, Any]] = [
        {"field": name, "detail": f"unknown field {name!r}"}
        for name in data
        if name not in SUBMISSION_FIELDS
    ]
    callback_url = ""
    try:
        callback_url = callback_url_clean(data.get("callback_url"))
    except InvalidInput as error:
        errors.append(_error(error))
    fields, problems = _case_fields(data, known_regions=known_regions)
    errors.extend(problems)
    if errors:
        raise SubmissionInvalid(errors)
    return fields, callback_url


def _regions(data: Mapping[str, Any]) -> Any:
    regions = data.get("regions")
    if regions is not None and (
        not isinstance(regions, list)
        or not all(isinstance(slug, str) and "\x00" not in slug for slug in regions)
    ):
        raise InvalidInput("regions", "regions must be a list of region slugs")
    return regions


def _weights(data: Mapping[str, Any]) -> Any:
    weights = data.get("weights")
    if weights is not None and not isinstance(weights, Mapping):
        raise InvalidInput("weights", "weights must map criteria to numbers")
    return _numbers(weights)


# Each case field as read from JSON (type checks the shared rules do not make for JSON), in the
# order problems are reported, and a valid stand-in for it.
CASE_FIELDS: dict[str, tuple[Any, Any]] = {
    "startup_name": (lambda data: _text(data, "startup_name", "startup name"), "x"),
    "sector": (lambda data: data.get("sector"), SECTORS[0]),
    "stage": (lambda data: data.get("stage"), STAGES[0]),
    "customer_type": (lambda data: data.get("customer_type"), CUSTOMER_TYPES[0]),
    "markets": (lambda data: _numbers(data.get("markets")), {MARKETS[0]: 100}),
    "weights": (_weights, {}),
    "regions": (_regions, []),
    "funding_need_usd": (_funding, None),
    "current_location": (lambda data: _text(data, "current_location", "location"), ""),
}


def _case_fields(
    data: Mapping[str, Any], *, known_regions: set[str] | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The Case field values, or every field's problem rather than only the first: the shared
    rules (case_clean) stop at the first, so each field found wrong is set aside (replaced by
    a valid stand-in) and the rest checked again, which keeps their messages word for word."""
    errors: list[dict[str, Any]] = []
    values: dict[str, Any] = {}
    for name, (read, stand_in) in CASE_FIELDS.items():
        try:
            values[name] = read(data)
        except InvalidInput as error:
            errors.append(_error(error))
            values[name] = stand_in
    set_aside = {error["field"] for error in errors}
    while True:
        try:
            fields = case_clean(
                startup_name=values["startup_name"],
                profile={name: values[name] for name in PROFILE_FIELDS},
                funding_need_usd=values["funding_need_usd"],
                current_location=values["current_location"],
                known_regions=known_regions,
            )
        except InvalidInput as error:
            errors.append(_error(error))
            if error.field not in CASE_FIELDS or error.field in set_aside:
                break
            set_aside.add(error.field)
            values[error.field] = CASE_FIELDS[error.field][1]
            continue
        if not errors:
            return fields, []
        break
    order = list(CASE_FIELDS)
    errors.sort(key=lambda error: order.index(error["field"]) if error["field"] in order else -1)
    return {}, errors


def idempotency_key_clean(value: str | None) -> str:
    """The key as sent: printable ASCII without surrounding spaces (HTTP drops those anyway),
    exactly what the OpenAPI schema's pattern says."""
    if value is None:
        return ""
    key = value
    if len(key) > MAX_IDEMPOTENCY_KEY_LENGTH or not IDEMPOTENCY_KEY_RE.fullmatch(key):
        raise SubmissionInvalid(
            [
                {
                    "field": "Idempotency-Key",
                    "detail": f"the Idempotency-Key header must be 1 to "
                    f"{MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters",
                }
            ]
        )
    return key


def _fingerprint(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _region_slugs() -> set[str]:
    return set(Region.objects.values_list("slug", flat=True))


# --- submitting -----------------------------------------------------------------------------


def partner_case_submit(
    *, partner: Partner, data: Any, idempotency_key: str | None = None
) -> Accepted:
    """Check and save one case for the partner, queued for scoring once saved. The same
    Idempotency-Key with the same body gives back the first case instead of a new one.

    Raises SubmissionInvalid, or IdempotencyKeyReused when the key came with another body.
    """
    key = idempotency_key_clean(idempotency_key)
    fingerprint = _fingerprint(data) if key else ""
    if key:
        earlier = _earlier_case(partner=partner, key=key, fingerprint=fingerprint)
        if earlier:
            return earlier
    fields, callback_url = submission_check(data)
    try:
        with transaction.atomic():
            case = case_submit(
                startup_name=fields["startup_name"],
                profile={name: fields[name] for name in PROFILE_FIELDS},
                channel=Case.Channel.API,
                funding_need_usd=fields["funding_need_usd"],
                current_location=fields["current_location"],
            )
            link = PartnerCase.objects.create(
                case=case,
                partner=partner,
                idempotency_key=key,
                request_hash=fingerprint,
                callback_url=callback_url,
            )
    except IntegrityError:
        # The same key in a concurrent request won the race: answer with its case.
        earlier = _earlier_case(partner=partner, key=key, fingerprint=fingerprint) if key else None
        if earlier is None:
            raise
        return earlier
    return Accepted(link=link)


def _earlier_case(*, partner: Partner, key: str, fingerprint: str) -> Accepted | None:
    link = (
        PartnerCase.objects.select_related("case", "partner", "batch")
        .filter(partner=partner, idempotency_key=key)
        .first()
    )
    if link is None:
        return None
    if link.request_hash != fingerprint:
        raise IdempotencyKeyReused(key)
    return Accepted(link=link, replayed=True)


def partner_cases_submit_bulk(
    *, partner: Partner, data: Any, idempotency_key: str | None = None
) -> Accepted:
    """Check up to MAX_BULK_CASES cases; save the valid ones in one insert and score them as one
    vectorised batch. Rejected items are reported by index beside the accepted ones' ids.

    Raises SubmissionInvalid when the request itself is wrong or no item is valid, and
    IdempotencyKeyReused when the key came with another body.
    """
    key = idempotency_key_clean(idempotency_key)
    fingerprint = _fingerprint(data) if key else ""
    if key:
        earlier = _earlier_batch(partner=partner, key=key, fingerprint=fingerprint)
        if earlier:
            return earlier
    items, default_callback = _bulk_items(data)

    known = _region_slugs()
    cleaned: list[dict[str, Any]] = []
    accepted: list[tuple[int, str]] = []  # (index, callback URL)
    errors: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        try:
            fields, callback_url = submission_check(item, known_regions=known)
        except SubmissionInvalid as problem:
            errors.extend({"index": index, **error} for error in problem.errors)
            continue
        cleaned.append(fields)
        accepted.append((index, callback_url or default_callback))
    if not cleaned:
        raise SubmissionInvalid(errors)

    try:
        with transaction.atomic():
            # The batch row first: a concurrent request with the same key fails here, early.
            batch = PartnerBatch.objects.create(
                partner=partner, idempotency_key=key, request_hash=fingerprint, errors=errors
            )
            cases = cases_submit_batch(cleaned=cleaned, channel=Case.Channel.API)
            ids: list[str | None] = [None] * len(items)
            for (index, _), case in zip(accepted, cases, strict=True):
                ids[index] = str(case.id)
            batch.case_ids = ids
            batch.save(update_fields=["case_ids"])
            PartnerCase.objects.bulk_create(
                [
                    PartnerCase(case=case, partner=partner, batch=batch, callback_url=callback_url)
                    for (_, callback_url), case in zip(accepted, cases, strict=True)
                ],
                batch_size=500,
            )
    except IntegrityError:
        earlier = _earlier_batch(partner=partner, key=key, fingerprint=fingerprint) if key else None
        if earlier is None:
            raise
        return earlier
    return Accepted(batch=batch)


def _bulk_items(data: Any) -> tuple[list[Any], str]:
    if not isinstance(data, Mapping):
        raise SubmissionInvalid(
            [{"field": "", "detail": 'the body must be a JSON object: {"cases": [...]}'}]
        )
    errors = [
        {"field": name, "detail": f"unknown field {name!r}"}
        for name in data
        if name not in BULK_FIELDS
    ]
    items = data.get("cases")
    if not isinstance(items, list) or not items:
        errors.append({"field": "cases", "detail": "cases must be a list of at least one case"})
    elif len(items) > MAX_BULK_CASES:
        errors.append(
            {
                "field": "cases",
                "detail": f"at most {MAX_BULK_CASES} cases per request ({len(items)} sent)",
            }
        )
    default_callback = ""
    try:
        default_callback = callback_url_clean(data.get("callback_url"))
    except InvalidInput as error:
        errors.append(_error(error))
    if errors:
        raise SubmissionInvalid(errors)
    return items, default_callback


def _earlier_batch(*, partner: Partner, key: str, fingerprint: str) -> Accepted | None:
    batch = PartnerBatch.objects.filter(partner=partner, idempotency_key=key).first()
    if batch is None:
        return None
    if batch.request_hash != fingerprint:
        raise IdempotencyKeyReused(key)
    return Accepted(batch=batch, replayed=True)


