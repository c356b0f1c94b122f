"""Approved minutes are locked: no view, the admin included, can change what they record."""

from __future__ import annotations

import pytest

from sessions_app.models import Minutes
from sessions_app.services import meetings as services
from tests.sessions_app.meeting_setup import approved, call_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(world):
    user = world.secretary.user
    meeting = call_meeting(world)
    for row in meeting.attendances.all():
        services.mark_attendance(row, by=user, status="present")
    guest = services.add_guest(meeting, by=user, name="Khách mời")
    speech = services.add_speech(
        meeting, by=user, speaker=world.member, guest=None, gist="Ý kiến gốc"
    )
    services.add_speech(meeting, by=user, speaker=world.member, guest=None, gist="Ý kiến thứ hai")
    vote = services.record_vote(
        meeting,
        by=user,
        subject="Thông qua",
        method="hands",
        votes_for=3,
        votes_against=0,
        votes_abstain=0,
    )
    follow_up = services.add_follow_up(
        meeting, by=user, description="Việc gốc", owner=world.member, due_on=meeting.date
    )
    minutes = approved(world, meeting)
    return {
        "meeting": meeting,
        "minutes": minutes,
        "guest": guest,
        "speech": speech,
        "vote": vote,
        "follow_up": follow_up,
    }


def snapshot(meeting):
    meeting.refresh_from_db()
    minutes = Minutes.objects.get(meeting=meeting)
    return (
        [
            getattr(meeting, f)
            for f in (
                "kind",
                "date",
                "starts_at",
                "planned_end",
                "ended_at",
                "place",
                "chair_id",
                "recorder_id",
            )
        ],
        [minutes.state, minutes.version, *minutes.texts().values()],
        sorted(meeting.attendances.values_list("person_id", "status", "reason")),
        sorted(meeting.guests.values_list("name", "position", "unit")),
        list(
            meeting.speeches.order_by("position").values_list(
                "pk", "speaker_id", "guest_id", "gist"
            )
        ),
        sorted(meeting.votes.values_list("subject", "votes_for", "votes_against", "votes_abstain")),
        sorted(meeting.follow_ups.values_list("description", "owner_id", "due_on")),
        list(meeting.agenda_items.values_list("title", flat=True)),
        sorted(meeting.topics.values_list("pk", flat=True)),
    )


def writes(world, objs):
    meeting, minutes = objs["meeting"], objs["minutes"]
    m, n = meeting.pk, minutes.pk
    row = meeting.attendances.get(person=world.member)
    s, v, g, f = objs["speech"].pk, objs["vote"].pk, objs["guest"].pk, objs["follow_up"].pk
    texts = dict.fromkeys(Minutes.TEXT_FIELDS, "Sửa sau khi phê duyệt")
    vote = {
        "subject": "Đổi",
        "method": "ballot",
        "votes_for": 1,
        "votes_against": 0,
        "votes_abstain": 0,
    }
    return [
        (
            "meeting edit",
            f"/meetings/{m}/edit/",
            {
                "kind": "regular",
                "date": "2026-12-01",
                "starts_at": "08:00",
                "planned_end": "10:00",
                "place": "Đổi",
                "chair": world.secretary.pk,
                "recorder": world.member.pk,
                "agenda": "Đổi",
            },
            {},
        ),
        (
            "attendance page",
            f"/meetings/{m}/attendance/",
            {f"a{row.pk}-status": "absent_excused", f"a{row.pk}-reason": "Đổi"},
            {},
        ),
        (
            "attendance row",
            f"/meetings/{m}/attendance/{row.pk}/",
            {f"a{row.pk}-status": "late", f"a{row.pk}-reason": "Đổi"},
            {"HX-Request": "true"},
        ),
        ("all present", f"/meetings/{m}/attendance/all-present/", {}, {}),
        ("guest add", f"/meetings/{m}/guests/add/", {"name": "Khách mới"}, {}),
        ("guest delete", f"/meetings/{m}/guests/{g}/delete/", {}, {}),
        ("minutes save", f"/minutes/{n}/edit/", {"version": minutes.version, **texts}, {}),
        (
            "minutes autosave",
            f"/minutes/{n}/edit/",
            {"version": minutes.version, **texts},
            {"HX-Request": "true"},
        ),
        (
            "minutes beacon",
            f"/minutes/{n}/edit/",
            {"version": minutes.version, "_beacon": "1", **texts},
            {},
        ),
        (
            "speech add",
            f"/minutes/{n}/speeches/add/",
            {"speaker": f"p{world.member.pk}", "gist": "Mới"},
            {"HX-Request": "true"},
        ),
        (
            "speech edit",
            f"/minutes/{n}/speeches/{s}/edit/",
            {f"s{s}-speaker": f"p{world.member.pk}", f"s{s}-gist": "Đổi"},
            {},
        ),
        ("speech move", f"/minutes/{n}/speeches/{s}/move/", {"direction": "down"}, {}),
        ("speech delete", f"/minutes/{n}/speeches/{s}/delete/", {}, {}),
        ("vote add", f"/minutes/{n}/votes/add/", vote, {}),
        ("vote edit", f"/minutes/{n}/votes/{v}/edit/", vote, {}),
        ("vote delete", f"/minutes/{n}/votes/{v}/delete/", {}, {}),
        (
            "follow-up add",
            f"/minutes/{n}/follow-ups/add/",
            {"description": "Mới", "owner": world.member.pk, "due_on": "2026-12-31"},
            {},
        ),
        ("follow-up delete", f"/minutes/{n}/follow-ups/{f}/delete/", {}, {}),
        ("read back again", f"/minutes/{n}/read-back/", {}, {}),
        ("approve again", f"/minutes/{n}/approve/", {}, {}),
    ]


