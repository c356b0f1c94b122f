"""Every write of a meeting and its minutes, as one function each.

Each function validates before it saves and runs in one transaction; views, the demo
seed and the tests all go through them. A write to anything the minutes record takes
the minutes row's lock first, so that it cannot slip in after the chair approved.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from members.models import Organisation, Person, User
from sessions_app.models.meetings import (
    AgendaItem,
    Amendment,
    Attendance,
    AttendanceSummary,
    FollowUp,
    Guest,
    Meeting,
    Minutes,
    Speech,
    Vote,
)
from sessions_app.models.plans import Topic


class MinutesLocked(ValidationError):
    """The minutes are approved: changes go through an amendment with a reason."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The minutes have been approved and are locked. Record any change as an "
                "amendment with its reason."
            ),
            code="locked",
        )


class MinutesConflict(Exception):
    """A save based on an older version than the stored one: nothing was written."""

    def __init__(
        self,
        *,
        stored: Minutes,
        mine: dict[str, str],
        mine_ended_at: datetime.time | None,
        base: dict[str, str] | None,
    ) -> None:
        super().__init__("minutes changed since the version the save was based on")
        self.stored = stored
        self.mine = mine
        self.mine_ended_at = mine_ended_at
        self.base = base


# --- Topics -------------------------------------------------------------------------------


def _mark_topic_presented(topic: Topic, *, by: User, meeting: Meeting) -> None:
    """Hand a presented topic over to the topics part, which moves it on to revision.

    Only the cell committee may move a topic on; when a recorder who is not on it marks
    the meeting held, the topic moves when the chair approves the minutes.
    """
    from sessions_app.services.topics import mark_presented

    try:
        with transaction.atomic():
            mark_presented(topic, by=by, meeting=meeting)
    except PermissionDenied:
        return


def _close_comments_at_start(meeting: Meeting, *, by: User) -> None:
    """Comments on a circulated draft close when the session starts (DOMAIN.md §3 step 5):
    the topics part's window follows the meeting's date and start time."""
    from sessions_app.services.topics import set_comment_window

    if meeting.starts_at is None:
        return
    start = timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.starts_at))
    if start <= timezone.now():
        return
    for topic in meeting.topics.filter(state=Topic.State.CIRCULATED):
        if topic.comments_close_at != start:
            try:
                set_comment_window(
                    topic, by=by, closes_at=start, remark=_("Set to the start of the session.")
                )
            except PermissionDenied:
                return  # a recorder outside the committee: the committee sets it


def _present_topics(meeting: Meeting, *, by: User) -> None:
    for topic in meeting.topics.all():
        if topic.state == Topic.State.CIRCULATED:
            _mark_topic_presented(topic, by=by, meeting=meeting)


# --- Meetings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingDetails:
    """What the committee decides when it calls a meeting."""

    kind: str
    date: datetime.date
    starts_at: datetime.time
    planned_end: datetime.time
    place: str
    chair: Person
    recorder: Person
    topics: list[Topic]
    agenda: list[str]


def _lock_minutes(meeting: Meeting) -> Minutes | None:
    """Take the minutes row's lock and refuse when it is approved."""
    minutes = Minutes.objects.select_for_update().filter(meeting_id=meeting.pk).first()
    if minutes is not None and minutes.is_locked:
        raise MinutesLocked
    return minutes


def _validate_details(cell: Organisation, details: MeetingDetails) -> None:
    errors: dict[str, str] = {}
    if details.planned_end <= details.starts_at:
        errors["planned_end"] = _("The planned end must be after the start.")
    members = {p.pk for p in cell.people.active().party_members()}
    if details.chair.pk not in members:
        errors["chair"] = _("The chair must be a party member of the cell.")
    if details.recorder.pk not in members:
        errors["recorder"] = _("The recorder must be a party member of the cell.")
    elif details.chair.pk == details.recorder.pk:
        errors["recorder"] = _("The chair and the recorder must be two different comrades.")
    if any(topic.plan.cell_id != cell.pk for topic in details.topics):
        errors["topics"] = _("Choose topics of this cell.")
    elif details.kind != Meeting.Kind.REGULAR and not details.topics:
        errors["topics"] = _("A thematic session presents at least one topic.")
    if errors:
        raise ValidationError(errors)


def _set_agenda(meeting: Meeting, agenda: Iterable[str]) -> None:
    items = [line.strip() for line in agenda if line.strip()]
    existing = list(meeting.agenda_items.order_by("position", "pk"))
    if [item.title for item in existing] == items:
        return
    meeting.agenda_items.all().delete()
    for position, title in enumerate(items, start=1):
        AgendaItem.objects.create(meeting=meeting, position=position, title=title[:300])


