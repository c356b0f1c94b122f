"""Small charts drawn as inline SVG on the server: no JavaScript, printable by WeasyPrint.

Each chart is an accessible image (`role="img"` with a `<title>` and a `<desc>` that
reads out every figure) and writes its numbers as text beside the shapes, so that it
still says everything in grey-scale print or to a screen reader. Sizes are in a
360-unit-wide viewBox, which is about a phone's width: text stays legible there, and
the `chart` CSS class caps the width on large screens.
"""

from __future__ import annotations

from collections.abc import Sequence
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
