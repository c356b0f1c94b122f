"""Biên bản: the minutes of one meeting of the cell (DOMAIN.md §4).

Time and place, chair and secretary, attendance with the absentees named with their
reasons, guests, the speakers in order with the gist of what they said, the chair's
conclusion, the votes, strengths, limitations, causes and lessons, commendations and
criticisms, follow-ups, the end time; signed THƯ KÝ and CHỦ TRÌ. Minutes not yet
approved by the chair print as DỰ THẢO.
"""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from members.models import Organisation
from sessions_app.documents import formatting
from sessions_app.documents.document import (
    Document,
    DocumentNotFound,
    DocumentParams,
    Issue,
    Signature,
    render_html,
)
from sessions_app.documents.roster import POSITION_WORDS
from sessions_app.models.documents import DocumentKind, DocumentType
from sessions_app.models.meetings import Amendment, AttendanceSummary, Meeting, Minutes

# The parts of the minutes' free text, in the order they print, with their headings.
TEXT_PARTS = (
    ("strengths", "Ưu điểm"),
    ("limitations", "Hạn chế"),
    ("causes", "Nguyên nhân"),
    ("lessons", "Bài học kinh nghiệm"),
    ("commendations", "Biểu dương"),
    ("criticisms", "Phê bình"),
)


def time_text(value: datetime.time | None) -> str:
    """ "14 giờ 00 phút", or dots to fill by hand when the time was not recorded."""
    if value is None:
        return "…… giờ …… phút"
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


def load_meeting(cell: Organisation, meeting_id: int | None) -> Meeting:
    """The meeting with everything its minutes print, in a fixed number of queries."""
    meeting = (
        Meeting.objects.for_minutes_page()
        .prefetch_related("minutes__amendments")
        .filter(cell=cell, pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise DocumentNotFound(_("The cell has no meeting with that number."))
    return meeting


def minutes_heading(meeting: Meeting) -> tuple[str, str]:
    """("BIÊN BẢN", "sinh hoạt chuyên đề") from the meeting's kind."""
    with translation.override("vi"):
        words = meeting.minutes_title
    title, _space, rest = words.partition(" ")
    if rest.startswith("BẢN "):
        title, rest = f"{title} BẢN", rest.removeprefix("BẢN ")
    return title, rest.lower()


def build_minutes(
    cell: Organisation, params: DocumentParams, *, issue: Issue | None = None
) -> Document:
    """Collect the minutes of `params.meeting` into a document."""
    meeting = load_meeting(cell, params.meeting)
    minutes: Minutes | None = getattr(meeting, "minutes", None)
    attendances = list(meeting.attendances.all())
    summary = AttendanceSummary.of(attendances)
    title, summary_line = minutes_heading(meeting)
    topics = list(meeting.topics.all())
    amendments: list[Amendment] = list(minutes.amendments.all()) if minutes else []
    texts = minutes.texts() if minutes else {}
    labels = dict(Amendment.Section.choices)
    approved = minutes is not None and minutes.is_locked
    chair = meeting.chair.full_name if meeting.chair else ""
    recorder = meeting.recorder.full_name if meeting.recorder else ""
    return Document(
        kind=DocumentKind.MINUTES,
        doc_type=DocumentType.MINUTES,
        organisation=cell,
        title=title,
        summary=f"{summary_line} {formatting.quarter_label(meeting.quarter, meeting.date.year)}"
        if meeting.has_thematic_part
        else f"{summary_line} tháng {meeting.date.month}/{meeting.date.year}",
        subtitle=f"Chuyên đề: {'; '.join(t.title for t in topics)}" if topics else "",
        body_template="documents/minutes.html",
        params=DocumentParams(meeting=meeting.pk),
        short_name=f"BB-{meeting.date:%Y-%m-%d}",
        source=meeting,
        approved=approved,
        # The secretary on the left, the chair on the right; no distribution list.
        signatures=[
            Signature(lines=("THƯ KÝ",), name=recorder),
            Signature(lines=("CHỦ TRÌ",), name=chair),
        ],
        recipients=[],
        issue=issue,
        year=meeting.date.year,
        context={
            "meeting": meeting,
            "minutes": minutes,
            "date_text": formatting.party_date(meeting.date),
            "start_text": time_text(meeting.starts_at),
            "end_text": time_text(meeting.ended_at),
            "kind_text": summary_line,
            "chair_position": POSITION_WORDS.get(meeting.chair.party_position, "")
            if meeting.chair
            else "",
            "recorder_position": POSITION_WORDS.get(meeting.recorder.party_position, "")
            if meeting.recorder
            else "",
            "attendance": summary,
            "topics": topics,
            "speeches": list(meeting.speeches.all()),
            "votes": list(meeting.votes.all()),
            "follow_ups": list(meeting.follow_ups.all()),
            "guests": list(meeting.guests.all()),
            "agenda": list(meeting.agenda_items.all()),
            "presentation": texts.get("presentation", ""),
            "conclusion": texts.get("conclusion", ""),
            "parts": [(heading, texts.get(name, "")) for name, heading in TEXT_PARTS],
            "amendments": [(_vietnamese(labels.get(a.section, a.section)), a) for a in amendments],
            "read_back": minutes is not None and minutes.read_back_at is not None,
        },
    )


def _vietnamese(label: object) -> str:
    with translation.override("vi"):
        return str(label)


def minutes_options(cell: Organisation) -> list[tuple[str, DocumentParams]]:
    """The cell's meetings, newest first, for the documents page."""
    meetings = (
        Meeting.objects.filter(cell=cell)
        .select_related("minutes")
        .order_by("-date", "-starts_at", "-pk")
    )
    options = []
    for meeting in meetings:
        state = meeting.minutes.get_state_display() if hasattr(meeting, "minutes") else ""
        label = f"{meeting.date:%d/%m/%Y} – {meeting.get_kind_display()}"
        options.append(
            (f"{label} ({state})" if state else label, DocumentParams(meeting=meeting.pk))
        )
    return options


def render_minutes_html(cell: Organisation, *, meeting: int, issue: Issue | None = None) -> str:
    """The minutes of a meeting as the HTML that prints."""
    return render_html(build_minutes(cell, DocumentParams(meeting=meeting), issue=issue))
