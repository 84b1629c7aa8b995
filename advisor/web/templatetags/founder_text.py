"""Template filters for the founder pages' text."""

from __future__ import annotations

from django import template

from advisor.presentation.spacing import spaced as spaced_text

register = template.Library()


@register.filter(is_safe=True)
def spaced(value: str) -> str:
    """A space between Chinese and Latin text (see advisor.presentation.spacing). Spaces are
    only inserted between letters, so escaped text stays escaped and safe."""
    return spaced_text(str(value))
