"""The minutes pages: the editor and its autosave, conflicts, speeches, votes, lifecycle."""

from __future__ import annotations

import json

import pytest

from sessions_app.models import Amendment, FollowUp, Minutes, Speech, Vote
from sessions_app.services import meetings as services
from tests.conftest import PERSONAS
from tests.sessions_app.meeting_setup import approved, call_meeting, mark_all

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
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
    meeting = call_meeting(world)
    mark_all(meeting, world.secretary.user)
    return meeting


@pytest.fixture
def minutes(meeting):
    return meeting.minutes


def texts(**values):
    data = dict.fromkeys(Minutes.TEXT_FIELDS, "")
    data.update(values)
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_reading_the_minutes(world, as_persona, minutes, persona):
    assert as_persona(persona).get(f"/minutes/{minutes.pk}/").status_code == expect(READ, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_opening_the_editor(world, as_persona, minutes, persona):
    assert as_persona(persona).get(f"/minutes/{minutes.pk}/edit/").status_code == expect(
        WRITE, persona
    )


def test_the_minutes_open_with_the_meetings_time_place_and_people(world, as_persona, minutes):
    page = as_persona("member").get(f"/minutes/{minutes.pk}/").content.decode()
    for text in (
        "Vào hồi 14 giờ 00 phút, ngày 20 tháng 11 năm 2026",
        "Hội trường Thư viện tỉnh",
        "Trần Thị Alice",
        "Lê Văn Bob",
    ):
        assert text in page


def test_the_minutes_name_each_absentee_with_the_reason(world, as_persona, meeting, minutes):
    row = meeting.attendances.get(person=world.member)
    services.mark_attendance(
        row, by=world.secretary.user, status="absent_excused", reason="Đi công tác Cần Thơ"
    )
    page = as_persona("member").get(f"/minutes/{minutes.pk}/").content.decode()
    assert "Phạm Văn Charlie – Đi công tác Cần Thơ" in page


def test_draft_minutes_are_marked_as_a_draft(world, as_persona, minutes):
    assert "DỰ THẢO" in as_persona("member").get(f"/minutes/{minutes.pk}/").content.decode()


# --- Saving the text ----------------------------------------------------------------------


def test_saving_without_javascript_stores_the_text_and_returns_to_the_editor(
    world, as_persona, minutes
):
    data = {"version": 1, "ended_at": "", **texts(conclusion="Kết luận của chủ trì")}
    response = as_persona("committee_member").post(f"/minutes/{minutes.pk}/edit/", data)
    assert response["Location"] == f"/minutes/{minutes.pk}/edit/"
    assert Minutes.objects.get().conclusion == "Kết luận của chủ trì"


def test_an_autosave_answers_with_the_status_and_the_new_version(world, as_persona, minutes):
    data = {"version": 1, "ended_at": "", **texts(lessons="Bài học")}
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/edit/", data, headers=HTMX
    )
    page = response.content.decode()
    assert 'id="minutes-version"' in page and 'value="2"' in page
    assert json.loads(response["HX-Trigger"]) == {"minutes-saved": {"version": 2}}


def test_a_beacon_on_leaving_the_page_saves_the_text(world, as_persona, minutes):
    data = {"version": 1, "ended_at": "", "_beacon": "1", **texts(causes="Nguyên nhân")}
    response = as_persona("committee_member").post(f"/minutes/{minutes.pk}/edit/", data)
    assert response.status_code == 204 and Minutes.objects.get().causes == "Nguyên nhân"


def test_a_save_on_an_old_version_shows_both_texts_to_merge(world, as_persona, minutes):
    services.save_minutes(
        minutes,
        by=world.secretary.user,
        base_version=1,
        texts={"conclusion": "Bản của Alice"},
        ended_at=None,
    )
    data = {"version": 1, "ended_at": "", **texts(conclusion="Bản của Bob")}
    response = as_persona("committee_member").post(f"/minutes/{minutes.pk}/edit/", data)
    page = response.content.decode()
    assert response.status_code == 409 and "Bản của Alice" in page and "Bản của Bob" in page
    assert Minutes.objects.get().conclusion == "Bản của Alice"


def test_the_merge_proposes_the_other_writers_text_where_only_they_changed(
    world, as_persona, minutes
):
    services.save_minutes(
        minutes,
        by=world.secretary.user,
        base_version=1,
        texts={"lessons": "Bài học của Alice"},
        ended_at=None,
    )
    data = {"version": 1, "ended_at": "", **texts(conclusion="Kết luận của Bob")}
    page = (
        as_persona("committee_member").post(f"/minutes/{minutes.pk}/edit/", data).content.decode()
    )
    assert 'id="merge-lessons">\nBài học của Alice</textarea>' in page
    assert 'id="merge-conclusion">\nKết luận của Bob</textarea>' in page


