"""Small charts drawn as inline SVG on the server: no JavaScript, printable by WeasyPrint.

Each chart is an accessible image (`role="img"` with a `<title>` and a `<desc>` that
reads out every figure) and writes its numbers as text beside the shapes, so that it
still says everything in grey-scale print or to a screen reader. Sizes are in a
360-unit-wide viewBox, which is about a phone's width: text stays legible there, and
the `chart` CSS class caps the width on large screens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
ROW_HEIGHT = 40
FONT = 15  # units of the viewBox: about 13 px on a 375 px phone
BAR_HEIGHT = 12
# Party red first, then colours that stay distinct in grey-scale print (WCAG AA on white).
PALETTE = ["#a4201a", "#1f5f8b", "#b7791f", "#2f7d4f", "#6b4c9a", "#5c5c5c", "#8a5a44"]

_ids = count(1)


def _percent(part: int, total: int) -> str:
    if not total:
        return "0"
    value = round(100 * part / total, 1)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _figure(value: int, total: int) -> str:
    return f"{value} ({_percent(value, total)} %)"


def _frame(title: str, desc: str, height: int, body: SafeString) -> SafeString:
    uid = next(_ids)
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'aria-labelledby="chart-{id}-title chart-{id}-desc">'
        '<title id="chart-{id}-title">{title}</title>'
        '<desc id="chart-{id}-desc">{desc}</desc>{body}</svg>',
        w=WIDTH,
        h=height,
        id=uid,
        title=title,
        desc=desc,
        body=body,
    )


def _describe(rows: Sequence[tuple[str, int]], total: int) -> str:
    return "; ".join(f"{label}: {_figure(value, total)}" for label, value in rows)


def bar_chart(
    rows: Sequence[tuple[str, int]], *, title: str, total: int | None = None
) -> SafeString:
    """Horizontal bars, one per row: the label and "n (p %)" above a bar scaled to the largest."""
    total = sum(value for _label, value in rows) if total is None else total
    largest = max((value for _label, value in rows), default=0) or 1
    parts = []
    for index, (label, value) in enumerate(rows):
        top = index * ROW_HEIGHT
        length = round((WIDTH - 2) * value / largest, 1)
        parts.append(
            format_html(
                '<text x="0" y="{ty}" font-size="{font}" fill="#212529">{label}</text>'
                '<text x="{w}" y="{ty}" font-size="{font}" font-weight="bold" fill="#212529" '
                'text-anchor="end">{figure}</text>'
                '<rect x="0" y="{by}" width="{full}" height="{bh}" rx="2" fill="#ece8e1"/>'
                '<rect x="0" y="{by}" width="{length}" height="{bh}" rx="2" fill="{colour}"/>',
                ty=top + 16,
                by=top + 22,
                font=FONT,
                w=WIDTH,
                full=WIDTH - 2,
                bh=BAR_HEIGHT,
                length=length,
                colour=PALETTE[0],
                label=label,
                figure=_figure(value, total),
            )
        )
    height = max(len(rows), 1) * ROW_HEIGHT
    return _frame(title, _describe(rows, total), height, mark_safe("".join(parts)))


def proportion_bar(rows: Sequence[tuple[str, int]], *, title: str) -> SafeString:
    """One bar split into coloured parts, with a legend giving each part's number and share."""
    total = sum(value for _label, value in rows)
    segments = []
    left = 0.0
    for index, (_label, value) in enumerate(rows):
        width = (WIDTH - 2) * value / total if total else 0
        segments.append((round(left, 1), round(width, 1), PALETTE[index % len(PALETTE)]))
        left += width
    bar = format_html_join(
        "",
        '<rect x="{}" y="0" width="{}" height="20" fill="{}"/>',
        segments,
    )
    legend = format_html_join(
        "",
        '<rect x="0" y="{}" width="16" height="16" rx="2" fill="{}"/>'
        '<text x="24" y="{}" font-size="{}" fill="#212529">{}</text>'
        '<text x="{}" y="{}" font-size="{}" font-weight="bold" fill="#212529" '
        'text-anchor="end">{}</text>',
        (
            (
                32 + i * 28,
                PALETTE[i % len(PALETTE)],
                46 + i * 28,
                FONT,
                label,
                WIDTH,
                46 + i * 28,
                FONT,
                _figure(value, total),
            )
            for i, (label, value) in enumerate(rows)
        ),
    )
    height = 32 + len(rows) * 28
    return _frame(title, _describe(rows, total), height, bar + legend)


