"""Partners' submissions: one case or many in bulk, idempotent under an Idempotency-Key.

A case is checked by the one input checker (advisor.services.profiles), as the founder form's
and the command line's are; this adds only what is the partner API's own: fields a case may not
have, the callback URL, the bulk envelope and the Idempotency-Key. Every refusal is a
DomainError listing every problem (in bulk, item by item with its `index`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from advisor.errors import Code, DomainError, Problem
from advisor.models import Case
from advisor.partners.models import MAX_IDEMPOTENCY_KEY_LENGTH, Partner, PartnerBatch, PartnerCase
from advisor.partners.webhooks.addresses import callback_url_clean
from advisor.services.cases import case_save, cases_submit_batch
from advisor.services.profiles import CASE_FIELDS, PROFILE_FIELDS, case_clean
from regions.models import Region

MAX_BULK_CASES = 1000
SUBMISSION_FIELDS = frozenset((*CASE_FIELDS, "callback_url", "share_link"))
BULK_FIELDS = frozenset(("cases", "callback_url"))
# Printable ASCII, not starting or ending with a space (a UUID, an order number, ...).
IDEMPOTENCY_KEY_PATTERN = r"^[!-~]([ -~]*[!-~])?$"
IDEMPOTENCY_KEY_RE = re.compile(IDEMPOTENCY_KEY_PATTERN)
NOT_A_CASE = (
    "a case must be a JSON object with startup_name, sector, stage, customer_type and markets"
)
KEY_REUSED = "This Idempotency-Key was already used with a different request body."
# An unknown field's name is quoted back up to this length: a megabyte-long name is not echoed.
MAX_QUOTED_NAME = 64


def _unknown_field(name: str) -> Problem:
    shown = name if len(name) <= MAX_QUOTED_NAME else name[:MAX_QUOTED_NAME] + "..."
    return Problem(shown, f"unknown field {shown!r}")


@dataclass(frozen=True)
class LinkOptions:
    """What a submission says about the partner's link to its case, beside the case itself:
    where its webhook goes, and whether the founder pages may show it (`share_link`)."""

    callback_url: str = ""
    share_link: bool = False


def share_link_clean(value: Any) -> bool:
    """`share_link` as sent: true or false (JSON booleans only: "yes" or 1 is a typo)."""
    if not isinstance(value, bool):
        raise DomainError.of("share_link", "share_link must be true or false")
    return value


@dataclass(frozen=True)
class Accepted:
    """A submission's outcome: what it created, or what it created the first time (replayed)."""

    link: PartnerCase | None = None
    batch: PartnerBatch | None = None
    replayed: bool = False


# --- checking -------------------------------------------------------------------------------


def submission_problems(
    data: Any, *, known_regions: Collection[str] | None = None, default_callback: str = ""
) -> tuple[dict[str, Any], LinkOptions, list[Problem]]:
    """One case as a partner sends it (JSON): its Case field values and link options, or the
    problems (every one). `known_regions` (every region slug) saves a query per case when many
    are checked."""
    if not isinstance(data, Mapping):
        return {}, LinkOptions(), [Problem("", NOT_A_CASE)]
    problems = [_unknown_field(name) for name in data if name not in SUBMISSION_FIELDS]
    callback_url = ""
    try:
        callback_url = callback_url_clean(data.get("callback_url"))
    except DomainError as error:
        problems.extend(error.problems)
    share_link = False
    if "share_link" in data:
        try:
            share_link = share_link_clean(data.get("share_link"))
        except DomainError as error:
            problems.extend(error.problems)
    fields: dict[str, Any] = {}
    try:
        fields = case_clean(
            startup_name=data.get("startup_name"),
            profile={name: data.get(name) for name in PROFILE_FIELDS},
            funding_need_usd=data.get("funding_need_usd"),
            current_location=data.get("current_location"),
            known_regions=known_regions,
        )
    except DomainError as error:
        problems.extend(error.problems)
    link = LinkOptions(callback_url=callback_url or default_callback, share_link=share_link)
    return fields, link, problems