def test_saving_the_merge_keeps_both_texts(world, as_persona, minutes):
    services.save_minutes(
        minutes,
        by=world.secretary.user,
        base_version=1,
        texts={"lessons": "Của Alice"},
        ended_at=None,
    )
    data = {"version": 2, "ended_at": "", **texts(lessons="Của Alice", conclusion="Của Bob")}
    as_persona("committee_member").post(f"/minutes/{minutes.pk}/edit/", data)
    stored = Minutes.objects.get()
    assert (stored.lessons, stored.conclusion, stored.version) == ("Của Alice", "Của Bob", 3)


def test_an_autosave_on_an_old_version_reports_the_conflict(world, as_persona, minutes):
    services.save_minutes(
        minutes,
        by=world.secretary.user,
        base_version=1,
        texts={"conclusion": "Của Alice"},
        ended_at=None,
    )
    data = {"version": 1, "ended_at": "", **texts(conclusion="Của Bob")}
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/edit/", data, headers=HTMX
    )
    assert "minutes-conflict" in json.loads(response["HX-Trigger"])
    assert Minutes.objects.get().conclusion == "Của Alice"


def test_a_beacon_on_an_old_version_is_refused(world, as_persona, minutes):
    services.save_minutes(
        minutes,
        by=world.secretary.user,
        base_version=1,
        texts={"conclusion": "Của Alice"},
        ended_at=None,
    )
    data = {"version": 1, "ended_at": "", "_beacon": "1", **texts(conclusion="Của Bob")}
    response = as_persona("committee_member").post(f"/minutes/{minutes.pk}/edit/", data)
    assert response.status_code == 409 and Minutes.objects.get().conclusion == "Của Alice"


def test_a_save_without_its_version_is_refused(world, as_persona, minutes):
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/edit/", texts(conclusion="x")
    )
    assert response.status_code == 200 and Minutes.objects.get().conclusion == ""


def test_an_end_time_before_the_start_is_refused_keeping_the_text(world, as_persona, minutes):
    data = {"version": 1, "ended_at": "13:00", **texts(conclusion="Giữ lại nội dung")}
    response = as_persona("committee_member").post(f"/minutes/{minutes.pk}/edit/", data)
    assert response.status_code == 200 and "Giữ lại nội dung" in response.content.decode()
    assert Minutes.objects.get().conclusion == ""


def test_a_viewer_cannot_save_the_minutes(world, as_persona, minutes):
    response = as_persona("viewer").post(
        f"/minutes/{minutes.pk}/edit/", {"version": 1, **texts(conclusion="x")}
    )
    assert response.status_code == 403


# --- Speeches -----------------------------------------------------------------------------


def test_adding_a_speech_returns_the_list_and_a_fresh_form(world, as_persona, minutes):
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/speeches/add/",
        {"speaker": f"p{world.member.pk}", "gist": "Đề nghị bổ sung số liệu"},
        headers=HTMX,
    )
    page = response.content.decode()
    assert Speech.objects.get().gist == "Đề nghị bổ sung số liệu"
    assert "autofocus" in page and response["HX-Trigger"] == "speech-added"


def test_a_guest_can_be_picked_as_the_speaker(world, as_persona, meeting, minutes):
    guest = services.add_guest(meeting, by=world.secretary.user, name="Nguyễn Khách")
    as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/speeches/add/", {"speaker": f"g{guest.pk}", "gist": "Ý kiến khách"}
    )
    assert Speech.objects.get().guest == guest


def test_a_speech_without_gist_is_refused_keeping_the_speaker(world, as_persona, minutes):
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/speeches/add/",
        {"speaker": f"p{world.member.pk}", "gist": ""},
        headers=HTMX,
    )
    page = response.content.decode()
    assert f'value="p{world.member.pk}" selected' in page and not Speech.objects.exists()


def test_someone_absent_is_not_offered_as_a_speaker(world, as_persona, meeting, minutes):
    row = meeting.attendances.get(person=world.member)
    services.mark_attendance(row, by=world.secretary.user, status="absent_unexcused")
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/speeches/add/", {"speaker": f"p{world.member.pk}", "gist": "x"}
    )
    assert response.status_code == 200 and not Speech.objects.exists()


def add_speeches(world, meeting, count):
    return [
        services.add_speech(
            meeting, by=world.secretary.user, speaker=world.member, guest=None, gist=f"Ý kiến {n}"
        )
        for n in range(count)
    ]


def test_editing_a_speech(world, as_persona, meeting, minutes):
    (speech,) = add_speeches(world, meeting, 1)
    data = {f"s{speech.pk}-speaker": f"p{world.secretary.pk}", f"s{speech.pk}-gist": "Đã sửa"}
    as_persona("committee_member").post(f"/minutes/{minutes.pk}/speeches/{speech.pk}/edit/", data)
    speech.refresh_from_db()
    assert (speech.speaker, speech.gist) == (world.secretary, "Đã sửa")


