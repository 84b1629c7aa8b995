"""Charts rendered on the server as SVG: no JavaScript, no network, and printable.

`criteria_chart_svg(report)` draws each region's total score as a horizontal bar split into the
points each criterion contributes (criterion score x its share of the weights), so the bars add
up to the scores in the ranking table and show *why* one region is ahead. The founder's case page
and the advisors' admin page both use it with a report from `advisor.selectors.case_report`.

The SVG carries its colours and sizes as presentation attributes (no inline style, so it works
under a strict Content Security Policy) and a natural size of 720 pixels wide (360 for the compact
layout for phones); pages may scale it with CSS (`svg.criteria-chart { width: 100%; height: auto; }`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from advisor.engine.vocabulary import CRITERIA
from advisor.presentation.numbers import rounded

# The Okabe-Ito palette: told apart by readers with the common colour-vision deficiencies.
CRITERION_COLOURS = {
    "customer_proximity": "#0072B2",
    "grants": "#E69F00",
    "venture_capital": "#009E73",
    "talent": "#CC79A7",
    "cost": "#56B4E9",
    "policy_risk": "#D55E00",
}
INK = "#1d2433"
MUTED = "#4f5b6d"
GRID = "#d9dee7"

FONT_SIZE = 12
MAX_NAME_CHARACTERS = 28
LEGEND_ROW_HEIGHT = 22
AXIS_HEIGHT = 30
BAR_HEIGHT = 16


@dataclass(frozen=True)
class Layout:
    """Geometry of one chart layout, in SVG pixels (the natural size of the drawing)."""

    width: int
    legend_columns: int
    bar_left: int  # where bars start (0 in 100)
    bar_right: int  # where the longest possible bar would end, leaving room for its total
    row_height: int
    names_above_bars: bool  # narrow screens: the region's name on its own line above its bar


# WIDE: names left of the bars, for laptops, print and the admin. COMPACT: for phones, where a
# 720-pixel drawing shrunk to fit would have unreadable text.
WIDE = Layout(
    width=720, legend_columns=3, bar_left=192, bar_right=660, row_height=26, names_above_bars=False
)
COMPACT = Layout(
    width=360, legend_columns=2, bar_left=8, bar_right=318, row_height=38, names_above_bars=True
)
LABEL_GAP = 8  # between a name and its bar in the wide layout


def _number(value: float, decimals: int = 1) -> str:
    # number_format() cuts extra decimals off rather than rounding them: round first, half up, as
    # the ranking table beside the chart does.
    return number_format(
        rounded(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True
    )


def _axis_maximum(largest: float) -> float:
    """The smallest multiple of 10 at or above the largest total (the axis always starts at 0)."""
    return max(10.0, math.ceil(largest / 10.0) * 10.0)


def _short(name: str) -> str:
    if len(name) <= MAX_NAME_CHARACTERS:
        return name
    return name[: MAX_NAME_CHARACTERS - 1].rstrip() + "…"


def contributions(
    criteria: Mapping[str, float], weights: Sequence[float]
) -> list[tuple[str, float]]:
    """(criterion, points) for one region: its 0-100 criterion scores times the weight shares."""
    total_weight = sum(weights) or 1.0
    return [
        (criterion, float(criteria.get(criterion, 0.0)) * weight / total_weight)
        for criterion, weight in zip(CRITERIA, weights, strict=True)
    ]


def criteria_chart_svg(
    report: Mapping[str, Any], *, chart_id: str = "criteria-chart", compact: bool = False
) -> SafeString:
    """The ranking of `report` (as `case_report` returns it) as a stacked bar chart in SVG.

    `chart_id` prefixes the element ids, so that two charts can share a page; `compact` draws the
    narrow layout for phones (names above the bars).
    """
    layout = COMPACT if compact else WIDE
    rows = list(report["ranking"])
    weight_pairs = list(report["weights"])  # [(label, weight)] in CRITERIA order
    labels = [str(label) for label, _weight in weight_pairs]
    weights = [float(weight) for _label, weight in weight_pairs]

    legend_rows = math.ceil(len(CRITERIA) / layout.legend_columns)
    bars_top = legend_rows * LEGEND_ROW_HEIGHT + 14
    height = bars_top + len(rows) * layout.row_height + AXIS_HEIGHT
    axis_max = _axis_maximum(max((float(row["score"]) for row in rows), default=0.0))
    span = layout.bar_right - layout.bar_left

    def x_at(points: float) -> float:
        return layout.bar_left + span * points / axis_max

    title = _("Score of each region, split by criterion")
    description = _(
        "Each bar is a region's total score out of 100, made of the points each criterion adds "
        "(the criterion's score times its weight). %(summary)s"
    ) % {
        "summary": "; ".join(
            f"{row['rank']}. {row['name']} {_number(float(row['score']))}" for row in rows
        )
    }
    classes = "criteria-chart compact" if compact else "criteria-chart"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" '
        f'id="{chart_id}" viewBox="0 0 {layout.width} {height}" width="{layout.width}" '
        f'height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'font-size="{FONT_SIZE}" '
        f'font-family="system-ui, -apple-system, Segoe UI, PingFang SC, Microsoft YaHei, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]

    # Legend: one swatch per criterion with the weight it carries in this result.
    column_width = layout.width / layout.legend_columns
    for position, (criterion, label, weight) in enumerate(
        zip(CRITERIA, labels, weights, strict=True)
    ):
        x = (position % layout.legend_columns) * column_width
        y = (position // layout.legend_columns) * LEGEND_ROW_HEIGHT
        share = weight / (sum(weights) or 1.0) * 100
        parts.append(
            f'<g class="legend-item"><rect x="{x:.1f}" y="{y + 3}" width="14" height="14" '
            f'rx="2" fill="{CRITERION_COLOURS[criterion]}"/>'
            f'<text x="{x + 20:.1f}" y="{y + 14}" fill="{INK}">{escape(label)} '
            f'<tspan fill="{MUTED}">({_number(share, 0)}%)</tspan></text></g>'
        )

    # Grid lines and the axis.
    step = 10 if axis_max <= 60 else 20
    bars_bottom = bars_top + len(rows) * layout.row_height
    for tick in range(0, int(axis_max) + 1, step):
        x = x_at(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{bars_top - 4}" x2="{x:.1f}" y2="{bars_bottom}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{bars_bottom + 14}" text-anchor="middle" '
            f'fill="{MUTED}">{_number(tick, 0)}</text>'
        )
    axis_title = _("Score out of 100")
    parts.append(
        f'<text x="{layout.bar_left + span / 2:.1f}" y="{bars_bottom + 28}" text-anchor="middle" '
        f'fill="{MUTED}">{escape(axis_title)}</text>'
    )

    # One bar per region, best first.
    for index, row in enumerate(rows):
        top = bars_top + index * layout.row_height
        name = str(row["name"])
        weight_attribute = ' font-weight="700"' if index == 0 else ""
        if layout.names_above_bars:
            label_at = f'x="{layout.bar_left}" y="{top + FONT_SIZE}"'
            y = top + FONT_SIZE + 4
        else:
            label_at = (
                f'x="{layout.bar_left - LABEL_GAP}" y="{top + BAR_HEIGHT - 3}" text-anchor="end"'
            )
            y = top
        parts.append(f'<g class="bar" data-region="{escape(row["region"])}">')
        parts.append(
            f'<text {label_at} fill="{INK}"{weight_attribute}>{escape(_short(name))}'
            f"<title>{escape(name)}</title></text>"
        )
        x = float(layout.bar_left)
        for (criterion, points), label in zip(
            contributions(row["criteria"], weights), labels, strict=True
        ):
            if points <= 0:
                continue
            width = span * points / axis_max
            tooltip = _("%(region)s, %(criterion)s: %(score)s of 100, adding %(points)s points") % {
                "region": name,
                "criterion": label,
                "score": _number(float(row["criteria"].get(criterion, 0.0)), 0),
                "points": _number(points),
            }
            parts.append(
                f'<rect x="{x:.2f}" y="{y}" width="{width:.2f}" height="{BAR_HEIGHT}" '
                f'fill="{CRITERION_COLOURS[criterion]}" stroke="#ffffff" stroke-width="0.75">'
                f"<title>{escape(tooltip)}</title></rect>"
            )
            x += width
        parts.append(
            f'<text x="{x + 6:.1f}" y="{y + BAR_HEIGHT - 3}" '
            f'fill="{INK}"{weight_attribute}>{_number(float(row["score"]))}</text>'
        )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # nosec B308 B703: every text above is escaped
