"""Every write URL of meetings and minutes with every persona: who is refused, and how."""

from __future__ import annotations

import datetime

import pytest

from sessions_app.services import meetings as services
from tests.conftest import PERSONAS
from tests.sessions_app.meeting_setup import call_meeting, mark_all

pytestmark = pytest.mark.django_db

# persona -> status for the writes of the recorder and the committee
WRITE = {
    "anonymous": 302,
    "staff": 404,
    "member": 403,
    "other_member": 404,
    "other_secretary": 404,
    "viewer": 403,
}


@pytest.fixture
def objects(world):
    meeting = call_meeting(world)
    user = world.secretary.user
    mark_all(meeting, user)
    guest = services.add_guest(meeting, by=user, name="Khách")
    speech = services.add_speech(meeting, by=user, speaker=world.member, guest=None, gist="Ý kiến")
    vote = services.record_vote(
        meeting, by=user, subject="x", method="hands", votes_for=1, votes_against=0, votes_abstain=0
    )
    follow_up = services.add_follow_up(
        meeting,
        by=user,
        description="Việc",
        owner=world.committee_member,
        due_on=datetime.date(2026, 12, 31),
    )
    return meeting, guest, speech, vote, follow_up


def write_urls(objects):
    meeting, guest, speech, vote, follow_up = objects
    m, n = meeting.pk, meeting.minutes.pk
    row = meeting.attendances.first().pk
    return [
        "/c/thu-vien/meetings/new/",
        f"/meetings/{m}/edit/",
        f"/meetings/{m}/held/",
        f"/meetings/{m}/attendance/",
        f"/meetings/{m}/attendance/{row}/",
        f"/meetings/{m}/attendance/all-present/",
        f"/meetings/{m}/guests/add/",
        f"/meetings/{m}/guests/{guest.pk}/delete/",
        f"/meetings/{m}/follow-ups/{follow_up.pk}/done/",
        f"/minutes/{n}/edit/",
        f"/minutes/{n}/read-back/",
        f"/minutes/{n}/approve/",
        f"/minutes/{n}/amend/",
        f"/minutes/{n}/speeches/add/",
        f"/minutes/{n}/speeches/{speech.pk}/edit/",
        f"/minutes/{n}/speeches/{speech.pk}/move/",
        f"/minutes/{n}/speeches/{speech.pk}/delete/",
        f"/minutes/{n}/votes/add/",
        f"/minutes/{n}/votes/{vote.pk}/edit/",
        f"/minutes/{n}/votes/{vote.pk}/delete/",
        f"/minutes/{n}/follow-ups/add/",
        f"/minutes/{n}/follow-ups/{follow_up.pk}/delete/",
    ]


@pytest.mark.parametrize("persona", list(WRITE))
def test_every_write_is_refused_to_those_who_may_not_write(world, as_persona, objects, persona):
    client = as_persona(persona)
    got = {url: client.post(url, {}).status_code for url in write_urls(objects)}
    assert set(got.values()) == {WRITE[persona]}, got


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in WRITE])
def test_writers_are_not_refused(world, as_persona, objects, persona):
    client = as_persona(persona)
    refused = {
        url: status
        for url in write_urls(objects)
        if "approve" not in url and (status := client.post(url, {}).status_code) in (403, 404)
    }
    assert refused == {}