def test_the_speech_edit_form_opens_inline_with_htmx(world, as_persona, meeting, minutes):
    (speech,) = add_speeches(world, meeting, 1)
    page = (
        as_persona("committee_member")
        .get(f"/minutes/{minutes.pk}/speeches/{speech.pk}/edit/", headers=HTMX)
        .content.decode()
    )
    assert page.startswith(f'<li id="speech-{speech.pk}"')


def test_a_refused_inline_edit_stays_in_place_with_its_text(world, as_persona, meeting, minutes):
    (speech,) = add_speeches(world, meeting, 1)
    data = {f"s{speech.pk}-speaker": "", f"s{speech.pk}-gist": "Giữ nguyên"}
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/speeches/{speech.pk}/edit/", data, headers=HTMX
    )
    assert response["HX-Retarget"] == f"#speech-{speech.pk}"
    assert "Giữ nguyên" in response.content.decode()


def test_moving_a_speech_down(world, as_persona, meeting, minutes):
    first, second = add_speeches(world, meeting, 2)
    as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/speeches/{first.pk}/move/", {"direction": "down"}
    )
    assert list(meeting.speeches.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def test_deleting_a_speech(world, as_persona, meeting, minutes):
    (speech,) = add_speeches(world, meeting, 1)
    as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/speeches/{speech.pk}/delete/", headers=HTMX
    )
    assert not Speech.objects.exists()


def test_a_speech_of_another_meeting_is_not_found(world, as_persona, minutes):
    other = call_meeting(world)
    mark_all(other, world.secretary.user)
    (speech,) = add_speeches(world, other, 1)
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/speeches/{speech.pk}/delete/"
    )
    assert response.status_code == 404 and Speech.objects.exists()


# --- Votes and follow-ups -----------------------------------------------------------------


def vote_post(**counts):
    return {
        "subject": "Thông qua kết luận",
        "method": "hands",
        "votes_for": 0,
        "votes_against": 0,
        "votes_abstain": 0,
        **counts,
    }


def test_recording_a_vote(world, as_persona, minutes):
    as_persona("committee_member").post(f"/minutes/{minutes.pk}/votes/add/", vote_post(votes_for=3))
    assert (Vote.objects.get().votes_for, Vote.objects.get().present) == (3, 3)


def test_a_vote_with_more_ballots_than_present_is_refused_with_a_clear_message(
    world, as_persona, minutes
):
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/votes/add/", vote_post(votes_for=3, votes_against=2)
    )
    page = response.content.decode()
    assert "cộng lại là 5, nhiều hơn 3 đảng viên có mặt" in page
    assert not Vote.objects.exists()


def test_a_refused_vote_keeps_what_was_typed(world, as_persona, minutes):
    data = vote_post(subject="Nghị quyết chuyên đề quý IV", votes_for=3, votes_against=2)
    page = (
        as_persona("committee_member")
        .post(f"/minutes/{minutes.pk}/votes/add/", data, headers=HTMX)
        .content.decode()
    )
    assert (
        'value="Nghị quyết chuyên đề quý IV"' in page and 'name="votes_against" value="2"' in page
    )


def test_negative_counts_are_refused(world, as_persona, minutes):
    as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/votes/add/", vote_post(votes_for=-1)
    )
    assert not Vote.objects.exists()


def test_correcting_a_vote(world, as_persona, meeting, minutes):
    vote = services.record_vote(
        meeting,
        by=world.secretary.user,
        subject="x",
        method="hands",
        votes_for=2,
        votes_against=0,
        votes_abstain=0,
    )
    as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/votes/{vote.pk}/edit/", vote_post(votes_for=2, votes_abstain=1)
    )
    vote.refresh_from_db()
    assert vote.votes_abstain == 1


def test_adding_a_follow_up(world, as_persona, minutes):
    data = {"description": "Hoàn chỉnh chuyên đề", "owner": world.member.pk, "due_on": "2026-12-15"}
    as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/follow-ups/add/", data, headers=HTMX
    )
    assert FollowUp.objects.get().owner == world.member


def test_a_follow_up_due_before_the_meeting_is_refused(world, as_persona, minutes):
    data = {"description": "Việc cũ", "owner": world.member.pk, "due_on": "2026-01-01"}
    response = as_persona("committee_member").post(f"/minutes/{minutes.pk}/follow-ups/add/", data)
    assert (
        response.status_code == 200
        and "Việc cũ" in response.content.decode()
        and not FollowUp.objects.exists()
    )


# --- Lifecycle ----------------------------------------------------------------------------


def finish(world, minutes):
    services.save_minutes(
        minutes,
        by=world.secretary.user,
        base_version=minutes.version,
        texts={},
        ended_at=__import__("datetime").time(16, 0),
    )


