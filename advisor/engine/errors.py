from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class InvalidInput(ValueError):
    """Input the engine refuses, with the field it concerns and a message a person can act on.

    `code` names the rule broken (for a face that words it in its own language) and `params` the
    values its message quotes."""

    def __init__(
        self,
        field: str,
        message: str,
        *,
        code: str = "invalid",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code
        self.params = dict(params or {})

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidDataset(ValueError):
    """The region dataset is incomplete or inconsistent (a missing value, an unknown slug)."""