# --- Column charts: plan progress by quarter, attendance over time ----------------------------

COLUMN_AREA = 150  # height of the plotting area, in viewBox units
AXIS_COLOUR = "#5c5c5c"  # 6.7:1 on white
GRID_COLOUR = "#d6d2cb"
# Series colours, each at least 4.5:1 on white (WCAG 1.4.11 asks 3:1 of graphics).
SERIES = ["#5c5c5c", "#a4201a", "#1f5f8b"]


def _legend(names: Sequence[str]) -> tuple[SafeString, int]:
    """One line per series (a colour key and its name); returns the markup and its height."""
    if len(names) < 2:
        return mark_safe(""), 0
    rows = format_html_join(
        "",
        '<rect x="0" y="{}" width="14" height="14" rx="2" fill="{}"/>'
        '<text x="20" y="{}" font-size="{}" fill="#212529">{}</text>',
        (
            (i * 22, SERIES[i % len(SERIES)], i * 22 + 12, FONT, name)
            for i, name in enumerate(names)
        ),
    )
    return rows, len(names) * 22 + 6


def column_chart(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    desc: str,
    maximum: float | None = None,
    unit: str = "",
) -> SafeString:
    """Vertical columns: each category a group of one column per series, on a value axis.

    With few categories every column carries its value; with many (attendance over two
    years) only the axis does, and the labels under the columns are thinned out. `desc`
    says every figure in words, since a reader of the picture alone would miss some.
    """
    legend, top = _legend([name for name, _values in series])
    values = [v for _name, vals in series for v in vals]
    largest = maximum if maximum is not None else max(values, default=0)
    largest = largest or 1
    left, plot_width = 36, WIDTH - 36
    base = top + 10 + COLUMN_AREA
    slot = plot_width / max(len(categories), 1)
    column = min(28.0, slot * 0.8 / max(len(series), 1))
    show_values = slot >= 24 * len(series)
    every = max(1, round(len(categories) / 6))
    parts = []
    for tick in sorted({0, round(largest / 2), round(largest)}):
        y = round(base - COLUMN_AREA * tick / largest, 1)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="12" fill="{}" text-anchor="end">{}{}</text>',
                left,
                y,
                WIDTH,
                y,
                AXIS_COLOUR if tick == 0 else GRID_COLOUR,
                left - 4,
                y + 4,
                AXIS_COLOUR,
                number_format(tick, decimal_pos=0),
                unit,
            )
        )
    for c, label in enumerate(categories):
        group_left = left + c * slot + (slot - column * len(series)) / 2
        for s, (_name, vals) in enumerate(series):
            value = vals[c]
            height = round(COLUMN_AREA * min(value, largest) / largest, 1)
            x = round(group_left + s * column, 1)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    x,
                    round(base - height, 1),
                    round(column - 1, 1),
                    height,
                    SERIES[s % len(SERIES)],
                )
            )
            if show_values:
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="13" font-weight="bold" fill="#212529" '
                        'text-anchor="middle">{}</text>',
                        round(x + column / 2, 1),
                        round(base - height - 4, 1),
                        number_format(value, decimal_pos=0),
                    )
                )
        if c % every == 0 or (c == len(categories) - 1 and show_values):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12" fill="#212529" '
                    'text-anchor="middle">{}</text>',
                    round(left + c * slot + slot / 2, 1),
                    base + 16,
                    label,
                )
            )
    body = mark_safe(str(legend) + "".join(parts))
    return _frame(title, desc, base + 24, body)


@dataclass(frozen=True)
class ChartFigure:
    """A chart with its caption and the same figures as a table, for screen readers and
    for anyone who would rather read than look (templates hide the table visually)."""

    title: str
    svg: SafeString
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
