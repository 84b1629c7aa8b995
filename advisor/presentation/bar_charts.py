"""Plain bar charts for the team's dashboard, drawn on the server as SVG (no script, no network;
colours and sizes as presentation attributes, so the Content-Security-Policy allows them).

`bars_svg(rows)` draws one horizontal bar per (label, value) with the value at its end;
`columns_svg(rows)` one column per (label, value), for counts by day, labelling every few.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK = "#1d2433"
MUTED = "#4f5b6d"
GRID = "#d9dee7"
BAR = "#0072B2"  # Okabe-Ito blue, as the score chart
FONT_SIZE = 12


def _number(value: float) -> str:
    return number_format(value, 0 if float(value).is_integer() else 1, use_l10n=True)


def bars_svg(
    rows: Sequence[tuple[str, float]], *, title: str, chart_id: str, width: int = 560
) -> SafeString:
    """Horizontal bars, longest first as given; an empty chart says so in its title."""
    label_width, row_height, top = 180, 22, 8
    bar_left, bar_right = label_width + 8, width - 48
    largest = max((value for _label, value in rows), default=0) or 1
    height = top + row_height * max(len(rows), 1) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dashboard-chart" id="{escape(chart_id)}"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{escape(chart_id)}-title">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for position, (label, value) in enumerate(rows):
        y = top + position * row_height
        length = (bar_right - bar_left) * value / largest
        parts.append(
            f'<text x="{label_width}" y="{y + 15}" text-anchor="end" font-size="{FONT_SIZE}"'
            f' fill="{INK}">{escape(label[:30])}</text>'
            f'<rect x="{bar_left}" y="{y + 3}" width="{length:.1f}" height="16" fill="{BAR}">'
            f"<title>{escape(label)}: {escape(_number(value))}</title></rect>"
            f'<text x="{bar_left + length + 4:.1f}" y="{y + 15}" font-size="{FONT_SIZE}"'
            f' fill="{MUTED}">{escape(_number(value))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # nosec B308 B703: every text above is escaped


def columns_svg(
    rows: Sequence[tuple[str, float]],
    *,
    title: str,
    chart_id: str,
    width: int = 560,
    label_every: int = 7,
) -> SafeString:
    """One column per row (a day, say), the largest value marked on the axis."""
    left, right, top, bottom = 32, 8, 10, 24
    height = 160
    plot_height = height - top - bottom
    largest = max((value for _label, value in rows), default=0) or 1
    step = (width - left - right) / max(len(rows), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dashboard-chart" id="{escape(chart_id)}"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img"'
        f' aria-labelledby="{escape(chart_id)}-title">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - right}" y2="{top + plot_height}"'
        f' stroke="{GRID}"/>',
        f'<text x="{left - 4}" y="{top + 8}" text-anchor="end" font-size="{FONT_SIZE - 1}"'
        f' fill="{MUTED}">{escape(_number(largest))}</text>',
    ]
    for position, (label, value) in enumerate(rows):
        x = left + position * step
        column = plot_height * value / largest
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_height - column:.1f}"'
            f' width="{max(step - 2, 1):.1f}" height="{column:.1f}" fill="{BAR}">'
            f"<title>{escape(label)}: {escape(_number(value))}</title></rect>"
        )
        if position % label_every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 8}" font-size="{FONT_SIZE - 1}"'
                f' fill="{MUTED}">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # nosec B308 B703: every text above is escaped
