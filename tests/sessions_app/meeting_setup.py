"""Shared set-up of the meeting and minutes tests, built through the real services."""

from __future__ import annotations

import datetime

from sessions_app.models import Attendance, Meeting, Minutes
from sessions_app.services import meetings as services
from tests.factories import meeting_topic


def call_meeting(
    world, *, recorder=None, kind=Meeting.Kind.THEMATIC, date=None, topics=None, **changes
) -> Meeting:
    """A meeting of the world's library cell, called by the secretary: Alice chairs,
    Bob (or `recorder`) records, one circulated topic."""
    details = {
        "kind": kind,
        "date": date or datetime.date(2026, 11, 20),
        "starts_at": datetime.time(14, 0),
        "planned_end": datetime.time(16, 0),
        "place": "Hội trường Thư viện tỉnh",
        "chair": world.secretary,
        "recorder": recorder or world.committee_member,
        "topics": topics if topics is not None else [meeting_topic(world.cell)],
        "agenda": ["Trình bày chuyên đề", "Thảo luận"],
        **changes,
    }
    return services.create_meeting(
        world.cell, by=world.secretary.user, details=services.MeetingDetails(**details)
    )


def mark_all(meeting: Meeting, by, status: str = Attendance.Status.PRESENT) -> None:
    for row in meeting.attendances.all():
        services.mark_attendance(row, by=by, status=status, reason="Đi công tác")


def approved(world, meeting: Meeting) -> Minutes:
    """Take the meeting's minutes through read-back to the chair's approval."""
    return services.approve_minutes(read_back(world, meeting), by=world.secretary.user)


def read_back(world, meeting: Meeting) -> Minutes:
    """Mark everyone present, write a conclusion and the end, and read the minutes back."""
    user = world.secretary.user
    mark_all(meeting, user)
    minutes = meeting.minutes
    services.save_minutes(
        minutes,
        by=user,
        base_version=minutes.version,
        texts={"conclusion": "Chi bộ thống nhất các giải pháp."},
        ended_at=datetime.time(16, 0),
    )
    return services.mark_read_back(minutes, by=user)
