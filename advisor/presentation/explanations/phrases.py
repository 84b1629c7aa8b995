"""What every explanation shares: sentences run together as the language writes them, and a
criterion's name.
"""

from __future__ import annotations

from django.utils.translation import get_language

from advisor.presentation import labels
from advisor.presentation.spacing import spaced


def sentences(parts: list[str]) -> str:
    """Sentences run together as the language writes them (Chinese puts no space after 。)."""
    separator = "" if (get_language() or "").lower().startswith("zh") else " "
    return spaced(separator.join(part for part in parts if part))


def criterion_name(slug: str) -> str:
    return labels.label(labels.CRITERIA, slug)
