"""One object of every kind a URL can name, built in a cell through the real services.

The access matrix fills every URL argument with these (and with the sibling cell's, to
prove objects of another cell are never revealed); the hostile-input tests build them
with a hostile text in every free-text field and render every page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.models import Organisation, PartyPosition, Person
from sessions_app import calendar
from sessions_app.models import (
    AnnualPlan,
    Attachment,
    Attendance,
    Comment,
    FollowUp,
    Guest,
    Meeting,
    Minutes,
    PledgeLevel,
    PledgeRegistration,
    PledgeRound,
    Speech,
    Topic,
    TopicGroup,
    TopicVersion,
    Vote,
)
from sessions_app.models.documents import IssuedDocument
from sessions_app.models.jobs import BackgroundJob
from sessions_app.services import meetings as meeting_services
from sessions_app.services import pledges as pledge_services
from sessions_app.services import topics as topic_services
from tests.factories import IssuedDocumentFactory, PersonFactory

PLAIN = "Nâng cao chất lượng sinh hoạt chi bộ"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class CellObjects:
    cell: Organisation
    person: Person
    plan: AnnualPlan
    topic: Topic
    version: TopicVersion
    comment: Comment
    attachment: Attachment
    meeting: Meeting
    minutes: Minutes
    attendance: Attendance
    guest: Guest
    speech: Speech
    vote: Vote
    follow_up: FollowUp
    pledge_round: PledgeRound
    registration: PledgeRegistration
    document: IssuedDocument
    job: BackgroundJob
    calendar_token: str


def _draft(text: str) -> str:
    return f"## I. Mục đích\n\n{text}\n\n## II. Giải pháp\n\n- {text}\n\n[{text}]({text})\n"


def build_cell_objects(
    cell: Organisation, *, secretary: Person, member: Person, recorder: Person, text: str = PLAIN
) -> CellObjects:
    """Every kind of object of `cell`, with `text` in each free-text field people type.

    The secretary plans, approves and records; the member drafts, comments and pledges.
    The topic is circulated (comments open), the meeting's minutes are a draft, the
    pledge round is open: the state in which the most pages and actions apply.
    """
    by, drafter = secretary.user, member.user
    short = text[:100]
    person = PersonFactory(
        cell=cell,
        full_name=f"Đặng Văn {short}"[:120],
        job_title=short,
        leave_reason=short,
        religion=text[:60],
        phone="0912345678",
    )
    plan = topic_services.create_plan(cell, by=by, year=2026, notes=text)
    topic = topic_services.create_topic(
        plan,
        by=by,
        title=text[:300],
        group=TopicGroup.HO_CHI_MINH,
        quarter=4,
        purpose=text,
        scope=text,
        drafters=[member],
        presenter=member,
        due_date=datetime.date(2026, 12, 1),
    )
    topic_services.save_draft(topic, by=drafter, body=_draft(text), revision=topic.draft_revision)
    topic_services.submit_topic(topic, by=drafter)
    topic_services.approve_topic(topic, by=by)
    topic_services.circulate_topic(
        topic, by=by, comments_close_at=timezone.now() + datetime.timedelta(days=30)
    )
    topic.refresh_from_db()
    attachment = topic_services.add_attachment(
        topic, by=drafter, upload=SimpleUploadedFile("tai-lieu.pdf", PDF), title=text[:200]
    )
    topic_services.add_video_link(topic, by=drafter, url="https://video.example/x", title=short)
    comment = topic_services.post_comment(topic, by=drafter, body=text)
    topic_services.post_comment(topic, by=by, body=text, parent=comment)
    topic_services.answer_comment(comment, by=by, answer=Comment.Answer.ACCEPTED, text=text)

    meeting = meeting_services.create_meeting(
        cell,
        by=by,
        details=meeting_services.MeetingDetails(
            kind=Meeting.Kind.THEMATIC,
            date=datetime.date(2026, 11, 20),
            starts_at=datetime.time(14, 0),
            planned_end=datetime.time(16, 0),
            place=text[:200],
            chair=secretary,
            recorder=recorder,
            topics=[topic],
            agenda=[text[:300]],
        ),
    )
    attendance = meeting.attendances.get(person=member)
    for row in meeting.attendances.all():
        meeting_services.mark_attendance(
            row, by=by, status=Attendance.Status.ABSENT_EXCUSED, reason=text[:300]
        )
    meeting_services.mark_attendance(attendance, by=by, status=Attendance.Status.PRESENT, reason="")
    guest = meeting_services.add_guest(
        meeting, by=by, name=text[:120], position=text[:120], unit=text[:200]
    )
    speech = meeting_services.add_speech(meeting, by=by, speaker=member, guest=None, gist=text)
    vote = meeting_services.record_vote(
        meeting,
        by=by,
        subject=text[:300],
        method=Vote.Method.SHOW_OF_HANDS,
        votes_for=1,
        votes_against=0,
        votes_abstain=0,
    )
    follow_up = meeting_services.add_follow_up(
        meeting, by=by, description=text[:500], owner=member, due_on=datetime.date(2026, 12, 31)
    )
    minutes = meeting.minutes
    meeting_services.save_minutes(
        minutes,
        by=by,
        base_version=minutes.version,
        texts=dict.fromkeys(Minutes.TEXT_FIELDS, text),
        ended_at=datetime.time(16, 0),
    )
    minutes.refresh_from_db()

    today = timezone.localdate()
    pledge_round = pledge_services.create_pledge_round(
        cell=cell,
        by=by,
        name=text[:200],
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=300),
    )

    def pledge(person: Person) -> PledgeRegistration:
        return pledge_services.register_pledge(
            pledge_round=pledge_round,
            person=person,
            by=person.user,
            areas=list(pledge_round.areas.all()[:1]),
            commitments=text,
            measures=text,
            deadline=pledge_round.end,
        )

    registration = pledge(member)  # open: its owner may still change it
    pledge_services.add_pledge_progress(registration, by=drafter, on=today, text=text)
    evaluated = pledge(secretary)
    pledge_services.evaluate_pledge(
        evaluated, by=by, level=PledgeLevel.objects.filter(cell=cell).first(), remark=text
    )

    document = IssuedDocumentFactory(
        organisation=cell, issued_by=by, title=text[:120], summary=text[:300]
    )
    job = BackgroundJob.objects.create(
        kind="roster",
        label=text[:200],
        organisation=cell,
        requested_by=by,
        state=BackgroundJob.State.DONE,
        result_name="danh-sach.pdf",
    )
    job.result.save("danh-sach.pdf", ContentFile(PDF))
    return CellObjects(
        cell=cell,
        person=person,
        plan=plan,
        topic=topic,
        version=topic.versions.order_by("number").first(),
        comment=comment,
        attachment=attachment,
        meeting=meeting,
        minutes=minutes,
        attendance=attendance,
        guest=guest,
        speech=speech,
        vote=vote,
        follow_up=follow_up,
        pledge_round=pledge_round,
        registration=registration,
        document=document,
        job=job,
        calendar_token=calendar.new_token(by),
    )


def library_objects(world, *, text: str = PLAIN) -> CellObjects:
    """The objects of the world's library cell: Alice chairs, Bob records, Charlie drafts."""
    return build_cell_objects(
        world.cell,
        secretary=world.secretary,
        member=world.member,
        recorder=world.committee_member,
        text=text,
    )


def build_world_objects(world, *, text: str = PLAIN) -> tuple[CellObjects, CellObjects]:
    """The objects of the world's library cell and of its sibling cell."""
    # The sibling cell's recorder has no login, as the library's committee member Bob
    # records there: its member and secretary then have the same rights as Charlie and Alice.
    recorder = PersonFactory(cell=world.other_cell, party_position=PartyPosition.COMMITTEE)
    sibling = build_cell_objects(
        world.other_cell,
        secretary=world.other_secretary,
        member=world.other_member,
        recorder=recorder,
        text=text,
    )
    return library_objects(world, text=text), sibling
