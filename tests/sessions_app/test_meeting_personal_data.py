"""The meetings' section of a person's data: in the download, and blanked on erasure."""

from __future__ import annotations

import pytest

from members import personal_data
from members.services import anonymise_person
from sessions_app.models import Attendance
from sessions_app.services import meetings as services
from tests.sessions_app.meeting_setup import call_meeting, mark_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(world):
    meeting = call_meeting(world)
    mark_all(meeting, world.secretary.user)
    return meeting


def test_the_download_holds_the_persons_speeches(world, meeting):
    services.add_speech(
        meeting,
        by=world.secretary.user,
        speaker=world.member,
        guest=None,
        gist="Ý kiến của Charlie",
    )
    data = personal_data.collect(world.member)["sections"]["meetings"]["data"]
    assert [s["gist"] for s in data["speeches"]] == ["Ý kiến của Charlie"]


def test_the_download_holds_the_persons_attendance_with_the_reason(world, meeting):
    row = meeting.attendances.get(person=world.member)
    services.mark_attendance(
        row, by=world.secretary.user, status="absent_excused", reason="Nằm viện"
    )
    data = personal_data.collect(world.member)["sections"]["meetings"]["data"]
    assert data["attendance"][0]["reason"] == "Nằm viện"


def test_erasure_blanks_the_reasons_of_absence(world, meeting):
    row = meeting.attendances.get(person=world.member)
    services.mark_attendance(
        row, by=world.secretary.user, status="absent_excused", reason="Nằm viện"
    )
    anonymise_person(world.member, by=world.admin)
    row.refresh_from_db()
    assert row.reason != "Nằm viện" and row.status == "absent_excused"
    assert not Attendance.history.filter(person_id=world.member.pk, reason="Nằm viện").exists()


def test_erasure_keeps_the_attendance_for_the_counts(world, meeting):
    anonymise_person(world.member, by=world.admin)
    assert services.attendance_summary(meeting).total == 3
