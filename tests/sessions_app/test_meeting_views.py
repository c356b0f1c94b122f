"""The meeting pages through the test client: list, calling, the page, attendance, guests."""

from __future__ import annotations

import datetime
import re

import pytest

from sessions_app.models import Attendance, FollowUp, Guest, Meeting
from sessions_app.services import meetings as services
from tests.conftest import PERSONAS
from tests.factories import meeting_topic
from tests.sessions_app.meeting_setup import approved, call_meeting, mark_all

pytestmark = pytest.mark.django_db

READ = {
    "staff": 404,
    "member": 200,
    "committee_member": 200,
    "secretary": 200,
    "other_member": 404,
    "other_secretary": 404,
    "viewer": 200,
    "admin": 200,
}
WRITE = {**READ, "member": 403, "viewer": 403}


def expect(status_map, persona):
    return 302 if persona == "anonymous" else status_map[persona]


@pytest.fixture
def meeting(world):
    return call_meeting(world)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_meeting_list(world, as_persona, meeting, persona):
    response = as_persona(persona).get(f"/c/{world.cell.slug}/meetings/")
    assert response.status_code == expect(READ, persona)


def test_the_meeting_list_shows_the_topic(world, as_persona, meeting):
    page = as_persona("member").get(f"/c/{world.cell.slug}/meetings/").content.decode()
    assert meeting.topics.get().title in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_meeting_page(world, as_persona, meeting, persona):
    assert as_persona(persona).get(f"/meetings/{meeting.pk}/").status_code == expect(READ, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_new_meeting_form(world, as_persona, persona):
    response = as_persona(persona).get(f"/c/{world.cell.slug}/meetings/new/")
    assert response.status_code == expect(WRITE, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_attendance_page(world, as_persona, meeting, persona):
    response = as_persona(persona).get(f"/meetings/{meeting.pk}/attendance/")
    assert response.status_code == expect(READ, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_edit_form(world, as_persona, meeting, persona):
    response = as_persona(persona).get(f"/meetings/{meeting.pk}/edit/")
    assert response.status_code == expect(WRITE, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_follow_up_list(world, as_persona, persona):
    response = as_persona(persona).get(f"/c/{world.cell.slug}/follow-ups/")
    assert response.status_code == expect(READ, persona)


# --- Calling a meeting --------------------------------------------------------------------


def meeting_post(world, topic, **changes):
    return {
        "kind": "thematic",
        "date": "2026-12-10",
        "starts_at": "14:00",
        "planned_end": "16:00",
        "place": "Hội trường",
        "chair": world.secretary.pk,
        "recorder": world.committee_member.pk,
        "topics": [topic.pk],
        "agenda": "Trình bày chuyên đề\nThảo luận",
        **changes,
    }


def test_the_committee_calls_a_meeting_for_a_circulated_topic(world, as_persona):
    topic = meeting_topic(world.cell)
    response = as_persona("committee_member").post(
        f"/c/{world.cell.slug}/meetings/new/", meeting_post(world, topic)
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == f"/meetings/{meeting.pk}/"
    assert list(meeting.topics.all()) == [topic]


def test_the_form_offers_the_topic_from_the_link(world, as_persona):
    topic = meeting_topic(world.cell)
    page = (
        as_persona("secretary")
        .get(f"/c/{world.cell.slug}/meetings/new/?topic={topic.pk}")
        .content.decode()
    )
    assert re.search(rf'name="topics" value="{topic.pk}"[^>]*checked', page)


def test_a_short_meeting_is_called_with_a_warning(world, as_persona):
    topic = meeting_topic(world.cell)
    client = as_persona("secretary")
    client.post(
        f"/c/{world.cell.slug}/meetings/new/", meeting_post(world, topic, planned_end="15:00")
    )
    page = client.get(f"/meetings/{Meeting.objects.get().pk}/").content.decode()
    assert "90" in page and "60" in page


def test_a_meeting_ending_before_it_starts_is_refused_keeping_the_form(world, as_persona):
    topic = meeting_topic(world.cell)
    response = as_persona("secretary").post(
        f"/c/{world.cell.slug}/meetings/new/",
        meeting_post(world, topic, planned_end="13:00", place="Phòng 9"),
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Phòng 9" in page and not Meeting.objects.exists()


def test_the_chair_and_recorder_are_people_of_the_cell(world, as_persona):
    topic = meeting_topic(world.cell)
    response = as_persona("secretary").post(
        f"/c/{world.cell.slug}/meetings/new/",
        meeting_post(world, topic, chair=world.other_member.pk),
    )
    assert response.status_code == 200 and not Meeting.objects.exists()


def test_a_member_cannot_call_a_meeting(world, as_persona):
    topic = meeting_topic(world.cell)
    response = as_persona("member").post(
        f"/c/{world.cell.slug}/meetings/new/", meeting_post(world, topic)
    )
    assert response.status_code == 403 and not Meeting.objects.exists()


def test_editing_the_meeting_saves_the_new_place(world, as_persona, meeting):
    data = meeting_post(world, meeting.topics.get(), place="Phòng họp tầng 2")
    as_persona("committee_member").post(f"/meetings/{meeting.pk}/edit/", data)
    meeting.refresh_from_db()
    assert meeting.place == "Phòng họp tầng 2"


def test_an_approved_meeting_cannot_be_edited(world, as_persona, meeting):
    approved(world, meeting)
    data = meeting_post(world, meeting.topics.get(), place="Đổi chỗ")
    response = as_persona("secretary").post(f"/meetings/{meeting.pk}/edit/", data)
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.place == "Hội trường Thư viện tỉnh"


def test_the_recorder_marks_the_meeting_held(world, as_persona):
    meeting = call_meeting(world, date=datetime.date(2026, 1, 5))
    as_persona("committee_member").post(f"/meetings/{meeting.pk}/held/")
    meeting.refresh_from_db()
    assert meeting.state == "held"


def test_a_viewer_cannot_mark_a_meeting_held(world, as_persona, meeting):
    assert as_persona("viewer").post(f"/meetings/{meeting.pk}/held/").status_code == 403


# --- Attendance ---------------------------------------------------------------------------


def row_of(meeting, person):
    return meeting.attendances.get(person=person)


def test_the_attendance_page_shows_the_live_count(world, as_persona, meeting):
    mark_all(meeting, world.secretary.user)
    page = as_persona("member").get(f"/meetings/{meeting.pk}/attendance/").content.decode()
    assert "3/3" in page


def test_tapping_a_status_saves_one_row(world, as_persona, meeting):
    row = row_of(meeting, world.member)
    as_persona("committee_member").post(
        f"/meetings/{meeting.pk}/attendance/{row.pk}/",
        {f"a{row.pk}-status": "present"},
        headers={"HX-Request": "true"},
    )
    row.refresh_from_db()
    assert row.status == "present"


def test_tapping_a_status_returns_the_new_counts(world, as_persona, meeting):
    row = row_of(meeting, world.member)
    response = as_persona("committee_member").post(
        f"/meetings/{meeting.pk}/attendance/{row.pk}/",
        {f"a{row.pk}-status": "present"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert 'id="attendance-counts"' in page and 'hx-swap-oob="true"' in page and "1/3" in page


def test_an_excused_absence_without_reason_is_refused_in_the_row(world, as_persona, meeting):
    row = row_of(meeting, world.member)
    response = as_persona("committee_member").post(
        f"/meetings/{meeting.pk}/attendance/{row.pk}/",
        {f"a{row.pk}-status": "absent_excused", f"a{row.pk}-reason": ""},
        headers={"HX-Request": "true"},
    )
    row.refresh_from_db()
    assert row.status == "unmarked" and "invalid-feedback" in response.content.decode()


def test_the_whole_attendance_saves_without_javascript(world, as_persona, meeting):
    rows = {r.person_id: r for r in meeting.attendances.all()}
    data = {
        f"a{rows[world.secretary.pk].pk}-status": "present",
        f"a{rows[world.committee_member.pk].pk}-status": "late",
        f"a{rows[world.committee_member.pk].pk}-reason": "Họp Sở",
        f"a{rows[world.member.pk].pk}-status": "absent_excused",
        f"a{rows[world.member.pk].pk}-reason": "Ốm",
    }
    response = as_persona("committee_member").post(f"/meetings/{meeting.pk}/attendance/", data)
    assert response.status_code == 302
    assert services.attendance_summary(meeting).present == 2


def test_the_whole_attendance_keeps_the_form_when_a_reason_is_missing(world, as_persona, meeting):
    row = row_of(meeting, world.member)
    response = as_persona("committee_member").post(
        f"/meetings/{meeting.pk}/attendance/",
        {f"a{row.pk}-status": "absent_excused", f"a{row.pk}-reason": ""},
    )
    assert response.status_code == 200 and "invalid-feedback" in response.content.decode()


def test_a_member_cannot_mark_attendance(world, as_persona, meeting):
    row = row_of(meeting, world.member)
    response = as_persona("member").post(
        f"/meetings/{meeting.pk}/attendance/{row.pk}/", {f"a{row.pk}-status": "present"}
    )
    row.refresh_from_db()
    assert response.status_code == 403 and row.status == "unmarked"


def test_a_member_who_records_may_mark_attendance(world, as_persona):
    meeting = call_meeting(world, recorder=world.member)
    row = row_of(meeting, world.secretary)
    as_persona("member").post(
        f"/meetings/{meeting.pk}/attendance/{row.pk}/", {f"a{row.pk}-status": "present"}
    )
    row.refresh_from_db()
    assert row.status == "present"


def test_everyone_not_yet_marked_is_marked_present(world, as_persona, meeting):
    as_persona("secretary").post(f"/meetings/{meeting.pk}/attendance/all-present/")
    assert set(meeting.attendances.values_list("status", flat=True)) == {Attendance.Status.PRESENT}


# --- Guests and follow-ups ----------------------------------------------------------------


def test_adding_a_guest(world, as_persona, meeting):
    as_persona("committee_member").post(
        f"/meetings/{meeting.pk}/guests/add/",
        {"name": "Nguyễn Khách", "position": "Phó Bí thư", "unit": "Đảng ủy Sở"},
    )
    assert meeting.guests.get().unit == "Đảng ủy Sở"


def test_a_guest_without_a_name_is_refused_keeping_the_form(world, as_persona, meeting):
    response = as_persona("committee_member").post(
        f"/meetings/{meeting.pk}/guests/add/", {"name": "", "unit": "Sở Nội vụ"}
    )
    assert (
        response.status_code == 200
        and "Sở Nội vụ" in response.content.decode()
        and not Guest.objects.exists()
    )


def test_removing_a_guest(world, as_persona, meeting):
    guest = services.add_guest(meeting, by=world.secretary.user, name="Khách")
    as_persona("secretary").post(f"/meetings/{meeting.pk}/guests/{guest.pk}/delete/")
    assert not Guest.objects.exists()


def follow_up(world, meeting):
    return services.add_follow_up(
        meeting,
        by=world.secretary.user,
        description="Hoàn chỉnh chuyên đề",
        owner=world.member,
        due_on=datetime.date(2026, 12, 31),
    )


def test_open_follow_ups_appear_on_the_next_meetings_agenda(world, as_persona, meeting):
    follow_up(world, meeting)
    later = call_meeting(world, date=datetime.date(2026, 12, 18))
    assert (
        "Hoàn chỉnh chuyên đề"
        in as_persona("member").get(f"/meetings/{later.pk}/").content.decode()
    )


def test_the_owner_marks_their_follow_up_done(world, as_persona, meeting):
    item = follow_up(world, meeting)
    as_persona("member").post(f"/meetings/{meeting.pk}/follow-ups/{item.pk}/done/", {"done": "1"})
    assert FollowUp.objects.get().is_done


def test_a_follow_up_done_leaves_the_next_agenda(world, as_persona, meeting):
    item = follow_up(world, meeting)
    later = call_meeting(world, date=datetime.date(2026, 12, 18))
    as_persona("member").post(f"/meetings/{meeting.pk}/follow-ups/{item.pk}/done/", {"done": "1"})
    services.set_follow_up_done(
        item, by=world.member.user, done=True, on=datetime.date(2026, 12, 1)
    )
    assert (
        "Hoàn chỉnh chuyên đề"
        not in as_persona("member").get(f"/meetings/{later.pk}/").content.decode()
    )


def test_someone_else_cannot_mark_a_follow_up_done(world, as_persona):
    meeting = call_meeting(world)
    item = services.add_follow_up(
        meeting,
        by=world.secretary.user,
        description="Việc",
        owner=world.committee_member,
        due_on=datetime.date(2026, 12, 31),
    )
    response = as_persona("member").post(
        f"/meetings/{meeting.pk}/follow-ups/{item.pk}/done/", {"done": "1"}
    )
    assert response.status_code == 403 and not FollowUp.objects.get().is_done


def test_marking_done_returns_to_the_page_it_came_from_only_on_this_site(
    world, as_persona, meeting
):
    item = follow_up(world, meeting)
    response = as_persona("member").post(
        f"/meetings/{meeting.pk}/follow-ups/{item.pk}/done/",
        {"done": "1", "next": "//evil.example/"},
    )
    assert response["Location"] == f"/meetings/{meeting.pk}/"
