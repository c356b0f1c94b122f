"""Access helpers for the objects of the thematic-session workflow, one section per part.

Like `members.access`: 404 when the user may not see the object at all (other cells,
staff on Party content), 403 when they may see it but not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.access import CellAccess, cell_access
from members.models import User
from sessions_app.models.meetings import Meeting, Minutes

# --- Meetings and minutes (meetings part) -------------------------------------------------


def can_write_meeting(access: CellAccess, meeting: Meeting) -> bool:
    """The cell committee, and the meeting's recorder, who types the minutes."""
    if access.is_committee:
        return True
    return access.person is not None and access.person.pk == meeting.recorder_id


def is_meeting_chair(access: CellAccess, meeting: Meeting) -> bool:
    return access.person is not None and access.person.pk == meeting.chair_id


def _meeting_access(user: User, meeting: Meeting, *, write: bool) -> CellAccess:
    access = cell_access(user, meeting.cell)
    # Meetings and minutes are Party content: staff of the unit never see them.
    if access is None or not access.can_read_party:
        raise Http404
    if write and not can_write_meeting(access, meeting):
        raise PermissionDenied
    return access


def get_meeting_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Meeting, CellAccess]:
    """A meeting the user may read (party members of its cell, viewers above); writers with
    `write=True`: the committee and the meeting's recorder."""
    meeting = (
        Meeting.objects.select_related("cell", "cell__parent", "chair", "recorder", "minutes")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting, _meeting_access(user, meeting, write=write)


def get_minutes_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Minutes, CellAccess]:
    """The minutes of a meeting, under the same rules as the meeting."""
    minutes = (
        Minutes.objects.select_related(
            "meeting",
            "meeting__cell",
            "meeting__cell__parent",
            "meeting__chair",
            "meeting__recorder",
            "updated_by",
        )
        .filter(pk=pk)
        .first()
    )
    if minutes is None:
        raise Http404
    return minutes, _meeting_access(user, minutes.meeting, write=write)


def require_meeting_chair(access: CellAccess, meeting: Meeting) -> None:
    """Only the meeting's chair approves its minutes (403 for everyone else)."""
    if not is_meeting_chair(access, meeting):
        raise PermissionDenied
