"""Tags of the superior committee's grid.

The grid has a cell per organisation and quarter: 1,000 of them for a province of 200
cells. Drawn by an included template each, they took most of the page's time (an include
and six translation tags per cell); this tag writes the same markup from Python, with the
translated abbreviations built once per language.
"""

from __future__ import annotations

import functools

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, npgettext, pgettext

from sessions_app.dashboards import Figures

register = template.Library()


@functools.lru_cache(maxsize=8)
def _abbreviations(language: str) -> tuple[str, str, str]:
    """The planned / held / minutes abbreviations with their titles, in `language`."""
    return tuple(
        format_html('<abbr title="{}">{}</abbr>', title, letter)
        for title, letter in (
            (gettext("topics planned"), pgettext("grid: planned", "P")),
            (gettext("topics held at a meeting"), pgettext("grid: held", "H")),
            (gettext("minutes approved"), pgettext("grid: minutes", "M")),
        )
    )


@register.simple_tag
def grid_figures(figures: Figures, label: str) -> SafeString:
    """One cell × quarter of the grid: planned, held, minutes approved, late."""
    planned, held, minutes = _abbreviations(get_language())
    classes = "grid-figures"
    if figures.late:
        classes += " is-late"
    if not figures.planned:
        classes += " is-empty"
    late = ""
    if figures.late:
        text = npgettext("late topics", "%(n)s late", "%(n)s late", figures.late)
        late = format_html('\n  <span class="grid-late">{}</span>', text % {"n": figures.late})
    # The label is escaped, the abbreviations built escaped, the figures are integers.
    return mark_safe(
        f'<td data-label="{conditional_escape(label)}" class="{classes}">\n'
        f'  <span class="fig">{planned} <b>{figures.planned:d}</b></span>\n'
        f'  <span class="fig">{held} <b>{figures.held:d}</b></span>\n'
        f'  <span class="fig">{minutes} <b>{figures.approved:d}</b></span>{late}\n'
        "</td>"
    )