def submission_clean(
    data: Any, *, known_regions: Collection[str] | None = None
) -> tuple[dict[str, Any], LinkOptions]:
    """submission_problems, raising DomainError with every problem."""
    fields, link, problems = submission_problems(data, known_regions=known_regions)
    if problems:
        raise DomainError(problems)
    return fields, link


def bulk_envelope_clean(data: Any) -> tuple[list[Any], str]:
    """The items of a bulk request and its default callback URL; DomainError when the request
    itself is wrong (not its items)."""
    if not isinstance(data, Mapping):
        raise DomainError.of("", 'the body must be a JSON object: {"cases": [...]}')
    problems = [_unknown_field(name) for name in data if name not in BULK_FIELDS]
    items = data.get("cases")
    if not isinstance(items, list) or not items:
        problems.append(Problem("cases", "cases must be a list of at least one case"))
    elif len(items) > MAX_BULK_CASES:
        problems.append(
            Problem("cases", f"at most {MAX_BULK_CASES} cases per request ({len(items)} sent)")
        )
    default_callback = ""
    try:
        default_callback = callback_url_clean(data.get("callback_url"))
    except DomainError as error:
        problems.extend(error.problems)
    if problems:
        raise DomainError(problems)
    return items, default_callback


@dataclass(frozen=True)
class BulkChecked:
    """A bulk request checked item by item: the valid items' Case field values, their (index,
    link options), the other items' problems (with their index), and how many items came."""

    cleaned: list[dict[str, Any]]
    accepted: list[tuple[int, LinkOptions]]
    problems: list[Problem]
    count: int


def bulk_clean(data: Any) -> BulkChecked:
    """Check a bulk request; DomainError when the request itself is wrong or no item is valid."""
    items, default_callback = bulk_envelope_clean(data)
    known = set(Region.objects.values_list("slug", flat=True))
    cleaned: list[dict[str, Any]] = []
    accepted: list[tuple[int, LinkOptions]] = []
    problems: list[Problem] = []
    for index, item in enumerate(items):
        fields, link, found = submission_problems(
            item, known_regions=known, default_callback=default_callback
        )
        if found:
            problems.extend(problem.at(index) for problem in found)
            continue
        cleaned.append(fields)
        accepted.append((index, link))
    if not cleaned:
        raise DomainError(problems)
    return BulkChecked(cleaned=cleaned, accepted=accepted, problems=problems, count=len(items))


def idempotency_key_clean(value: str | None) -> str:
    """The key as sent: printable ASCII without surrounding spaces (HTTP drops those anyway),
    exactly what the OpenAPI schema's pattern says."""
    if value is None:
        return ""
    if len(value) > MAX_IDEMPOTENCY_KEY_LENGTH or not IDEMPOTENCY_KEY_RE.fullmatch(value):
        raise DomainError.of(
            "Idempotency-Key",
            f"the Idempotency-Key header must be 1 to {MAX_IDEMPOTENCY_KEY_LENGTH} printable "
            "ASCII characters",
        )
    return value


# --- submitting -----------------------------------------------------------------------------


def partner_case_submit(
    *, partner: Partner, data: Any, idempotency_key: str | None = None
) -> Accepted:
    """Check and save one case for the partner, queued for scoring once saved. The same
    Idempotency-Key with the same body gives back the first case instead of a new one.

    Raises DomainError: INVALID listing every problem, CONFLICT when the key came with another
    body."""

    def create(key: str, fingerprint: str) -> Accepted:
        fields, options = submission_clean(data)
        with transaction.atomic():
            case = case_save(fields=fields, channel=Case.Channel.API)
            link = PartnerCase.objects.create(
                case=case,
                partner=partner,
                idempotency_key=key,
                request_hash=fingerprint,
                callback_url=options.callback_url,
                share_link=options.share_link,
            )
        return Accepted(link=link)

    return _once(partner, idempotency_key, data, earlier=_earlier_case, create=create)


