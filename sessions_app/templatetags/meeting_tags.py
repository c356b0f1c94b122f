"""Small template helpers of the meeting and minutes pages."""

from __future__ import annotations

import datetime

from django import template
from django.utils.translation import gettext as _

from sessions_app.models.meetings import Speech
from sessions_app.models.plans import Topic

register = template.Library()

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_text(quarter: int, year: int) -> str:
    """A quarter as the Party writes it: Quý II/2023."""
    return _("Quarter %(quarter)s/%(year)s") % {"quarter": ROMAN[quarter], "year": year}


@register.filter
def quarter_label(date: datetime.date | None) -> str:
    """The quarter a date falls in, as Quý II/2023."""
    if date is None:
        return ""
    return quarter_text((date.month - 1) // 3 + 1, date.year)


@register.simple_tag
def clock_phrase(time: datetime.time | None) -> str:
    """A time of day as the minutes write it: 14 giờ 00 phút."""
    if time is None:
        return "…"
    return _("%(hour)s:%(minute)02d") % {"hour": time.hour, "minute": time.minute}


@register.simple_tag
def date_phrase(date: datetime.date | None) -> str:
    """A date as the minutes write it: ngày 15 tháng 5 năm 2023."""
    if date is None:
        return "…"
    return _("day %(day)s month %(month)s year %(year)s") % {
        "day": date.day,
        "month": date.month,
        "year": date.year,
    }


@register.inclusion_tag("sessions_app/_meeting_speeches_for_topic.html")
def topic_speeches(topic: Topic) -> dict[str, object]:
    """The speeches about a topic at its sessions, for the drafter revising it."""
    groups: dict[int, tuple[object, list[Speech]]] = {}
    for speech in Speech.objects.for_topic(topic):
        groups.setdefault(speech.meeting_id, (speech.meeting, []))[1].append(speech)
    return {"topic": topic, "groups": list(groups.values())}
