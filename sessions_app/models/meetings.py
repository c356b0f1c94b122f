"""Meetings of a cell, their attendance and minutes (DOMAIN.md §3 steps 6–8, §4).

A `Meeting` is one sitting of the cell. When it is created, every party member of the
cell gets an `Attendance` row. Its `Minutes` (one per meeting) hold the free text the
recorder types live; speeches, votes and follow-ups are rows of their own so that they
can be added one after another. Approved minutes are locked: later corrections are
`Amendment`s kept next to the original.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.access import Role, role_of_person
from members.models import Organisation, Person, User, user_person, user_viewer_paths
from sessions_app.models.plans import Topic

__all__ = [
    "AgendaItem",
    "Amendment",
    "Attendance",
    "AttendanceSummary",
    "FollowUp",
    "Guest",
    "LockedMinutesError",
    "Meeting",
    "Minutes",
    "Speech",
    "Vote",
]


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User) -> MeetingQuerySet:
        """Meetings are Party content: the cell's party members, viewers above, the admin."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        condition = Q(pk__in=[])
        for path in user_viewer_paths(user):
            condition |= Q(cell__path__startswith=path)
        person = user_person(user)
        if person is not None and role_of_person(person) not in (None, Role.STAFF):
            condition |= Q(cell_id=person.cell_id)
        return self.filter(condition)

    def for_cell_list(self) -> MeetingQuerySet:
        """The cell's meeting list: chair, minutes state and topics in a fixed number of queries."""
        return (
            self.select_related("chair", "minutes")
            .prefetch_related("topics")
            .annotate(speech_count=models.Count("speeches", distinct=True))
            .order_by("-date", "-starts_at", "-pk")
        )

    def for_meeting_page(self) -> MeetingQuerySet:
        """The meeting page: people, guests, agenda, attendance, topics and follow-ups."""
        return self.select_related(
            "cell", "cell__parent", "chair", "recorder", "minutes"
        ).prefetch_related(
            models.Prefetch("topics", queryset=Topic.objects.select_related("presenter")),
            "guests",
            "agenda_items",
            models.Prefetch(
                "attendances", queryset=Attendance.objects.select_related("person").for_list()
            ),
            models.Prefetch("follow_ups", queryset=FollowUp.objects.select_related("owner")),
        )

    def for_minutes_page(self) -> MeetingQuerySet:
        """The minutes, read or edited: everything of the meeting page plus speeches and votes."""
        return self.for_meeting_page().prefetch_related(
            models.Prefetch("speeches", queryset=Speech.objects.select_related("speaker", "guest")),
            "votes",
        )