def partner_cases_submit_bulk(
    *, partner: Partner, data: Any, idempotency_key: str | None = None
) -> Accepted:
    """Check up to MAX_BULK_CASES cases; save the valid ones in one insert and score them as one
    vectorised batch. Rejected items are reported by index beside the accepted ones' ids.

    Raises DomainError: INVALID when the request itself is wrong or no item is valid, CONFLICT
    when the key came with another body."""

    def create(key: str, fingerprint: str) -> Accepted:
        checked = bulk_clean(data)
        cleaned, accepted = checked.cleaned, checked.accepted
        with transaction.atomic():
            # The batch row first: a concurrent request with the same key fails here, early.
            batch = PartnerBatch.objects.create(
                partner=partner,
                idempotency_key=key,
                request_hash=fingerprint,
                errors=[
                    problem.as_dict() for problem in checked.problems[: settings.PROBLEM_MAX_ERRORS]
                ],
                errors_total=len(checked.problems),
            )
            cases = cases_submit_batch(cleaned=cleaned, channel=Case.Channel.API)
            ids: list[str | None] = [None] * checked.count
            for (index, _), case in zip(accepted, cases, strict=True):
                ids[index] = str(case.id)
            batch.case_ids = ids
            batch.save(update_fields=["case_ids"])
            PartnerCase.objects.bulk_create(
                [
                    PartnerCase(
                        case=case,
                        partner=partner,
                        batch=batch,
                        callback_url=options.callback_url,
                        share_link=options.share_link,
                    )
                    for (_, options), case in zip(accepted, cases, strict=True)
                ],
                batch_size=500,
            )
        return Accepted(batch=batch)

    return _once(partner, idempotency_key, data, earlier=_earlier_batch, create=create)


def _once(
    partner: Partner,
    idempotency_key: str | None,
    data: Any,
    *,
    earlier: Callable[..., Accepted | None],
    create: Callable[[str, str], Accepted],
) -> Accepted:
    """Run `create` once per Idempotency-Key: a request that repeats a key with the same body
    gets the first answer again (`earlier`), with another body a CONFLICT."""
    key = idempotency_key_clean(idempotency_key)
    fingerprint = _fingerprint(data) if key else ""
    if key:
        found = earlier(partner=partner, key=key, fingerprint=fingerprint)
        if found:
            return found
    try:
        return create(key, fingerprint)
    except IntegrityError:
        # The same key in a concurrent request won the race: answer with what it created.
        found = earlier(partner=partner, key=key, fingerprint=fingerprint) if key else None
        if found is None:
            raise
        return found


def _earlier_case(*, partner: Partner, key: str, fingerprint: str) -> Accepted | None:
    link = (
        PartnerCase.objects.select_related("case", "partner", "batch")
        .filter(partner=partner, idempotency_key=key)
        .first()
    )
    return _replayed(link, fingerprint, Accepted(link=link, replayed=True))


def _earlier_batch(*, partner: Partner, key: str, fingerprint: str) -> Accepted | None:
    batch = PartnerBatch.objects.filter(partner=partner, idempotency_key=key).first()
    return _replayed(batch, fingerprint, Accepted(batch=batch, replayed=True))


def _replayed(
    found: PartnerCase | PartnerBatch | None, fingerprint: str, answer: Accepted
) -> Accepted | None:
    if found is None:
        return None
    if found.request_hash != fingerprint:
        raise DomainError.of("Idempotency-Key", KEY_REUSED, code=Code.CONFLICT)
    return answer


def _fingerprint(data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- sharing --------------------------------------------------------------------------------


def partner_case_share(*, link: PartnerCase, data: Any) -> PartnerCase:
    """Change whether the founder pages show the partner's case (PATCH {"share_link": ...}):
    the body must be exactly that one boolean. Raises DomainError listing every problem."""
    if not isinstance(data, Mapping):
        raise DomainError.of("", 'the body must be a JSON object: {"share_link": true}')
    problems = [_unknown_field(name) for name in data if name != "share_link"]
    share_link = link.share_link
    if "share_link" not in data:
        problems.append(Problem("share_link", "share_link is required (true or false)"))
    else:
        try:
            share_link = share_link_clean(data["share_link"])
        except DomainError as error:
            problems.extend(error.problems)
    if problems:
        raise DomainError(problems)
    PartnerCase.objects.filter(pk=link.pk).update(share_link=share_link)
    link.share_link = share_link
    return link
