"""Filters for Party documents: dates, quarters and counts as Hướng dẫn 36-HD/VPTW writes them."""

from __future__ import annotations

import datetime

from django import template

from sessions_app.documents import formatting

register = template.Library()


@register.filter
def party_date(value: datetime.date | None) -> str:
    """ngày 05 tháng 01 năm 2023"""
    return formatting.party_date(value) if value else ""


@register.filter
def short_date(value: datetime.date | None) -> str:
    """05/01/2023"""
    return formatting.short_date(value)


@register.filter
def count_text(value: int) -> str:
    """4 -> 04"""
    return formatting.count_text(int(value))


@register.filter
def roman(value: int) -> str:
    """4 -> IV"""
    return formatting.roman(int(value))


@register.simple_tag
def quarter_label(quarter: int, year: int) -> str:
    """Quý II/2026"""
    return formatting.quarter_label(int(quarter), int(year))


@register.filter
def lines(value: str) -> list[str]:
    """The non-blank lines of a text, each printed as a paragraph of its own."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
