"""Regions the founders cannot move to (no route open to the nationality, or not enough capital)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy, ngettext

from advisor.presentation.numbers import (
    approximately,
    join,
    percent,
)

FEASIBILITY_STATUSES = {
    "unknown": gettext_lazy("depends on your nationality"),
    "open": gettext_lazy("open to you"),
    "capital": gettext_lazy("needs more capital than you are raising"),
    "closed": gettext_lazy("no route open to your nationality"),
}


def feasibility_sentences(
    feasibility: Mapping[str, Any] | None, names: Mapping[str, str]
) -> list[str]:
    """Which regions the founders cannot move to, and what the rule did to them: left out (no
    route open to the nationality) or penalised (routes open but above the funding need)."""
    if not feasibility:
        return []
    flagged = feasibility.get("flagged") or []
    closed = [
        names.get(entry["region"], entry["region"])
        for entry in flagged
        if entry["status"] == "closed"
    ]
    capital = [
        names.get(entry["region"], entry["region"])
        for entry in flagged
        if entry["status"] == "capital"
    ]
    nationality = feasibility.get("nationality") or ""
    found = []
    if closed:
        penalty = float(feasibility.get("closed_penalty", 1))
        if penalty >= 1:
            found.append(
                ngettext(
                    "%(regions)s is left out: no visa or residence route there is open to "
                    "founders of nationality %(nationality)s.",
                    "%(regions)s are left out: no visa or residence route there is open to "
                    "founders of nationality %(nationality)s.",
                    len(closed),
                )
                % {"regions": join(closed[:5]), "nationality": nationality}
            )
        else:
            found.append(
                ngettext(
                    "%(regions)s loses %(penalty)s of its score: no visa or residence route "
                    "there is open to founders of nationality %(nationality)s.",
                    "%(regions)s lose %(penalty)s of their score: no visa or residence route "
                    "there is open to founders of nationality %(nationality)s.",
                    len(closed),
                )
                % {
                    "regions": join(closed[:5]),
                    "penalty": percent(penalty),
                    "nationality": nationality,
                }
            )
    if capital:
        found.append(
            ngettext(
                "%(regions)s loses %(penalty)s of its score: every route open to you there needs "
                "more capital than your funding need of %(need)s USD.",
                "%(regions)s lose %(penalty)s of their score: every route open to you there needs "
                "more capital than your funding need of %(need)s USD.",
                len(capital),
            )
            % {
                "regions": join(capital[:5]),
                "penalty": percent(float(feasibility.get("capital_penalty", 0))),
                "need": approximately(float(feasibility.get("funding_need_usd") or 0)),
            }
        )
    return found
