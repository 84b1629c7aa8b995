"""Reading a result as its data had it, in the reader's language: the dataset snapshot a case was
scored on, region names, figures with their units.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language, gettext_lazy

from advisor.engine import Dataset
from advisor.presentation.numbers import number
from regions.dataset import dataset_at_version
from regions.models import DatasetSnapshot, Region

# How a figure reads with its unit; other units are written after the number as the data has them.
UNIT_FORMATS = {
    "index": gettext_lazy("%(value)s on a scale of 0 to 1"),
    "rank": gettext_lazy("rank %(value)s"),
    "count": gettext_lazy("%(value)s"),
    "percent": gettext_lazy("%(value)s%%"),
    "USD per year": gettext_lazy("%(value)s USD a year"),
    "USD per m2 per year": gettext_lazy("%(value)s USD per m² a year"),
    "USD bn": gettext_lazy("%(value)s bn USD"),
    "million": gettext_lazy("%(value)s million"),
}


def reading_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


_SNAPSHOTS: dict[str, Dataset] = {}
_SNAPSHOTS_KEPT = 8


def snapshot(version: str) -> Dataset | None:
    """The dataset a result was computed from. A snapshot never changes, so it is kept in memory."""
    if version not in _SNAPSHOTS:
        try:
            dataset = dataset_at_version(version)
        except DatasetSnapshot.DoesNotExist:
            return None
        if len(_SNAPSHOTS) >= _SNAPSHOTS_KEPT:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        _SNAPSHOTS[version] = dataset
    return _SNAPSHOTS[version]


def region_names(dataset: Dataset | None = None) -> dict[str, str]:
    """Region slug -> name in the active language, from `dataset` or else the current tables."""
    if dataset is not None:
        rows = [(r["slug"], r["name"], r["name_zh"]) for r in dataset.records["regions"]]
    else:
        rows = list(Region.objects.values_list("slug", "name", "name_zh"))
    chinese = reading_chinese()
    return {slug: (name_zh if chinese and name_zh else name) for slug, name, name_zh in rows}


def region_choices() -> list[tuple[str, str]]:
    """(slug, name) of every region, by name in the active language, for the form's checkboxes."""
    names = region_names()
    return sorted(names.items(), key=lambda item: item[1].lower())


def localised(report: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    for row in report["ranking"]:
        row["name"] = names.get(row["region"], row["name"])
    report["winner"] = report["ranking"][0]
    return report


def figure(value: float, unit: str) -> str:
    """A sourced value with its unit, as a reader of the active language writes it."""
    text = number(value, 2)
    if unit in UNIT_FORMATS:
        return str(UNIT_FORMATS[unit]) % {"value": text}
    return f"{text} {unit}".strip()
