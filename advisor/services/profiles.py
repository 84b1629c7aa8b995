"""The one input checker. Whatever a face hands in (the founder form, the partner API one case at
a time or in bulk, the command line) is checked here, and every problem is reported at once, in
the order of the case's fields. A profile's own rules are the engine's
(advisor.engine.profiles, which also checks the batch file's table with the same rules and
words); this adds the rules of a case (its name, location and funding need, regions that exist)
and the shapes JSON can send that Python types cannot (a name that is a number, an integer too
large for a float).

Raises DomainError (advisor.errors) with a Problem per field at fault; nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from advisor.engine import profile_problems
from advisor.engine.profiles import parse_regions
from advisor.errors import DomainError, Problem
from advisor.services.text import text_problem
from regions.models import Region

MAX_NAME_LENGTH = 200
MAX_LOCATION_LENGTH = 100
MIN_FUNDING_USD = 0
MAX_FUNDING_USD = 2**63 - 1  # the largest amount the database column holds
MIN_REGIONS = 2
PROFILE_FIELDS = (
    "sector",
    "stage",
    "customer_type",
    "markets",
    "weights",
    "regions",
    "founder_nationality",
    "incorporated_in",
)
# A case's fields in the order their problems are reported.
CASE_FIELDS = (
    "startup_name",
    *PROFILE_FIELDS,
    "funding_need_usd",
    "current_location",
    "founder_email",
)
MAX_EMAIL_LENGTH = 254


def profile_clean(data: Any, *, known_regions: Collection[str] | None = None) -> dict[str, Any]:
    """The profile as the engine reads it (shares in market order without the empty ones,
    regions without repeats), or DomainError listing every problem."""
    profile, problems = _profile(data, known_regions=known_regions)
    if problems:
        raise DomainError(problems)
    return profile


def case_clean(
    *,
    startup_name: Any,
    profile: Any,
    funding_need_usd: Any = None,
    current_location: Any = "",
    founder_email: Any = "",
    known_regions: Collection[str] | None = None,
) -> dict[str, Any]:
    """A case's field values, checked; or DomainError listing every problem, in field order.

    `known_regions` (every region slug) saves a query per case when many are checked at once;
    without it only the regions a case names are looked up, and a case that names none costs
    no query."""
    problems: list[Problem] = []

    def take(check, *args, **kwargs) -> Any:
        try:
            return check(*args, **kwargs)
        except DomainError as error:
            problems.extend(error.problems)
            return None

    name = take(_text, startup_name, "startup_name", "startup name", MAX_NAME_LENGTH, True)
    checked = take(profile_clean, profile, known_regions=known_regions)
    funding = take(_funding, funding_need_usd)
    location = take(_text, current_location, "current_location", "location", MAX_LOCATION_LENGTH)
    email = take(_email, founder_email)
    if problems:
        raise DomainError(sorted(problems, key=_field_order))
    return {
        "startup_name": name,
        **checked,
        # Stored as text: '' where the founders did not say.
        "founder_nationality": checked.get("founder_nationality") or "",
        "incorporated_in": checked.get("incorporated_in") or "",
        "funding_need_usd": funding,
        "current_location": location,
        "founder_email": email,
    }


def _field_order(problem: Problem) -> int:
    return CASE_FIELDS.index(problem.field) if problem.field in CASE_FIELDS else -1


def _text(value: Any, field: str, label: str, longest: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError.of(field, f"{label} must be a string")
    text = value.strip()
    if required and not text:
        raise DomainError.of(field, f"{label} is required")
    if len(text) > longest:
        raise DomainError.of(field, f"{label} must be at most {longest} characters")
    problem = text_problem(text, label=label)
    if problem:
        raise DomainError.of(field, problem)
    return text


def funding_clean(value: Any) -> int | None:
    """A funding need in whole US dollars (None: not given), or DomainError."""
    return _funding(value)


def _email(value: Any) -> str:
    """An optional email address, checked as Django checks one ('' when not given)."""
    text = _text(value, "founder_email", "email address", MAX_EMAIL_LENGTH)
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise DomainError.of(
            "founder_email", "enter a valid email address", code="invalid"
        ) from None
    return text


def _funding(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError.of(
            "funding_need_usd", "funding need must be a whole number of US dollars"
        )
    if value < MIN_FUNDING_USD:
        raise DomainError.of("funding_need_usd", "funding need cannot be negative")
    if value > MAX_FUNDING_USD:
        raise DomainError.of("funding_need_usd", "funding need is too large")
    return value


def _profile(
    data: Any, *, known_regions: Collection[str] | None
) -> tuple[dict[str, Any], list[Problem]]:
    if not isinstance(data, Mapping):
        return {}, [Problem.from_engine(error) for error in profile_problems(data)[1]]
    problems: list[Problem] = []
    weights = data.get("weights")
    if weights is not None and not isinstance(weights, Mapping):
        problems.append(Problem("weights", "weights must map criteria to numbers"))
        weights = None
    regions = data.get("regions")
    if regions is not None and (
        not isinstance(regions, list | tuple)
        or not all(isinstance(slug, str) and "\x00" not in slug for slug in regions)
    ):
        problems.append(Problem("regions", "regions must be a list of region slugs"))
        regions = None
    profile, engine_problems = profile_problems(
        {
            **data,
            "markets": _numbers(data.get("markets")),
            "weights": _numbers(weights),
            "regions": regions,
        }
    )
    problems.extend(Problem.from_engine(error) for error in engine_problems)
    if regions and not any(problem.field == "regions" for problem in problems):
        problems.extend(_region_problems(parse_regions(regions), known_regions))
    if problems:
        return {}, sorted(problems, key=_field_order)
    checked = profile.to_dict()
    checked.pop("funding_need_usd")  # a field of the case, checked with the case's own rule
    return checked, []


def _region_problems(slugs: tuple[str, ...], known: Collection[str] | None) -> list[Problem]:
    if known is None:
        # Text the database cannot even encode (a lone surrogate) names no region: not asked.
        askable = [slug for slug in slugs if text_problem(slug, label="") is None]
        known = set(Region.objects.filter(slug__in=askable).values_list("slug", flat=True))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        return [Problem("regions", f"unknown region {unknown[0]!r}", code="unknown")]
    if len(slugs) < MIN_REGIONS:
        return [Problem("regions", "choose at least two regions to compare", code="too_few")]
    return []


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