def test_reading_back(world, as_persona, minutes):
    finish(world, minutes)
    as_persona("committee_member").post(f"/minutes/{minutes.pk}/read-back/")
    assert Minutes.objects.get().state == "read_back"


def test_reading_back_without_the_end_time_says_why(world, as_persona, minutes):
    response = as_persona("committee_member").post(f"/minutes/{minutes.pk}/read-back/", follow=True)
    assert Minutes.objects.get().state == "draft" and "kết thúc" in response.content.decode()


def test_reading_back_from_the_editor_saves_what_autosave_had_not_sent(world, as_persona, minutes):
    data = texts(conclusion="Kết luận gõ ngay trước khi đọc lại.", version=minutes.version)
    data["ended_at"] = "16:05"
    as_persona("committee_member").post(f"/minutes/{minutes.pk}/read-back/", data)
    stored = Minutes.objects.select_related("meeting").get()
    assert stored.state == "read_back" and stored.conclusion == data["conclusion"]
    assert stored.meeting.ended_at.strftime("%H:%M") == "16:05"


def test_reading_back_from_the_editor_keeps_the_text_when_not_ready(world, as_persona, minutes):
    data = texts(conclusion="Kết luận chưa có giờ kết thúc.", version=minutes.version)
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/read-back/", data, follow=True
    )
    stored = Minutes.objects.get()
    assert stored.state == "draft" and stored.conclusion == data["conclusion"]
    assert "kết thúc" in response.content.decode()


def test_reading_back_over_a_newer_save_offers_the_merge(world, as_persona, minutes):
    base = minutes.version
    services.save_minutes(
        minutes,
        by=world.secretary.user,
        base_version=base,
        texts={"conclusion": "A"},
        ended_at=None,
    )
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/read-back/", texts(conclusion="B", version=base)
    )
    assert response.status_code == 409 and Minutes.objects.get().state == "draft"


@pytest.mark.parametrize("persona", ["member", "committee_member", "viewer", "admin"])
def test_only_the_chair_approves(world, as_persona, minutes, persona):
    finish(world, minutes)
    services.mark_read_back(minutes, by=world.secretary.user)
    assert as_persona(persona).post(f"/minutes/{minutes.pk}/approve/").status_code == 403
    assert Minutes.objects.get().state == "read_back"


def test_the_chair_approves(world, as_persona, minutes):
    finish(world, minutes)
    services.mark_read_back(minutes, by=world.secretary.user)
    as_persona("secretary").post(f"/minutes/{minutes.pk}/approve/")
    assert Minutes.objects.get().state == "approved"


def test_the_approve_button_shows_only_to_the_chair(world, as_persona, minutes):
    finish(world, minutes)
    services.mark_read_back(minutes, by=world.secretary.user)
    assert (
        "Phê duyệt biên bản"
        in as_persona("secretary").get(f"/minutes/{minutes.pk}/").content.decode()
    )
    assert (
        "Phê duyệt biên bản"
        not in as_persona("committee_member").get(f"/minutes/{minutes.pk}/").content.decode()
    )


def test_the_editor_of_approved_minutes_sends_to_the_document(world, as_persona, meeting):
    minutes = approved(world, meeting)
    assert (
        as_persona("secretary").get(f"/minutes/{minutes.pk}/edit/")["Location"]
        == f"/minutes/{minutes.pk}/"
    )


def test_an_amendment_is_recorded_with_its_reason_and_shown_with_the_original(
    world, as_persona, meeting
):
    minutes = approved(world, meeting)
    client = as_persona("committee_member")
    client.post(
        f"/minutes/{minutes.pk}/amend/",
        {"section": "conclusion", "text": "Kết luận đúng", "reason": "Ghi nhầm ngày"},
    )
    page = client.get(f"/minutes/{minutes.pk}/").content.decode()
    assert Amendment.objects.get().reason == "Ghi nhầm ngày"
    assert (
        "Chi bộ thống nhất các giải pháp." in page
        and "Kết luận đúng" in page
        and "Ghi nhầm ngày" in page
    )


def test_an_amendment_without_a_reason_is_refused_keeping_the_text(world, as_persona, meeting):
    minutes = approved(world, meeting)
    response = as_persona("committee_member").post(
        f"/minutes/{minutes.pk}/amend/", {"section": "conclusion", "text": "Giữ lại", "reason": ""}
    )
    assert (
        response.status_code == 200
        and "Giữ lại" in response.content.decode()
        and not Amendment.objects.exists()
    )


def test_a_viewer_cannot_amend(world, as_persona, meeting):
    minutes = approved(world, meeting)
    response = as_persona("viewer").post(
        f"/minutes/{minutes.pk}/amend/", {"section": "other", "text": "x", "reason": "y"}
    )
    assert response.status_code == 403