def list_attendance(meeting: Meeting) -> int:
    """List every party member of the cell not yet on the meeting's attendance.

    Exempted members are listed but not counted; transferred-out and deactivated
    people, and those admitted after the meeting's day, are not listed. Returns how
    many rows were added.
    """
    listed = set(meeting.attendances.values_list("person_id", flat=True))
    people = (
        meeting.cell.people.active()
        .party_members()
        .exclude(pk__in=listed)
        .exclude(party_joined_on__gt=meeting.date)  # not yet a member on the day
    )
    rows = [
        Attendance(meeting=meeting, person=person, counted=person.counts_in_attendance)
        for person in people
    ]
    if rows:
        bulk_create_with_history(rows, Attendance)
    return len(rows)


def create_meeting(cell: Organisation, *, by: User, details: MeetingDetails) -> Meeting:
    """Call a meeting: its details, the agenda, the attendance list and empty minutes."""
    _validate_details(cell, details)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            cell=cell,
            kind=details.kind,
            date=details.date,
            starts_at=details.starts_at,
            planned_end=details.planned_end,
            place=details.place,
            chair=details.chair,
            recorder=details.recorder,
            created_by=by,
        )
        meeting.topics.set(details.topics)
        _set_agenda(meeting, details.agenda)
        list_attendance(meeting)
        Minutes.objects.create(meeting=meeting, updated_by=by)
        _close_comments_at_start(meeting, by=by)
    return meeting


def update_meeting(meeting: Meeting, *, by: User, details: MeetingDetails) -> Meeting:
    """Change a meeting's details until its minutes are approved."""
    _validate_details(meeting.cell, details)
    with transaction.atomic():
        _lock_minutes(meeting)
        for name in ("kind", "date", "starts_at", "planned_end", "place", "chair", "recorder"):
            setattr(meeting, name, getattr(details, name))
        if meeting.ended_at and meeting.ended_at <= details.starts_at:
            raise ValidationError({"starts_at": _("The meeting ended before this start time.")})
        meeting.save()
        meeting.topics.set(details.topics)
        _set_agenda(meeting, details.agenda)
        list_attendance(meeting)
        if not hasattr(meeting, "minutes"):
            Minutes.objects.create(meeting=meeting, updated_by=by)
        _close_comments_at_start(meeting, by=by)
    return meeting


