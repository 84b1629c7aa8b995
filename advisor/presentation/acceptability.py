"""The rank acceptability chart (SMAA-2): one bar per region, the share of the robustness samples
in which it takes rank 1, 2, 3... stacked left to right, as SMAA studies draw it.

Drawn on the server as SVG with presentation attributes only (no script, no inline style), like
advisor.presentation.charts; the first RANKS_SHOWN ranks have a colour each, the rest are one
grey "lower" segment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from advisor.presentation.charts import INK, MUTED, _number, _short

# A sequential blue scale from the Okabe-Ito blue: rank 1 darkest, then lighter; "lower" is grey.
RANK_COLOURS = ("#08306b", "#2171b5", "#6baed6", "#c6dbef")
LOWER_COLOUR = "#bdbdbd"
RANKS_SHOWN = len(RANK_COLOURS)
WIDTH, LEFT, RIGHT, ROW, BAR, LEGEND = 720, 192, 700, 26, 16, 28


def rank_label(rank: int) -> str:
    return _("Rank %(rank)s") % {"rank": rank}


def acceptability_rows(
    shares: Mapping[str, Sequence[float]], names: Mapping[str, str], order: Sequence[str]
) -> list[dict]:
    """Per region (in `order`), its segments: (label, share, colour), ranks past RANKS_SHOWN
    summed into one 'lower' segment."""
    rows = []
    for region in order:
        if region not in shares:
            continue
        row = list(shares[region])
        segments = [
            (rank_label(rank), float(share), RANK_COLOURS[rank - 1])
            for rank, share in enumerate(row[:RANKS_SHOWN], start=1)
        ]
        if len(row) > RANKS_SHOWN:
            segments.append((_("Lower"), float(sum(row[RANKS_SHOWN:])), LOWER_COLOUR))
        rows.append({"region": region, "name": names.get(region, region), "segments": segments})
    return rows


def rank_acceptability_svg(rows: list[dict], *, chart_id: str = "rank-chart") -> SafeString:
    """The rows of acceptability_rows as a stacked bar chart, 100% wide each."""
    legend = rows[0]["segments"] if rows else []
    height = LEGEND + len(rows) * ROW + 8
    span = RIGHT - LEFT
    title = _("How often each region takes each rank")
    description = "; ".join(
        f"{row['name']}: "
        + ", ".join(f"{label} {_number(share * 100, 0)}%" for label, share, _c in row["segments"])
        for row in rows
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rank-chart" id="{chart_id}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" font-size="12" '
        f'font-family="system-ui, -apple-system, Segoe UI, PingFang SC, Microsoft YaHei, sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for position, (label, _share, colour) in enumerate(legend):
        x = LEFT + position * 110
        parts.append(
            f'<g class="legend-item"><rect x="{x}" y="3" width="14" height="14" rx="2" '
            f'fill="{colour}"/><text x="{x + 20}" y="14" fill="{INK}">{escape(label)}</text></g>'
        )
    for index, row in enumerate(rows):
        top = LEGEND + index * ROW
        parts.append(f'<g class="bar" data-region="{escape(row["region"])}">')
        parts.append(
            f'<text x="{LEFT - 8}" y="{top + BAR - 3}" text-anchor="end" fill="{INK}">'
            f"{escape(_short(str(row['name'])))}<title>{escape(str(row['name']))}</title></text>"
        )
        x = float(LEFT)
        for label, share, colour in row["segments"]:
            if share <= 0:
                continue
            width = span * share
            tooltip = f"{row['name']}, {label}: {_number(share * 100, 1)}%"
            parts.append(
                f'<rect x="{x:.2f}" y="{top}" width="{width:.2f}" height="{BAR}" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="0.75" data-rank="{escape(label)}" '
                f'data-share="{share:.6f}"><title>{escape(tooltip)}</title></rect>'
            )
            x += width
        parts.append("</g>")
    parts.append(
        f'<text x="{LEFT}" y="{height - 1}" fill="{MUTED}" font-size="10">0%</text>'
        f'<text x="{RIGHT}" y="{height - 1}" fill="{MUTED}" font-size="10" '
        f'text-anchor="end">100%</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # nosec B308 B703: every text above is escaped
