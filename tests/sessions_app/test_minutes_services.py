"""Saving the minutes with their version, conflicts, read-back, approval, lock, amendments."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from sessions_app.models import Amendment, Minutes, Topic
from sessions_app.services import meetings as services
from tests.sessions_app.meeting_setup import approved, call_meeting, mark_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    return call_meeting(world)


def save(minutes, by, base, ended_at=None, **texts):
    return services.save_minutes(minutes, by=by, base_version=base, texts=texts, ended_at=ended_at)


def test_a_save_on_the_current_version_stores_the_text(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, conclusion="Kết luận")
    assert Minutes.objects.get(pk=meeting.minutes.pk).conclusion == "Kết luận"


def test_a_save_moves_the_version_on(world, meeting):
    saved = save(meeting.minutes, world.committee_member.user, 1, conclusion="Kết luận")
    assert saved.version == 2


def test_a_save_that_changes_nothing_keeps_the_version(world, meeting):
    saved = save(meeting.minutes, world.committee_member.user, 1, conclusion="")
    assert saved.version == 1


def test_browser_line_endings_are_stored_as_plain_newlines(world, meeting):
    saved = save(meeting.minutes, world.committee_member.user, 1, lessons="Một\r\nHai")
    assert saved.lessons == "Một\nHai"


def test_a_save_on_an_old_version_is_a_conflict(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, conclusion="Bản của Bob")
    with pytest.raises(services.MinutesConflict):
        save(meeting.minutes, world.secretary.user, 1, conclusion="Bản của Alice")


def test_a_conflict_writes_nothing(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, conclusion="Bản của Bob")
    with pytest.raises(services.MinutesConflict):
        save(
            meeting.minutes, world.secretary.user, 1, conclusion="Bản của Alice", lessons="Bài học"
        )
    stored = Minutes.objects.get(pk=meeting.minutes.pk)
    assert (stored.conclusion, stored.lessons, stored.version) == ("Bản của Bob", "", 2)


def test_a_conflict_carries_both_texts_and_the_base(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, conclusion="Bản của Bob")
    with pytest.raises(services.MinutesConflict) as caught:
        save(meeting.minutes, world.secretary.user, 1, conclusion="Bản của Alice")
    conflict = caught.value
    assert (
        conflict.mine["conclusion"],
        conflict.stored.conclusion,
        conflict.base["conclusion"],
    ) == (
        "Bản của Alice",
        "Bản của Bob",
        "",
    )


def test_a_repeated_save_of_the_stored_text_is_not_a_conflict(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, conclusion="Kết luận")
    saved = save(meeting.minutes, world.committee_member.user, 1, conclusion="Kết luận")
    assert saved.version == 2


def test_the_end_time_is_saved_on_the_meeting(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, ended_at=datetime.time(16, 5))
    meeting.refresh_from_db()
    assert meeting.ended_at == datetime.time(16, 5)


def test_the_end_time_must_be_after_the_start(world, meeting):
    with pytest.raises(ValidationError) as caught:
        save(meeting.minutes, world.committee_member.user, 1, ended_at=datetime.time(13, 0))
    assert "ended_at" in caught.value.message_dict


def test_every_save_is_kept_in_the_history(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, conclusion="Một")
    save(meeting.minutes, world.committee_member.user, 2, conclusion="Hai")
    texts = list(
        meeting.minutes.history.order_by("history_date").values_list("conclusion", flat=True)
    )
    assert texts == ["", "Một", "Hai"]


def test_the_history_names_who_saved(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, conclusion="Một")
    assert meeting.minutes.history.latest().updated_by == world.committee_member.user


# --- Read back and approval ---------------------------------------------------------------


def ready(world, meeting):
    mark_all(meeting, world.secretary.user)
    save(meeting.minutes, world.committee_member.user, 1, ended_at=datetime.time(16, 0))


def test_reading_back_needs_every_member_marked(world, meeting):
    save(meeting.minutes, world.committee_member.user, 1, ended_at=datetime.time(16, 0))
    with pytest.raises(ValidationError, match=r"attendance|điểm danh"):
        services.mark_read_back(meeting.minutes, by=world.committee_member.user)


def test_reading_back_needs_the_end_time(world, meeting):
    mark_all(meeting, world.secretary.user)
    with pytest.raises(ValidationError):
        services.mark_read_back(meeting.minutes, by=world.committee_member.user)


def test_read_back_minutes_wait_for_the_chair(world, meeting):
    ready(world, meeting)
    minutes = services.mark_read_back(meeting.minutes, by=world.committee_member.user)
    assert minutes.state == "read_back"


def test_minutes_must_be_read_back_before_approval(world, meeting):
    ready(world, meeting)
    with pytest.raises(ValidationError):
        services.approve_minutes(meeting.minutes, by=world.secretary.user)


def test_the_chair_approves_and_locks_the_minutes(world, meeting):
    minutes = approved(world, meeting)
    assert minutes.is_locked and minutes.approved_by == world.secretary.user


def test_approval_marks_the_meeting_held(world, meeting):
    approved(world, meeting)
    meeting.refresh_from_db()
    assert meeting.state == "held"


def test_approval_moves_the_topic_on_to_revision(world, meeting):
    approved(world, meeting)
    assert meeting.topics.get().state == Topic.State.PRESENTED


def test_approval_leaves_a_topic_that_was_not_circulated_alone(world):
    from tests.factories import meeting_topic

    topic = meeting_topic(world.cell, state=Topic.State.FINALISED)
    meeting = call_meeting(world, topics=[topic])
    approved(world, meeting)
    topic.refresh_from_db()
    assert topic.state == Topic.State.FINALISED


# --- The lock -----------------------------------------------------------------------------


def test_approved_minutes_refuse_a_save(world, meeting):
    minutes = approved(world, meeting)
    with pytest.raises(services.MinutesLocked):
        save(minutes, world.secretary.user, minutes.version, conclusion="Sửa sau")
    assert Minutes.objects.get(pk=minutes.pk).conclusion == "Chi bộ thống nhất các giải pháp."


@pytest.mark.parametrize(
    "change",
    [
        lambda w, m: services.add_speech(
            m, by=w.secretary.user, speaker=w.member, guest=None, gist="Sau"
        ),
        lambda w, m: services.add_guest(m, by=w.secretary.user, name="Khách muộn"),
        lambda w, m: services.mark_attendance(
            m.attendances.first(), by=w.secretary.user, status="late", reason="x"
        ),
        lambda w, m: services.mark_all_present(m, by=w.secretary.user),
        lambda w, m: services.record_vote(
            m,
            by=w.secretary.user,
            subject="x",
            method="hands",
            votes_for=1,
            votes_against=0,
            votes_abstain=0,
        ),
        lambda w, m: services.add_follow_up(
            m,
            by=w.secretary.user,
            description="x",
            owner=w.member,
            due_on=datetime.date(2026, 12, 31),
        ),
    ],
    ids=["speech", "guest", "attendance", "all-present", "vote", "follow-up"],
)
def test_approved_minutes_refuse_every_change_to_what_they_record(world, meeting, change):
    approved(world, meeting)
    with pytest.raises(services.MinutesLocked):
        change(world, meeting)


def test_an_approved_meeting_cannot_be_rescheduled(world, meeting):
    approved(world, meeting)
    details = services.MeetingDetails(
        kind="thematic",
        date=meeting.date,
        starts_at=datetime.time(8),
        planned_end=datetime.time(10),
        place="x",
        chair=world.secretary,
        recorder=world.committee_member,
        topics=list(meeting.topics.all()),
        agenda=[],
    )
    with pytest.raises(services.MinutesLocked):
        services.update_meeting(meeting, by=world.secretary.user, details=details)


# --- Amendments ---------------------------------------------------------------------------


def test_an_amendment_keeps_the_original_text(world, meeting):
    minutes = approved(world, meeting)
    services.amend_minutes(
        minutes,
        by=world.committee_member.user,
        section="conclusion",
        text="Sửa lại",
        reason="Ghi nhầm",
    )
    assert Minutes.objects.get(pk=minutes.pk).conclusion == "Chi bộ thống nhất các giải pháp."


def test_an_amendment_is_kept_with_its_reason(world, meeting):
    minutes = approved(world, meeting)
    services.amend_minutes(
        minutes,
        by=world.committee_member.user,
        section="conclusion",
        text="Sửa lại",
        reason="Ghi nhầm",
    )
    assert minutes.amendments.get().reason == "Ghi nhầm"


def test_an_amendment_needs_a_reason(world, meeting):
    minutes = approved(world, meeting)
    with pytest.raises(ValidationError) as caught:
        services.amend_minutes(
            minutes, by=world.secretary.user, section="conclusion", text="Sửa", reason=" "
        )
    assert "reason" in caught.value.message_dict


def test_draft_minutes_are_not_amended_but_edited(world, meeting):
    with pytest.raises(ValidationError):
        services.amend_minutes(
            meeting.minutes, by=world.secretary.user, section="conclusion", text="Sửa", reason="Vì"
        )
    assert not Amendment.objects.exists()
