"""The demo's meetings: nine held thematic sessions of 2020–2023 and one in December 2026."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from members.demo import seed_founding_case
from sessions_app.demo_meetings import seed_meetings
from sessions_app.demo_topics import seed_topics
from sessions_app.models import Attendance, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    case = seed_founding_case()
    seed_topics(case)
    seed_meetings(case)
    return case


def held(case):
    return Meeting.objects.filter(cell=case.library, state=Meeting.State.HELD)


def test_the_sessions_fall_on_the_day_the_topics_were_presented(case):
    for meeting in held(case):
        presented = meeting.topics.get().transitions.get(action="presented").at
        assert meeting.date == timezone.localdate(presented)


def test_without_topics_no_meeting_is_made(db):
    seed_meetings(seed_founding_case())
    assert not Meeting.objects.exists()


def test_nine_thematic_sessions_were_held(case):
    assert held(case).count() == 9


def test_each_held_session_has_approved_minutes(case):
    assert {m.minutes.state for m in held(case)} == {"approved"}


def test_each_held_session_has_five_to_eight_member_speakers(case):
    for meeting in held(case):
        speakers = (
            meeting.speeches.filter(speaker__isnull=False).values("speaker").distinct().count()
        )
        assert 5 <= speakers <= 8


def test_attendance_is_a_realistic_mix(case):
    for meeting in held(case):
        statuses = list(meeting.attendances.values_list("status", flat=True))
        assert statuses.count(Attendance.Status.LATE) == 1
        assert 1 <= statuses.count(Attendance.Status.ABSENT_EXCUSED) <= 2
        assert Attendance.Status.UNMARKED not in statuses


def test_each_held_session_has_a_vote_conclusion_and_lessons(case):
    for meeting in held(case):
        assert meeting.votes.count() == 1
        assert meeting.minutes.conclusion and meeting.minutes.lessons and meeting.minutes.criticisms


def test_members_admitted_later_are_not_on_old_attendance(case):
    newest = case.people["Đỗ Thị Yến Nhi"]  # admitted in December 2025
    assert not Attendance.objects.filter(person=newest, meeting__state=Meeting.State.HELD).exists()


def test_the_upcoming_meeting_is_in_december_2026_with_attendance_not_yet_marked(case):
    upcoming = Meeting.objects.get(cell=case.library, state=Meeting.State.SCHEDULED)
    assert upcoming.date.year == 2026 and upcoming.date.month == 12
    assert set(upcoming.attendances.values_list("status", flat=True)) == {
        Attendance.Status.UNMARKED
    }
    assert upcoming.attendances.count() == 16


def test_running_it_twice_changes_nothing(case):
    before = {model._meta.label: model.objects.count() for model in apps.get_models()}
    seed_meetings(case)
    assert {model._meta.label: model.objects.count() for model in apps.get_models()} == before


def test_seed_demo_runs_the_meetings_step(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Meeting.objects.count() == 10
