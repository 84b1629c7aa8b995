"""Changes recorded in the history, in words: a value as a reader names it (a label, not a
code), and a new result summarised by what an advisor looks for (did the recommendation change,
which scores moved) rather than the stored dictionary.

Pure functions of the values and the names passed in: the admin's history pages and the case
page's "recent changes" both call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from advisor.presentation import labels, numbers

# A score that moved less than this is rounding, not a change worth naming.
MOVED_AT_LEAST = 0.05
# How many of the scores that moved most are named.
MOVED_NAMED = 3


def value_in_words(value: Any, *, choices: Mapping[str, Any] | None = None) -> str:
    """A field's value as the workspace names it: a label for a code, "yes" or "no", a list or
    a mapping written out, "-" for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return "-"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if choices is not None and isinstance(value, str) and value in choices:
        return str(choices[value])
    if isinstance(value, list):
        return ", ".join(value_in_words(item, choices=choices) for item in value)
    if isinstance(value, dict):
        return ", ".join(
            f"{value_in_words(key, choices=choices)} {value_in_words(item)}"
            for key, item in value.items()
        )
    if isinstance(value, float):
        return f"{value:g}"  # as typed in the form, so an edit is recognised
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    return str(value)


def markets_in_words(markets: Mapping[str, float] | None) -> str:
    if not markets:
        return "-"
    return ", ".join(
        f"{labels.label(labels.MARKETS, code)} {numbers.number(share, 1)}%"
        for code, share in markets.items()
    )


def weights_in_words(weights: Mapping[str, float] | None) -> str:
    if not weights:
        return _("default weights")
    return ", ".join(
        f"{labels.label(labels.CRITERIA, name)} {numbers.number(weight, 2)}"
        for name, weight in weights.items()
    )


def result_in_words(result: Mapping[str, Any] | None, *, names: Mapping[str, str]) -> str:
    """One stored result as a line: the recommendation and its score."""
    if not result:
        return _("no result")
    ranking = result.get("ranking") or []
    slug = result.get("recommendation")
    score = next((entry["score"] for entry in ranking if entry["region"] == slug), None)
    name = names.get(slug, slug) if slug else "-"
    if score is None:
        return _("recommends %(region)s") % {"region": name}
    return _("recommends %(region)s (score %(score)s)") % {
        "region": name,
        "score": numbers.score(score),
    }


def result_change_in_words(
    old: Mapping[str, Any] | None, new: Mapping[str, Any] | None, *, names: Mapping[str, str]
) -> tuple[str, str]:
    """A result that changed, as (before, after): the recommendation on each side and, after,
    the scores that moved most (region, old score, new score)."""
    if not old or not new:
        return result_in_words(old, names=names), result_in_words(new, names=names)
    before = {entry["region"]: entry["score"] for entry in old.get("ranking") or []}
    after = {entry["region"]: entry["score"] for entry in new.get("ranking") or []}
    moved = sorted(
        (
            (abs(after[slug] - before[slug]), slug)
            for slug in before.keys() & after.keys()
            if abs(after[slug] - before[slug]) >= MOVED_AT_LEAST
        ),
        reverse=True,
    )[:MOVED_NAMED]
    if moved:
        scores = _("scores moved: %(moves)s") % {
            "moves": numbers.join(
                [
                    _("%(region)s %(old)s → %(new)s")
                    % {
                        "region": names.get(slug, slug),
                        "old": numbers.score(before[slug]),
                        "new": numbers.score(after[slug]),
                    }
                    for _delta, slug in moved
                ]
            )
        }
    else:
        scores = _("no score moved")
    if old.get("recommendation") == new.get("recommendation"):
        summary = _("same recommendation; %(scores)s") % {"scores": scores}
    else:
        summary = _("%(result)s; %(scores)s") % {
            "result": result_in_words(new, names=names),
            "scores": scores,
        }
    return result_in_words(old, names=names), summary
