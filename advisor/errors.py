"""The one error a service raises when it refuses to do what it was asked: a code that says what
kind of refusal it is, and the problems, field by field.

Each face maps it to its own words in one place: the founder form puts each problem beside its
field (advisor/web/forms/), the partner API answers problem+json
(advisor/partners/api/problems.py), the admin shows a message (advisor/platform/refusals.py) and
the command line prints one line (the same module). The engine's own InvalidInput
never leaves the services: they translate it where they call the engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.engine.errors import InvalidInput


class Code(StrEnum):
    """What kind of refusal."""

    INVALID = "invalid"  # the input breaks a rule
    CONFLICT = "conflict"  # the request contradicts an earlier one (an Idempotency-Key reused)
    NOT_NOW = "not_now"  # the case's state does not allow it (no result yet, already queued)
    NO_REGION_DATA = "no_region_data"  # there is no region data to score against
    UNSCORABLE_DATA = "unscorable_data"  # region data that new scorings could not use


@dataclass(frozen=True)
class Problem:
    """One thing wrong: the field at fault ("" for the request as a whole), what is wrong in
    English words a person can act on, the rule broken (`code`, for a face that words it in the
    reader's language, with the values it quotes in `params`) and, in a bulk request, the
    position of the item."""

    field: str
    detail: str
    code: str = "invalid"
    params: Mapping[str, Any] = field(default_factory=dict)
    index: int | None = None

    @classmethod
    def from_engine(cls, error: InvalidInput) -> Problem:
        return cls(error.field, error.message, code=error.code, params=error.params)

    def at(self, index: int) -> Problem:
        return replace(self, index=index)

    def as_dict(self) -> dict[str, Any]:
        """The problem as the partner API lists it: field, detail and, in bulk, index."""
        found: dict[str, Any] = {"field": self.field, "detail": self.detail}
        if self.index is not None:
            found = {"index": self.index, **found}
        return found


class DomainError(Exception):
    """A service refused: `code` says why, `problems` what exactly (at least one)."""

    def __init__(self, problems: Problem | Iterable[Problem], *, code: Code = Code.INVALID) -> None:
        self.problems = (problems,) if isinstance(problems, Problem) else tuple(problems)
        if not self.problems:
            raise ValueError("a DomainError needs at least one problem")
        self.code = code
        super().__init__("; ".join(str(self._line(problem)) for problem in self.problems))

    @classmethod
    def of(
        cls, field: str, detail: str, *, code: Code = Code.INVALID, **params: Any
    ) -> DomainError:
        """A refusal with a single problem."""
        return cls(Problem(field, detail, params=params), code=code)

    @classmethod
    def from_engine(cls, errors: InvalidInput | Iterable[InvalidInput]) -> DomainError:
        """The engine's refusal of the input (one error, or every one found)."""
        found = [errors] if isinstance(errors, Exception) else list(errors)
        return cls(Problem.from_engine(error) for error in found)

    # The first problem: what a face that shows one line (the CLI, an admin message) says.
    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def message(self) -> str:
        return self.problems[0].detail

    @staticmethod
    def _line(problem: Problem) -> str:
        return f"{problem.field}: {problem.detail}" if problem.field else problem.detail