def mark_meeting_held(meeting: Meeting, *, by: User) -> Meeting:
    """Record that the meeting took place; its circulated topics move on to revision."""
    if meeting.date > timezone.localdate():
        raise ValidationError(_("A meeting cannot be marked as held before its date."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.state != Meeting.State.HELD:
            meeting.state = Meeting.State.HELD
            meeting.save(update_fields=["state"])
        _present_topics(meeting, by=by)
    return meeting


# --- Attendance and guests ----------------------------------------------------------------


def mark_attendance(
    attendance: Attendance, *, by: User, status: str, reason: str = ""
) -> Attendance:
    """Mark one member present, late or absent (with or without a reason)."""
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    reason = " ".join(reason.split())
    if status == Attendance.Status.ABSENT_EXCUSED and not reason:
        raise ValidationError({"reason": _("Give the reason for the absence.")})
    if status in (Attendance.Status.PRESENT, Attendance.Status.ABSENT_UNEXCUSED):
        reason = ""
    with transaction.atomic():
        _lock_minutes(attendance.meeting)
        # Compare with the row as stored now: the copy in hand may predate another
        # recorder's mark, and skipping an "unchanged" save would keep theirs instead.
        stored = Attendance.objects.filter(pk=attendance.pk).values_list("status", "reason")
        if stored.first() != (status, reason):
            attendance.status, attendance.reason = status, reason
            attendance.save(update_fields=["status", "reason"])
    attendance.status, attendance.reason = status, reason
    return attendance


def mark_all_present(meeting: Meeting, *, by: User) -> int:
    """Mark everyone not yet marked as present; returns how many were marked."""
    with transaction.atomic():
        _lock_minutes(meeting)
        rows = list(meeting.attendances.filter(status=Attendance.Status.UNMARKED))
        for row in rows:
            row.status = Attendance.Status.PRESENT
            row.save(update_fields=["status"])
    return len(rows)


def add_guest(
    meeting: Meeting, *, by: User, name: str, position: str = "", unit: str = ""
) -> Guest:
    """Add an invited guest to the meeting."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the guest's name.")})
    with transaction.atomic():
        _lock_minutes(meeting)
        return Guest.objects.create(
            meeting=meeting, name=name, position=position.strip(), unit=unit.strip()
        )


def remove_guest(guest: Guest, *, by: User) -> None:
    """Remove a guest who has not spoken."""
    with transaction.atomic():
        _lock_minutes(guest.meeting)
        if guest.speeches.exists():
            raise ValidationError(_("This guest has spoken: remove their speeches first."))
        guest.delete()


def attendance_summary(meeting: Meeting) -> AttendanceSummary:
    return AttendanceSummary.of(list(meeting.attendances.all()))


# --- Speeches -----------------------------------------------------------------------------


def _validate_speech(
    meeting: Meeting, speaker: Person | None, guest: Guest | None, gist: str
) -> str:
    gist = gist.replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    if (speaker is None) == (guest is None):
        errors["speaker"] = _("Choose who spoke: a member present or a guest.")
    elif speaker is not None:
        present = meeting.attendances.filter(
            person=speaker, status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE]
        )
        if not present.exists():
            errors["speaker"] = _("Only members marked present can speak; mark attendance first.")
    elif guest is not None and guest.meeting_id != meeting.pk:
        errors["speaker"] = _("Choose a guest of this meeting.")
    if not gist:
        errors["gist"] = _("Write the gist of what was said.")
    if errors:
        raise ValidationError(errors)
    return gist


def add_speech(
    meeting: Meeting, *, by: User, speaker: Person | None, guest: Guest | None, gist: str
) -> Speech:
    """Record the next speech, after the ones already recorded."""
    gist = _validate_speech(meeting, speaker, guest, gist)
    with transaction.atomic():
        _lock_minutes(meeting)
        last = meeting.speeches.aggregate(last=Max("position"))["last"] or 0
        return Speech.objects.create(
            meeting=meeting,
            position=last + 1,
            speaker=speaker,
            guest=guest,
            gist=gist,
            created_by=by,
        )


def update_speech(
    speech: Speech, *, by: User, speaker: Person | None, guest: Guest | None, gist: str
) -> Speech:
    """Correct who spoke or what they said, until the minutes are approved."""
    gist = _validate_speech(speech.meeting, speaker, guest, gist)
    with transaction.atomic():
        _lock_minutes(speech.meeting)
        speech.speaker, speech.guest, speech.gist = speaker, guest, gist
        speech.save(update_fields=["speaker", "guest", "gist"])
    return speech


def delete_speech(speech: Speech, *, by: User) -> None:
    """Remove a speech recorded by mistake."""
    with transaction.atomic():
        _lock_minutes(speech.meeting)
        speech.delete()


def move_speech(speech: Speech, *, by: User, up: bool) -> None:
    """Move a speech one place earlier or later; the order is renumbered 1…n."""
    with transaction.atomic():
        _lock_minutes(speech.meeting)
        speeches = list(speech.meeting.speeches.order_by("position", "pk"))
        index = next(i for i, s in enumerate(speeches) if s.pk == speech.pk)
        other = index - 1 if up else index + 1
        if 0 <= other < len(speeches):
            speeches[index], speeches[other] = speeches[other], speeches[index]
        for position, item in enumerate(speeches, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


# --- Votes --------------------------------------------------------------------------------


def _validate_vote(meeting: Meeting, subject: str, counts: tuple[int, int, int]) -> tuple[str, int]:
    subject = " ".join(subject.split())
    present = attendance_summary(meeting).present
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = _("Say what was voted on.")
    if any(count < 0 for count in counts):
        errors["votes_for"] = _("Counts cannot be negative.")
    elif sum(counts) > present:
        errors[NON_FIELD_ERRORS] = _(
            "For, against and abstaining add up to %(total)s, more than the %(present)s "
            "members present. Check the counts or the attendance."
        ) % {"total": sum(counts), "present": present}
    if errors:
        raise ValidationError(errors)
    return subject, present


def record_vote(
    meeting: Meeting,
    *,
    by: User,
    subject: str,
    method: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
) -> Vote:
    """Record a vote; for + against + abstaining may not exceed the members present."""
    with transaction.atomic():
        _lock_minutes(meeting)
        counts = (votes_for, votes_against, votes_abstain)
        subject, present = _validate_vote(meeting, subject, counts)
        return Vote.objects.create(
            meeting=meeting,
            subject=subject,
            method=method,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstain=votes_abstain,
            present=present,
        )


def update_vote(
    vote: Vote,
    *,
    by: User,
    subject: str,
    method: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
) -> Vote:
    """Correct a vote's counts, under the same rule as when it was recorded."""
    with transaction.atomic():
        _lock_minutes(vote.meeting)
        counts = (votes_for, votes_against, votes_abstain)
        vote.subject, vote.present = _validate_vote(vote.meeting, subject, counts)
        vote.method = method
        vote.votes_for, vote.votes_against, vote.votes_abstain = counts
        vote.save()
    return vote


def delete_vote(vote: Vote, *, by: User) -> None:
    """Remove a vote recorded by mistake."""
    with transaction.atomic():
        _lock_minutes(vote.meeting)
        vote.delete()


# --- Follow-ups ---------------------------------------------------------------------------


def add_follow_up(
    meeting: Meeting, *, by: User, description: str, owner: Person, due_on: datetime.date
) -> FollowUp:
    """An action decided at the meeting; it stays on later agendas until marked done."""
    description = " ".join(description.split())
    errors: dict[str, str] = {}
    if not description:
        errors["description"] = _("Describe the action.")
    if owner.cell_id != meeting.cell_id or not owner.is_active:
        errors["owner"] = _("Choose someone of this cell.")
    if due_on < meeting.date:
        errors["due_on"] = _("The due date cannot be before the meeting.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _lock_minutes(meeting)
        return FollowUp.objects.create(
            meeting=meeting, description=description, owner=owner, due_on=due_on
        )


def delete_follow_up(follow_up: FollowUp, *, by: User) -> None:
    """Remove a follow-up recorded by mistake (not one that is simply done)."""
    with transaction.atomic():
        _lock_minutes(follow_up.meeting)
        follow_up.delete()


def set_follow_up_done(
    follow_up: FollowUp, *, by: User, done: bool, on: datetime.date | None = None
) -> FollowUp:
    """Mark a follow-up done (or not done again); allowed after the minutes are locked,
    since doing the action is not part of the minutes."""
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if done and follow_up.done_on is None:
            follow_up.done_on = on or timezone.localdate()
            follow_up.done_by = by
        elif not done:
            follow_up.done_on, follow_up.done_by = None, None
        follow_up.save(update_fields=["done_on", "done_by"])
    return follow_up


# --- Minutes ------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    # Browsers send textarea lines as CRLF; stored text uses LF so that comparisons hold.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def minutes_texts_at(minutes: Minutes, version: int) -> dict[str, str] | None:
    """The text fields as they were at a version, from the history, if it is known."""
    record = minutes.history.filter(version=version).order_by("-history_date").first()
    if record is None:
        return None
    return {name: getattr(record, name) for name in Minutes.TEXT_FIELDS}


def save_minutes(
    minutes: Minutes,
    *,
    by: User,
    base_version: int,
    texts: dict[str, str],
    ended_at: datetime.time | None,
) -> Minutes:
    """Save the minutes' text as typed, if nobody saved since the version it was based on.

    A save that changes nothing succeeds whatever its version (a repeated autosave). A
    save based on an older version that would change something raises MinutesConflict
    and writes nothing: the user merges. Approved minutes raise MinutesLocked.
    """
    with transaction.atomic():
        current = (
            Minutes.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=minutes.pk)
        )
        if current.is_locked:
            raise MinutesLocked
        mine = current.texts()
        mine.update(
            {name: _normalise(texts[name]) for name in Minutes.TEXT_FIELDS if name in texts}
        )
        changed = [name for name in Minutes.TEXT_FIELDS if mine[name] != getattr(current, name)]
        meeting = current.meeting
        end_changed = ended_at != meeting.ended_at
        if not changed and not end_changed:
            return current
        if base_version != current.version:
            raise MinutesConflict(
                stored=current,
                mine=mine,
                mine_ended_at=ended_at,
                base=minutes_texts_at(current, base_version),
            )
        if end_changed:
            if ended_at is not None and meeting.starts_at and ended_at <= meeting.starts_at:
                raise ValidationError({"ended_at": _("The end time must be after the start.")})
            meeting.ended_at = ended_at
            meeting.save(update_fields=["ended_at"])
        for name in changed:
            setattr(current, name, mine[name])
        current.version += 1
        current.updated_by = by
        current.save()
    return current


def mark_read_back(minutes: Minutes, *, by: User, at: datetime.datetime | None = None) -> Minutes:
    """The recorder read the minutes back and the meeting agreed them (`at`: now)."""
    with transaction.atomic():
        minutes = (
            Minutes.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=minutes.pk)
        )
        if minutes.state != Minutes.State.DRAFT:
            raise ValidationError(_("Only draft minutes can be read back."))
        summary = attendance_summary(minutes.meeting)
        problems = []
        if summary.unmarked:
            problems.append(_("Mark the attendance of every member first."))
        if minutes.meeting.ended_at is None:
            problems.append(_("Record the time the meeting ended first."))
        if problems:
            raise ValidationError(problems)
        minutes.state = Minutes.State.READ_BACK
        minutes.read_back_at = at or timezone.now()
        minutes.read_back_by = by
        minutes.save(update_fields=["state", "read_back_at", "read_back_by"])
    return minutes


def approve_minutes(minutes: Minutes, *, by: User, at: datetime.datetime | None = None) -> Minutes:
    """The chair approves the minutes read back (`at`: now); they are locked from then on.

    The meeting counts as held, and the topics it presented move on to revision.
    """
    with transaction.atomic():
        minutes = (
            Minutes.objects.select_for_update(of=("self",))
            .select_related("meeting__chair")
            .get(pk=minutes.pk)
        )
        chair = minutes.meeting.chair
        if chair is None or chair.user_id != by.pk:
            raise PermissionDenied
        if minutes.state != Minutes.State.READ_BACK:
            raise ValidationError(
                _("The minutes must be read back at the meeting before approval.")
            )
        minutes.state = Minutes.State.APPROVED
        minutes.approved_at = at or timezone.now()
        minutes.approved_by = by
        minutes.save(update_fields=["state", "approved_at", "approved_by"])
        meeting = minutes.meeting
        if meeting.state != Meeting.State.HELD:
            meeting.state = Meeting.State.HELD
            meeting.save(update_fields=["state"])
        _present_topics(meeting, by=by)
    return minutes


def amend_minutes(minutes: Minutes, *, by: User, section: str, text: str, reason: str) -> Amendment:
    """Correct approved minutes: the correction and its reason are kept beside the original."""
    text, reason = _normalise(text).strip(), _normalise(reason).strip()
    errors: dict[str, str] = {}
    if section not in Amendment.Section.values:
        errors["section"] = _("Choose the part of the minutes to amend.")
    if not text:
        errors["text"] = _("Write the corrected text.")
    if not reason:
        errors["reason"] = _("Give the reason for the amendment.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if not minutes.is_locked:
            raise ValidationError(_("Minutes not yet approved are edited directly."))
        return Amendment.objects.create(
            minutes=minutes, section=section, text=text, reason=reason, created_by=by
        )


# --- Personal data ------------------------------------------------------------------------


def personal_data_of(person: Person) -> dict[str, list[dict[str, object]]]:
    """What the meetings hold on a person, for "download my data": their attendance with
    its reasons, their speeches, the actions they own, the meetings they chaired or recorded."""
    attendance = person.attendances.select_related("meeting").order_by("meeting__date")
    speeches = person.speeches.select_related("meeting").order_by("meeting__date", "position")
    follow_ups = person.follow_ups.select_related("meeting").order_by("due_on")
    roles = Meeting.objects.filter(models.Q(chair=person) | models.Q(recorder=person))
    return {
        "attendance": [
            {
                "meeting": row.meeting.date,
                "status": str(row.get_status_display()),
                "reason": row.reason,
                "counted": row.counted,
            }
            for row in attendance
        ],
        "speeches": [{"meeting": s.meeting.date, "gist": s.gist} for s in speeches],
        "follow_ups": [
            {"meeting": f.meeting.date, "action": f.description, "due": f.due_on, "done": f.done_on}
            for f in follow_ups
        ],
        "chaired_or_recorded": [
            {
                "meeting": m.date,
                "role": str(_("chair") if m.chair_id == person.pk else _("recorder")),
            }
            for m in roles.order_by("date")
        ],
    }


def erase_personal_data_of(person: Person) -> None:
    """On an erasure request: the reasons given for absences (often health or family) are
    blanked, here and in the history. Attendance, speeches and actions stay, as part of
    the cell's minutes, under the person's erased name."""
    erased = _("erased on request")
    for row in person.attendances.exclude(reason=""):
        row.reason = erased
        row.save(update_fields=["reason"])
    Attendance.history.filter(person_id=person.pk).delete()


def register_personal_data() -> None:
    """The meetings section of the personal data export and erasure (members.personal_data)."""
    from django.utils.translation import gettext_lazy

    from members import personal_data

    personal_data.register(
        "meetings",
        label=gettext_lazy("Meetings: attendance, speeches and actions"),
        collect=personal_data_of,
        erase=erase_personal_data_of,
    )
