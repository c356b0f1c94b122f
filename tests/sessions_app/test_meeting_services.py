"""Calling a meeting, its attendance, guests, speeches, votes and follow-ups (the services)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from members.models import PartyStatus
from sessions_app.models import Attendance, FollowUp, Meeting, Speech, Topic, Vote
from sessions_app.services import meetings as services
from tests.factories import GuestFactory, PersonFactory, meeting_topic
from tests.sessions_app.meeting_setup import approved, call_meeting, mark_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return call_meeting(world)


def statuses(meeting):
    return {
        row.person.full_name: row.status for row in meeting.attendances.select_related("person")
    }


# --- Calling a meeting --------------------------------------------------------------------


def test_calling_a_meeting_lists_every_party_member_of_the_cell(world, meeting):
    listed = set(meeting.attendances.values_list("person__full_name", flat=True))
    assert listed == {"Trần Thị Alice", "Lê Văn Bob", "Phạm Văn Charlie"}


def test_staff_are_not_listed_in_the_attendance(world, meeting):
    assert not meeting.attendances.filter(person=world.staff).exists()


def test_exempted_members_are_listed_but_not_counted(world):
    exempted = PersonFactory(cell=world.cell, party_status=PartyStatus.EXEMPTED)
    meeting = call_meeting(world)
    assert meeting.attendances.get(person=exempted).counted is False


def test_transferred_out_members_are_not_listed(world):
    PersonFactory(cell=world.cell, full_name="Chuyển Đi", party_status=PartyStatus.TRANSFERRED)
    meeting = call_meeting(world)
    assert not meeting.attendances.filter(person__full_name="Chuyển Đi").exists()


def test_deactivated_people_are_not_listed(world):
    PersonFactory(cell=world.cell, full_name="Nghỉ Hưu", is_active=False)
    meeting = call_meeting(world)
    assert not meeting.attendances.filter(person__full_name="Nghỉ Hưu").exists()


def test_members_admitted_after_the_meeting_are_not_listed(world):
    PersonFactory(cell=world.cell, full_name="Mới Vào", party_joined_on=datetime.date(2027, 1, 1))
    meeting = call_meeting(world)
    assert not meeting.attendances.filter(person__full_name="Mới Vào").exists()


def test_every_listed_member_starts_unmarked(meeting):
    assert set(statuses(meeting).values()) == {Attendance.Status.UNMARKED}


def test_calling_a_meeting_creates_its_draft_minutes(meeting):
    assert meeting.minutes.state == "draft" and meeting.minutes.version == 1


def test_the_agenda_keeps_its_order(meeting):
    assert [i.title for i in meeting.agenda_items.all()] == ["Trình bày chuyên đề", "Thảo luận"]


def test_a_meeting_must_end_after_it_starts(world):
    with pytest.raises(ValidationError) as caught:
        call_meeting(world, planned_end=datetime.time(13, 0))
    assert "planned_end" in caught.value.message_dict


def test_the_chair_and_the_recorder_must_differ(world):
    with pytest.raises(ValidationError) as caught:
        call_meeting(world, recorder=world.secretary)
    assert "recorder" in caught.value.message_dict


def test_the_chair_must_be_a_party_member_of_the_cell(world):
    with pytest.raises(ValidationError) as caught:
        call_meeting(world, chair=world.staff)
    assert "chair" in caught.value.message_dict


def test_a_thematic_session_needs_a_topic(world):
    with pytest.raises(ValidationError) as caught:
        call_meeting(world, topics=[])
    assert "topics" in caught.value.message_dict


def test_a_regular_meeting_needs_no_topic(world):
    meeting = call_meeting(world, kind=Meeting.Kind.REGULAR, topics=[])
    assert meeting.topics.count() == 0


def test_topics_of_another_cell_are_refused(world):
    with pytest.raises(ValidationError) as caught:
        call_meeting(world, topics=[meeting_topic(world.other_cell)])
    assert "topics" in caught.value.message_dict


def test_a_meeting_shorter_than_90_minutes_is_flagged(world):
    meeting = call_meeting(world, planned_end=datetime.time(15, 0))
    assert meeting.is_too_short and meeting.minimum_minutes == 90


def test_a_combined_sitting_needs_120_minutes(world):
    meeting = call_meeting(world, kind=Meeting.Kind.COMBINED, planned_end=datetime.time(15, 45))
    assert meeting.is_too_short and meeting.minimum_minutes == 120


def test_the_minimum_length_is_a_setting(world, settings):
    settings.CHIBO = {**settings.CHIBO, "MEETING_MIN_MINUTES": 60}
    meeting = call_meeting(world, planned_end=datetime.time(15, 0))
    assert not meeting.is_too_short


def test_updating_a_meeting_changes_its_place(world, meeting):
    details = services.MeetingDetails(
        kind=meeting.kind,
        date=meeting.date,
        starts_at=meeting.starts_at,
        planned_end=meeting.planned_end,
        place="Phòng họp số 2",
        chair=world.secretary,
        recorder=world.committee_member,
        topics=list(meeting.topics.all()),
        agenda=["Một việc"],
    )
    services.update_meeting(meeting, by=world.secretary.user, details=details)
    meeting.refresh_from_db()
    assert meeting.place == "Phòng họp số 2"


def test_marking_a_meeting_held_presents_its_circulated_topic(world, meeting):
    services.mark_meeting_held(meeting, by=world.secretary.user)
    assert meeting.topics.get().state == Topic.State.PRESENTED


def test_a_future_meeting_cannot_be_marked_held(world):
    meeting = call_meeting(world, date=datetime.date(2099, 1, 1))
    with pytest.raises(ValidationError):
        services.mark_meeting_held(meeting, by=world.secretary.user)


def test_changes_to_a_meeting_are_kept_in_its_history(world, meeting):
    services.mark_meeting_held(meeting, by=world.secretary.user)
    states = list(meeting.history.order_by("history_date").values_list("state", flat=True))
    assert states[0] == "scheduled" and states[-1] == "held"


# --- Attendance ---------------------------------------------------------------------------


def test_marking_a_member_present(world, meeting):
    row = meeting.attendances.get(person=world.member)
    services.mark_attendance(row, by=world.secretary.user, status="present")
    assert statuses(meeting)["Phạm Văn Charlie"] == "present"


def test_an_excused_absence_needs_a_reason(world, meeting):
    row = meeting.attendances.get(person=world.member)
    with pytest.raises(ValidationError) as caught:
        services.mark_attendance(row, by=world.secretary.user, status="absent_excused", reason="  ")
    assert "reason" in caught.value.message_dict


def test_an_excused_absence_keeps_its_reason(world, meeting):
    row = meeting.attendances.get(person=world.member)
    services.mark_attendance(row, by=world.secretary.user, status="absent_excused", reason="Ốm")
    row.refresh_from_db()
    assert (row.status, row.reason) == ("absent_excused", "Ốm")


def test_the_database_refuses_an_excused_absence_without_reason(world, meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        meeting.attendances.filter(person=world.member).update(status="absent_excused", reason="")


def test_the_summary_counts_present_and_late_against_counted_members(world, meeting):
    user = world.secretary.user
    rows = {row.person_id: row for row in meeting.attendances.all()}
    services.mark_attendance(rows[world.secretary.pk], by=user, status="present")
    services.mark_attendance(
        rows[world.committee_member.pk], by=user, status="late", reason="Họp Sở"
    )
    services.mark_attendance(rows[world.member.pk], by=user, status="absent_unexcused")
    summary = services.attendance_summary(meeting)
    assert (summary.present, summary.total, summary.late, summary.absent) == (2, 3, 1, 1)


def test_exempted_members_are_not_in_the_total(world):
    PersonFactory(cell=world.cell, party_status=PartyStatus.EXEMPTED)
    meeting = call_meeting(world)
    assert services.attendance_summary(meeting).total == 3


def test_marking_everyone_present_leaves_marked_rows_alone(world, meeting):
    row = meeting.attendances.get(person=world.member)
    services.mark_attendance(row, by=world.secretary.user, status="absent_excused", reason="Ốm")
    services.mark_all_present(meeting, by=world.secretary.user)
    assert statuses(meeting)["Phạm Văn Charlie"] == "absent_excused"


# --- Guests and speeches ------------------------------------------------------------------


def test_a_guest_is_added_with_position_and_unit(world, meeting):
    guest = services.add_guest(
        meeting,
        by=world.secretary.user,
        name="Nguyễn Khách",
        position="Phó Bí thư",
        unit="Đảng ủy Sở",
    )
    assert str(guest) == "Nguyễn Khách, Phó Bí thư, Đảng ủy Sở"


def test_a_guest_who_spoke_cannot_be_removed(world, meeting):
    guest = services.add_guest(meeting, by=world.secretary.user, name="Nguyễn Khách")
    services.add_speech(meeting, by=world.secretary.user, speaker=None, guest=guest, gist="Ý kiến")
    with pytest.raises(ValidationError):
        services.remove_guest(guest, by=world.secretary.user)


def test_speeches_are_numbered_in_order(world, meeting):
    mark_all(meeting, world.secretary.user)
    for speaker in (world.member, world.committee_member, world.member):
        services.add_speech(
            meeting, by=world.secretary.user, speaker=speaker, guest=None, gist="Ý kiến"
        )
    assert list(meeting.speeches.values_list("position", flat=True)) == [1, 2, 3]


def test_only_members_present_may_speak(world, meeting):
    with pytest.raises(ValidationError) as caught:
        services.add_speech(
            meeting, by=world.secretary.user, speaker=world.member, guest=None, gist="Ý kiến"
        )
    assert "speaker" in caught.value.message_dict


def test_a_late_member_may_speak(world, meeting):
    row = meeting.attendances.get(person=world.member)
    services.mark_attendance(row, by=world.secretary.user, status="late", reason="Kẹt xe")
    speech = services.add_speech(
        meeting, by=world.secretary.user, speaker=world.member, guest=None, gist="Ý kiến"
    )
    assert speech.speaker == world.member


def test_a_guest_of_another_meeting_cannot_speak(world, meeting):
    other = GuestFactory()
    with pytest.raises(ValidationError):
        services.add_speech(
            meeting, by=world.secretary.user, speaker=None, guest=other, gist="Ý kiến"
        )


def test_a_speech_needs_its_gist(world, meeting):
    mark_all(meeting, world.secretary.user)
    with pytest.raises(ValidationError) as caught:
        services.add_speech(
            meeting, by=world.secretary.user, speaker=world.member, guest=None, gist="   "
        )
    assert "gist" in caught.value.message_dict


def test_the_database_refuses_a_speech_by_nobody(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Speech.objects.create(meeting=meeting, position=1, gist="Ý kiến")


def test_moving_a_speech_up_swaps_it_with_the_one_before(world, meeting):
    mark_all(meeting, world.secretary.user)
    first = services.add_speech(
        meeting, by=world.secretary.user, speaker=world.member, guest=None, gist="Một"
    )
    second = services.add_speech(
        meeting, by=world.secretary.user, speaker=world.member, guest=None, gist="Hai"
    )
    services.move_speech(second, by=world.secretary.user, up=True)
    assert list(meeting.speeches.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_speeches_for_a_topic_are_those_of_its_meetings(world, meeting):
    mark_all(meeting, world.secretary.user)
    speech = services.add_speech(
        meeting, by=world.secretary.user, speaker=world.member, guest=None, gist="Về chuyên đề"
    )
    other = call_meeting(world, topics=[meeting_topic(world.cell, title="Chuyên đề khác")])
    mark_all(other, world.secretary.user)
    services.add_speech(
        other, by=world.secretary.user, speaker=world.member, guest=None, gist="Khác"
    )
    assert list(Speech.objects.for_topic(meeting.topics.get())) == [speech]


# --- Votes --------------------------------------------------------------------------------


def vote(meeting, by, **counts):
    values = {"votes_for": 0, "votes_against": 0, "votes_abstain": 0, **counts}
    return services.record_vote(
        meeting, by=by, subject="Thông qua kết luận", method="hands", **values
    )


def test_a_vote_within_those_present_is_recorded(world, meeting):
    mark_all(meeting, world.secretary.user)
    recorded = vote(meeting, world.secretary.user, votes_for=2, votes_abstain=1)
    assert (recorded.total, recorded.present) == (3, 3)


def test_a_vote_with_more_ballots_than_members_present_is_refused(world, meeting):
    mark_all(meeting, world.secretary.user)
    with pytest.raises(ValidationError, match="4"):
        vote(meeting, world.secretary.user, votes_for=3, votes_against=1)


def test_absent_members_do_not_count_as_present_for_a_vote(world, meeting):
    mark_all(meeting, world.secretary.user, status="absent_excused")
    with pytest.raises(ValidationError):
        vote(meeting, world.secretary.user, votes_for=1)
    assert not Vote.objects.exists()


def test_the_database_refuses_more_ballots_than_present(meeting):
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(meeting=meeting, subject="x", votes_for=3, votes_against=1, present=3)


def test_correcting_a_vote_applies_the_same_rule(world, meeting):
    mark_all(meeting, world.secretary.user)
    recorded = vote(meeting, world.secretary.user, votes_for=3)
    with pytest.raises(ValidationError):
        services.update_vote(
            recorded,
            by=world.secretary.user,
            subject="x",
            method="hands",
            votes_for=3,
            votes_against=1,
            votes_abstain=0,
        )


# --- Follow-ups ---------------------------------------------------------------------------


def add_follow_up(world, meeting, **changes):
    values = {
        "description": "Hoàn chỉnh chuyên đề",
        "owner": world.member,
        "due_on": datetime.date(2026, 12, 15),
        **changes,
    }
    return services.add_follow_up(meeting, by=world.secretary.user, **values)


def test_a_follow_up_needs_an_owner_of_the_cell(world, meeting):
    with pytest.raises(ValidationError) as caught:
        add_follow_up(world, meeting, owner=world.other_member)
    assert "owner" in caught.value.message_dict


def test_a_follow_up_cannot_be_due_before_the_meeting(world, meeting):
    with pytest.raises(ValidationError) as caught:
        add_follow_up(world, meeting, due_on=datetime.date(2026, 1, 1))
    assert "due_on" in caught.value.message_dict


def test_an_open_follow_up_is_carried_to_the_next_meeting(world, meeting):
    follow_up = add_follow_up(world, meeting)
    later = call_meeting(world, date=datetime.date(2026, 12, 20))
    assert list(FollowUp.objects.carried_to(later)) == [follow_up]


def test_a_follow_up_is_carried_until_marked_done(world, meeting):
    follow_up = add_follow_up(world, meeting)
    services.set_follow_up_done(
        follow_up, by=world.secretary.user, done=True, on=datetime.date(2026, 12, 1)
    )
    later = call_meeting(world, date=datetime.date(2026, 12, 20))
    assert list(FollowUp.objects.carried_to(later)) == []


def test_a_follow_up_done_after_a_meeting_still_shows_on_that_meetings_agenda(world, meeting):
    follow_up = add_follow_up(world, meeting)
    later = call_meeting(world, date=datetime.date(2026, 12, 20))
    services.set_follow_up_done(
        follow_up, by=world.secretary.user, done=True, on=datetime.date(2026, 12, 22)
    )
    assert list(FollowUp.objects.carried_to(later)) == [follow_up]


def test_a_follow_up_is_not_carried_to_another_cell(world, meeting):
    add_follow_up(world, meeting)
    frank = world.other_secretary
    PersonFactory(cell=world.other_cell, full_name="Thư Ký Khác")
    other = services.create_meeting(
        world.other_cell,
        by=frank.user,
        details=services.MeetingDetails(
            kind="regular",
            date=datetime.date(2026, 12, 20),
            starts_at=datetime.time(8),
            planned_end=datetime.time(10),
            place="",
            chair=frank,
            recorder=world.other_member,
            topics=[],
            agenda=[],
        ),
    )
    assert list(FollowUp.objects.carried_to(other)) == []


def test_a_follow_up_can_be_marked_done_after_the_minutes_are_approved(world, meeting):
    follow_up = add_follow_up(world, meeting)
    approved(world, meeting)
    services.set_follow_up_done(follow_up, by=world.member.user, done=True)
    follow_up.refresh_from_db()
    assert follow_up.is_done


def test_only_the_chair_can_approve_in_the_service_too(world, meeting):
    mark_all(meeting, world.secretary.user)
    minutes = meeting.minutes
    services.save_minutes(
        minutes,
        by=world.committee_member.user,
        base_version=1,
        texts={},
        ended_at=datetime.time(16),
    )
    services.mark_read_back(minutes, by=world.committee_member.user)
    with pytest.raises(PermissionDenied):
        services.approve_minutes(minutes, by=world.committee_member.user)
