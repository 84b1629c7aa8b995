from __future__ import annotations


class InvalidInput(ValueError):
    """Input the engine refuses, with the field it concerns and a message a person can act on."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidDataset(ValueError):
    """The region dataset is incomplete or inconsistent (a missing value, an unknown slug)."""
