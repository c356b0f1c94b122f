"""What a cell did over a period, counted from its records, for the reports.

The quarterly and review reports both read the same figures: meetings held (and
planned), topics built and held with their titles, attendance, comments and answers,
speakers, conclusions, follow-ups and pledge rounds. `period_activity` loads them in a
fixed number of queries whatever the number of meetings, and `prefill_sections` turns
what the minutes recorded into the report's narrative sections.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from members.models import Organisation
from sessions_app.documents import formatting
from sessions_app.models.meetings import Attendance, FollowUp, Meeting, Speech
from sessions_app.models.plans import Comment, Topic
from sessions_app.models.pledges import PledgeLevel, PledgeRound
from sessions_app.pledge_register import PledgeRegister, build_register

# The narrative sections of a report, in order, with their headings.
SECTIONS = (
    ("results", "Kết quả đạt được"),
    ("limitations", "Hạn chế và nguyên nhân"),
    ("lessons", "Bài học kinh nghiệm"),
    ("next_tasks", "Phương hướng, nhiệm vụ thời gian tới"),
)
SECTION_NAMES = tuple(name for name, _heading in SECTIONS)
PRESENT = (Attendance.Status.PRESENT, Attendance.Status.LATE)


@dataclass
class Activity:
    """The cell's activity between `start` and `end` (both included)."""

    start: datetime.date
    end: datetime.date
    meetings: list[Meeting]
    topics_built: list[Topic]
    topics_planned: list[Topic]
    counted: int
    present: int
    comments: int
    answered: int
    speeches: list[Speech]
    follow_ups: list[FollowUp]
    pledges: PledgeRegister
    meeting_count_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def held(self) -> list[Meeting]:
        return [m for m in self.meetings if m.state == Meeting.State.HELD]

    @property
    def topics_held(self) -> list[Topic]:
        """Distinct topics presented at the meetings held, in the order they were held."""
        seen: dict[int, Topic] = {}
        for meeting in self.held:
            for topic in meeting.topics.all():
                seen.setdefault(topic.pk, topic)
        return list(seen.values())

    @property
    def thematic_held(self) -> int:
        return sum(1 for m in self.held if m.has_thematic_part)

    @property
    def attendance_percent(self) -> int | None:
        return round(100 * self.present / self.counted) if self.counted else None

    @property
    def speaker_names(self) -> list[str]:
        names: dict[str, None] = {}
        for speech in self.speeches:
            names.setdefault(speech.speaker_name, None)
        return list(names)

    @property
    def follow_ups_done(self) -> int:
        return sum(1 for f in self.follow_ups if f.done_on is not None and f.done_on <= self.end)

    @property
    def is_empty(self) -> bool:
        return not (
            self.meetings or self.topics_built or self.topics_planned or self.pledges.rounds
        )


def _quarters_between(start: datetime.date, end: datetime.date) -> Q:
    """Topics planned for the quarters the period touches."""
    condition = Q(pk__in=[])
    year, quarter = start.year, formatting.quarter_of(start)
    while (year, quarter) <= (end.year, formatting.quarter_of(end)):
        condition |= Q(plan__year=year, quarter=quarter)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return condition


def period_activity(cell: Organisation, start: datetime.date, end: datetime.date) -> Activity:
    """Everything the reports count for a cell over a period, in a fixed number of queries."""
    meetings = list(
        Meeting.objects.filter(cell=cell, date__gte=start, date__lte=end)
        .select_related("chair", "minutes")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.select_related("presenter").order_by("pk"))
        )
        .annotate(
            counted_members=Count("attendances", filter=Q(attendances__counted=True)),
            present_members=Count(
                "attendances",
                filter=Q(attendances__counted=True, attendances__status__in=PRESENT),
            ),
        )
        .order_by("date", "starts_at", "pk")
    )
    held = [m for m in meetings if m.state == Meeting.State.HELD]
    held_ids = [m.pk for m in held]
    topics = Topic.objects.filter(plan__cell=cell).exclude(state=Topic.State.CANCELLED)
    topics_built = list(
        topics.filter(created_at__date__gte=start, created_at__date__lte=end)
        .select_related("plan")
        .order_by("plan__year", "quarter", "pk")
    )
    topics_planned = list(
        topics.filter(_quarters_between(start, end))
        .select_related("plan", "presenter")
        .order_by("plan__year", "quarter", "pk")
    )
    comments = Comment.objects.filter(
        topic__plan__cell=cell,
        parent__isnull=True,
        created_at__date__gte=start,
        created_at__date__lte=end,
    ).aggregate(total=Count("pk"), answered=Count("pk", filter=~Q(answer="")))
    speeches = list(
        Speech.objects.filter(meeting_id__in=held_ids)
        .select_related("speaker", "guest")
        .order_by("meeting__date", "meeting_id", "position", "pk")
    )
    follow_ups = list(
        FollowUp.objects.filter(meeting_id__in=held_ids)
        .select_related("owner", "meeting")
        .order_by("due_on", "pk")
    )
    rounds = PledgeRound.objects.filter(cell=cell, start__gte=start, start__lte=end).order_by(
        "start", "pk"
    )
    levels = PledgeLevel.objects.filter(cell=cell).order_by("position", "pk")
    return Activity(
        start=start,
        end=end,
        meetings=meetings,
        topics_built=topics_built,
        topics_planned=topics_planned,
        counted=sum(m.counted_members for m in held),
        present=sum(m.present_members for m in held),
        comments=comments["total"],
        answered=comments["answered"],
        speeches=speeches,
        follow_ups=follow_ups,
        pledges=build_register(rounds, levels),
    )


def _lines(texts: list[str]) -> str:
    """Each recorded line once, as a dashed list (the minutes of a term repeat themselves)."""
    seen: dict[str, None] = {}
    for text in texts:
        for line in (text or "").splitlines():
            line = line.strip().lstrip("-–• ").strip()
            if line:
                seen.setdefault(line, None)
    return "\n".join(f"- {line}" for line in seen)


def prefill_sections(activity: Activity, next_topics: list[Topic]) -> dict[str, str]:
    """The narrative sections drafted from the minutes, for the committee to edit."""
    minutes = [m.minutes for m in activity.held if hasattr(m, "minutes")]
    open_follow_ups = [
        f"{f.description} (đồng chí {f.owner.full_name}, hạn {f.due_on:%d/%m/%Y})"
        for f in activity.follow_ups
        if f.done_on is None or f.done_on > activity.end
    ]
    next_lines = [f"Tổ chức sinh hoạt chuyên đề “{t.title}”" for t in next_topics]
    return {
        "results": _lines([m.strengths for m in minutes]),
        "limitations": _lines([m.limitations for m in minutes] + [m.causes for m in minutes]),
        "lessons": _lines([m.lessons for m in minutes]),
        "next_tasks": _lines(next_lines + open_follow_ups),
    }
