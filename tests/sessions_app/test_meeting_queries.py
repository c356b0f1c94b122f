"""The meeting and minutes pages run as many queries with 50 speeches as with 5."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.services import meetings as services
from tests.factories import PersonFactory
from tests.sessions_app.meeting_setup import call_meeting, mark_all

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries]


def full_meeting(world, speeches):
    meeting = call_meeting(world)
    user = world.secretary.user
    mark_all(meeting, user)
    guest = services.add_guest(
        meeting, by=user, name="Khách mời", position="Phó Bí thư", unit="Đảng ủy Sở"
    )
    for n in range(speeches):
        if n % 5 == 4:
            services.add_speech(
                meeting, by=user, speaker=None, guest=guest, gist=f"Ý kiến khách {n}"
            )
        else:
            services.add_speech(
                meeting, by=user, speaker=world.member, guest=None, gist=f"Ý kiến {n}"
            )
    for n in range(max(1, speeches // 10)):
        services.record_vote(
            meeting,
            by=user,
            subject=f"Biểu quyết {n}",
            method="hands",
            votes_for=3,
            votes_against=0,
            votes_abstain=0,
        )
        services.add_follow_up(
            meeting,
            by=user,
            description=f"Việc {n}",
            owner=world.member,
            due_on=datetime.date(2026, 12, 31),
        )
    return meeting


PAGES = {
    "meeting": lambda m: f"/meetings/{m.pk}/",
    "minutes": lambda m: f"/minutes/{m.minutes.pk}/",
    "editor": lambda m: f"/minutes/{m.minutes.pk}/edit/",
    "attendance": lambda m: f"/meetings/{m.pk}/attendance/",
}


@pytest.mark.parametrize("page", PAGES)
def test_the_page_does_not_grow_with_the_speeches(world, as_persona, page):
    client = as_persona("committee_member")
    small, _sql = queries(client, PAGES[page](full_meeting(world, 5)))
    large, sql = queries(client, PAGES[page](full_meeting(world, 50)))
    assert large == small, "\n".join(sql)


def test_the_attendance_page_does_not_grow_with_the_members(world, as_persona):
    client = as_persona("committee_member")
    small, _sql = queries(client, f"/meetings/{call_meeting(world).pk}/attendance/")
    for n in range(27):
        PersonFactory(cell=world.cell, full_name=f"Đảng Viên {n}")
    large, sql = queries(client, f"/meetings/{call_meeting(world).pk}/attendance/")
    assert large == small, "\n".join(sql)


def test_the_meeting_list_does_not_grow_with_the_meetings(world, as_persona):
    client = as_persona("member")
    for _ in range(3):
        call_meeting(world)
    small, _sql = queries(client, f"/c/{world.cell.slug}/meetings/")
    for _ in range(27):
        call_meeting(world)
    large, sql = queries(client, f"/c/{world.cell.slug}/meetings/")
    assert large == small, "\n".join(sql)


def test_the_follow_up_list_does_not_grow_with_the_follow_ups(world, as_persona):
    client = as_persona("member")
    meeting = call_meeting(world)

    def add(count):
        for n in range(count):
            services.add_follow_up(
                meeting,
                by=world.secretary.user,
                description=f"Việc {n}",
                owner=world.member,
                due_on=datetime.date(2026, 12, 31),
            )

    add(3)
    small, _sql = queries(client, f"/c/{world.cell.slug}/follow-ups/")
    add(27)
    large, sql = queries(client, f"/c/{world.cell.slug}/follow-ups/")
    assert large == small, "\n".join(sql)


def test_the_minutes_page_stays_within_a_small_budget(world, as_persona):
    count, sql = queries(as_persona("member"), f"/minutes/{full_meeting(world, 50).minutes.pk}/")
    assert count <= 25, "\n".join(sql)