class Meeting(models.Model):
    """A sitting of the cell: thematic, regular, or both in one sitting."""

    class Kind(models.TextChoices):
        THEMATIC = "thematic", _("Thematic session")
        REGULAR = "regular", _("Regular monthly meeting")
        COMBINED = "combined", _("Regular meeting with a thematic session")

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")

    cell = models.ForeignKey(
        Organisation, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.THEMATIC)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SCHEDULED
    )
    date = models.DateField(_("date"))
    # Nullable in the database only so that rows made before these columns existed stay
    # valid; the form and the services always require them.
    starts_at = models.TimeField(_("start time"), null=True)
    planned_end = models.TimeField(_("planned end time"), null=True)
    ended_at = models.TimeField(_("actual end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        related_name="chaired_meetings",
    )
    recorder = models.ForeignKey(
        Person,
        verbose_name=_("recorder"),
        on_delete=models.PROTECT,
        null=True,
        related_name="recorded_meetings",
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="meetings", blank=True
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, null=True)

    history = HistoricalRecords(m2m_fields=[topics])
    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["cell", "-date"]
        indexes = [models.Index(fields=["cell", "date"], name="meeting_cell_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(planned_end__gt=F("starts_at")),
                name="meeting_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | Q(starts_at__isnull=True)
                | Q(ended_at__gt=F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("sessions_app:meeting_detail", args=[self.pk])

    @property
    def minutes_title(self) -> str:
        """The title line of its minutes (DOMAIN.md §4)."""
        titles = {
            self.Kind.THEMATIC: _("MINUTES OF THE THEMATIC SESSION"),
            self.Kind.REGULAR: _("MINUTES OF THE REGULAR CELL MEETING"),
            self.Kind.COMBINED: _("MINUTES OF THE REGULAR CELL MEETING AND THEMATIC SESSION"),
        }
        return str(titles[self.Kind(self.kind)])

    @property
    def has_thematic_part(self) -> bool:
        return self.kind in (self.Kind.THEMATIC, self.Kind.COMBINED)

    @property
    def quarter(self) -> int:
        return (self.date.month - 1) // 3 + 1

    @property
    def planned_minutes(self) -> int | None:
        if self.starts_at is None or self.planned_end is None:
            return None
        return _minutes_between(self.starts_at, self.planned_end)

    @property
    def minimum_minutes(self) -> int:
        """The shortest length the guideline allows (Hướng dẫn 42-HD/BTCTW; settings)."""
        key = (
            "COMBINED_MEETING_MIN_MINUTES"
            if self.kind == self.Kind.COMBINED
            else "MEETING_MIN_MINUTES"
        )
        return int(settings.CHIBO[key])

    @property
    def is_too_short(self) -> bool:
        planned = self.planned_minutes
        return planned is not None and planned < self.minimum_minutes

    @property
    def is_locked(self) -> bool:
        minutes = getattr(self, "minutes", None)
        return minutes is not None and minutes.is_locked


def _minutes_between(start: datetime.time, end: datetime.time) -> int:
    day = datetime.date(2000, 1, 1)
    delta = datetime.datetime.combine(day, end) - datetime.datetime.combine(day, start)
    return int(delta.total_seconds() // 60)


class Guest(models.Model):
    """Someone invited to the meeting from outside the cell (name, position, unit)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.position, self.unit) if part)


class AgendaItem(models.Model):
    """One item of the meeting's agenda (nội dung sinh hoạt), in order."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("agenda item"), max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def for_list(self) -> AttendanceQuerySet:
        """In the Vietnamese order of names, counted members first."""
        return self.order_by("-counted", "person__sort_key", "pk")


class Attendance(models.Model):
    """Whether one party member of the cell attended; exempted members are listed, not counted."""

    class Status(models.TextChoices):
        UNMARKED = "unmarked", _("Not marked yet")
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT_EXCUSED = "absent_excused", _("Absent with reason")
        ABSENT_UNEXCUSED = "absent_unexcused", _("Absent without reason")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("party member"), on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField(
        _("attendance"), max_length=20, choices=Status.choices, default=Status.UNMARKED
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Snapshot at listing time: a later change of status must not rewrite old counts.
    counted = models.BooleanField(_("counted in attendance"), default=True)

    history = HistoricalRecords()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "-counted", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique_person"),
            models.CheckConstraint(
                condition=~Q(status="absent_excused") | ~Q(reason=""),
                name="attendance_excused_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_status_display()}"

    @property
    def is_present(self) -> bool:
        return self.status in (self.Status.PRESENT, self.Status.LATE)

    @property
    def is_absent(self) -> bool:
        return self.status in (self.Status.ABSENT_EXCUSED, self.Status.ABSENT_UNEXCUSED)


@dataclass
class AttendanceSummary:
    """The counts the minutes state: "có mặt 14/16", absentees named with their reason."""

    total: int = 0
    present: int = 0
    late_rows: list[Attendance] = field(default_factory=list)
    absent_excused: list[Attendance] = field(default_factory=list)
    absent_unexcused: list[Attendance] = field(default_factory=list)
    unmarked: int = 0
    exempted: list[Attendance] = field(default_factory=list)

    @classmethod
    def of(cls, attendances: list[Attendance]) -> AttendanceSummary:
        summary = cls()
        for row in attendances:
            if not row.counted:
                summary.exempted.append(row)
                continue
            summary.total += 1
            if row.is_present:
                summary.present += 1
                if row.status == Attendance.Status.LATE:
                    summary.late_rows.append(row)
            elif row.status == Attendance.Status.ABSENT_EXCUSED:
                summary.absent_excused.append(row)
            elif row.status == Attendance.Status.ABSENT_UNEXCUSED:
                summary.absent_unexcused.append(row)
            else:
                summary.unmarked += 1
        return summary

    @property
    def late(self) -> int:
        return len(self.late_rows)

    @property
    def absent(self) -> int:
        return len(self.absent_excused) + len(self.absent_unexcused)


class LockedMinutesError(Exception):
    """Approved minutes never change in place: a correction is an Amendment with a reason."""


class MinutesQuerySet(models.QuerySet["Minutes"]):
    def update(self, **kwargs: Any) -> int:
        if self.filter(state=Minutes.State.APPROVED).exists():
            raise LockedMinutesError("Approved minutes cannot be changed; amend them instead.")
        return super().update(**kwargs)


class Minutes(models.Model):
    """The minutes (biên bản) of one meeting: draft → read back → approved (locked).

    The lock holds below the services too: saving a row that was approved when it was
    read, or updating approved rows in bulk, raises LockedMinutesError.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READ_BACK = "read_back", _("Read back and agreed at the meeting")
        APPROVED = "approved", _("Approved by the chair")

    # The free-text parts, in the order the minutes print them; autosaved together.
    TEXT_FIELDS = (
        "presentation",
        "conclusion",
        "strengths",
        "limitations",
        "causes",
        "lessons",
        "commendations",
        "criticisms",
    )

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # Optimistic locking: every save names the version it was based on.
    version = models.PositiveIntegerField(_("version"), default=1)
    presentation = models.TextField(_("the presenter's part"), blank=True)
    conclusion = models.TextField(_("the chair's conclusion"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    limitations = models.TextField(_("limitations"), blank=True)
    causes = models.TextField(_("causes"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    commendations = models.TextField(_("commendations"), blank=True)
    criticisms = models.TextField(_("criticisms"), blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        User,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    read_back_at = models.DateTimeField(_("read back at"), null=True, blank=True)
    read_back_by = models.ForeignKey(
        User, verbose_name=_("read back by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User, verbose_name=_("approved by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = MinutesQuerySet.as_manager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="approved") | Q(approved_at__isnull=False),
                name="minutes_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Minutes of %(meeting)s") % {"meeting": self.meeting})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and self._stored_as() == self.State.APPROVED:
            raise LockedMinutesError(f"{self} are approved; amend them instead.")
        super().save(*args, **kwargs)
        self._stored_state = self.state

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Minutes:
        instance = super().from_db(db, field_names, values)
        instance._stored_state = instance.__dict__.get("state")
        return instance

    def _stored_as(self) -> str | None:
        """The state in the database: known when loaded, read for any other instance (an
        old version rebuilt from the history, say)."""
        stored = getattr(self, "_stored_state", None)
        if stored is None:
            stored = Minutes.objects.filter(pk=self.pk).values_list("state", flat=True).first()
        return stored

    @property
    def is_locked(self) -> bool:
        return self.state == self.State.APPROVED

    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in self.TEXT_FIELDS}

    @classmethod
    def text_label(cls, name: str) -> str:
        return str(cls._meta.get_field(name).verbose_name)


class SpeechQuerySet(models.QuerySet["Speech"]):
    def for_topic(self, topic: Topic) -> SpeechQuerySet:
        """Speeches at the meetings where a topic was presented, for the drafter to address."""
        return (
            self.filter(meeting__topics=topic)
            .select_related("meeting", "meeting__minutes", "speaker", "guest")
            .order_by("meeting__date", "meeting_id", "position", "pk")
        )


class Speech(models.Model):
    """One speaker's contribution, in order: a present member or a guest, and the gist."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="speeches"
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    speaker = models.ForeignKey(
        Person,
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="speeches",
    )
    guest = models.ForeignKey(
        Guest,
        verbose_name=_("guest speaker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="speeches",
    )
    gist = models.TextField(_("gist of what was said"))
    created_by = models.ForeignKey(
        User, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = SpeechQuerySet.as_manager()

    class Meta:
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(speaker__isnull=False, guest__isnull=True)
                | Q(speaker__isnull=True, guest__isnull=False),
                name="speech_has_one_speaker",
            ),
            models.CheckConstraint(condition=~Q(gist=""), name="speech_has_gist"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_name}: {self.gist[:60]}"

    @property
    def speaker_name(self) -> str:
        if self.speaker_id:
            return self.speaker.full_name  # type: ignore[union-attr]
        return self.guest.name if self.guest else ""


class Vote(models.Model):
    """A vote of the cell on a conclusion or measure; the ballots cannot exceed those present."""

    class Method(models.TextChoices):
        SHOW_OF_HANDS = "hands", _("Show of hands")
        BALLOT = "ballot", _("Secret ballot")
        ELECTRONIC = "electronic", _("Electronic")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="votes"
    )
    subject = models.CharField(_("what was voted on"), max_length=300)
    method = models.CharField(
        _("method"), max_length=12, choices=Method.choices, default=Method.SHOW_OF_HANDS
    )
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstaining"), default=0)
    # Members present when the vote was recorded, so that the database can hold the rule.
    present = models.PositiveSmallIntegerField(_("members present"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(present__gte=F("votes_for") + F("votes_against") + F("votes_abstain")),
                name="vote_not_more_than_present",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def total(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def open(self) -> FollowUpQuerySet:
        return self.filter(done_on__isnull=True)

    def carried_to(self, meeting: Meeting) -> FollowUpQuerySet:
        """Follow-ups of earlier meetings of the cell still open on this meeting's day.

        They stay on every later agenda until marked done; one done on or after the
        meeting's day was still open when it sat, so old agendas keep showing it.
        """
        return (
            self.filter(meeting__cell_id=meeting.cell_id, meeting__date__lt=meeting.date)
            .filter(Q(done_on__isnull=True) | Q(done_on__gte=meeting.date))
            .select_related("owner", "meeting")
            .order_by("due_on", "pk")
        )


class FollowUp(models.Model):
    """An action decided at a meeting, with an owner and a due date, until marked done."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    description = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        User,
        verbose_name=_("marked done by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["meeting", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Amendment(models.Model):
    """A correction to approved minutes, with its reason; the original text stays as it was."""

    class Section(models.TextChoices):
        PRESENTATION = "presentation", _("the presenter's part")
        SPEECHES = "speeches", _("speeches")
        CONCLUSION = "conclusion", _("the chair's conclusion")
        VOTES = "votes", _("votes")
        STRENGTHS = "strengths", _("strengths")
        LIMITATIONS = "limitations", _("limitations")
        CAUSES = "causes", _("causes")
        LESSONS = "lessons", _("lessons")
        COMMENDATIONS = "commendations", _("commendations")
        CRITICISMS = "criticisms", _("criticisms")
        ATTENDANCE = "attendance", _("attendance")
        FOLLOW_UPS = "follow_ups", _("follow-ups")
        OTHER = "other", _("other")

    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="amendments"
    )
    section = models.CharField(_("part amended"), max_length=20, choices=Section.choices)
    text = models.TextField(_("corrected text"))
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        User, verbose_name=_("amended by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("amended at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["minutes", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason"),
            models.CheckConstraint(condition=~Q(text=""), name="amendment_has_text"),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()}: {self.reason[:60]}"