WRITE_NAMES = [
    "meeting edit",
    "attendance page",
    "attendance row",
    "all present",
    "guest add",
    "guest delete",
    "minutes save",
    "minutes autosave",
    "minutes beacon",
    "speech add",
    "speech edit",
    "speech move",
    "speech delete",
    "vote add",
    "vote edit",
    "vote delete",
    "follow-up add",
    "follow-up delete",
    "read back again",
    "approve again",
]


@pytest.mark.parametrize("name", WRITE_NAMES)
@pytest.mark.parametrize("persona", ["secretary", "admin"])
def test_no_view_changes_approved_minutes(world, as_persona, locked, name, persona):
    (url, data, headers) = next((u, d, h) for n, u, d, h in writes(world, locked) if n == name)
    before = snapshot(locked["meeting"])
    response = as_persona(persona).post(url, data, headers=headers)
    assert response.status_code < 500
    assert snapshot(locked["meeting"]) == before


@pytest.mark.parametrize(
    "model", ["minutes", "meeting", "speech", "vote", "attendance", "guest", "agendaitem"]
)
def test_the_admin_cannot_change_approved_minutes(world, as_persona, locked, model):
    meeting = locked["meeting"]
    obj = {
        "minutes": locked["minutes"],
        "meeting": meeting,
        "speech": locked["speech"],
        "vote": locked["vote"],
        "attendance": meeting.attendances.first(),
        "guest": locked["guest"],
        "agendaitem": meeting.agenda_items.first(),
    }[model]
    client = as_persona("admin")
    before = snapshot(meeting)
    page = client.get(f"/admin/sessions_app/{model}/{obj.pk}/change/").content.decode()
    client.post(
        f"/admin/sessions_app/{model}/{obj.pk}/change/",
        {"conclusion": "Đổi", "gist": "Đổi", "place": "Đổi"},
    )
    client.post(f"/admin/sessions_app/{model}/{obj.pk}/delete/", {"post": "yes"})
    assert 'name="_save"' not in page
    assert snapshot(meeting) == before
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_admin_save_is_refused_for_approved_minutes(world, as_persona, locked):
    minutes = locked["minutes"]
    response = as_persona("admin").post(
        f"/admin/sessions_app/minutes/{minutes.pk}/change/", {"conclusion": "Đổi", "state": "draft"}
    )
    assert response.status_code == 403
    assert Minutes.objects.get(pk=minutes.pk).conclusion == minutes.conclusion


def test_amending_is_still_allowed_after_approval(world, as_persona, locked):
    minutes = locked["minutes"]
    as_persona("secretary").post(
        f"/minutes/{minutes.pk}/amend/",
        {"section": "speeches", "text": "Sửa tên người phát biểu", "reason": "Ghi nhầm"},
    )
    assert minutes.amendments.count() == 1
