"""Minutes, reports and their narrative sections on a small cell: content, numbering,
locking, access, and a fixed number of queries for the consolidated report."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.documents import consolidated
from sessions_app.documents.document import DocumentParams, Signer, render_body_html, render_html
from sessions_app.documents.minutes import build_minutes
from sessions_app.documents.narratives import NarrativeConflict, save_narrative
from sessions_app.documents.pdf import render_pdf
from sessions_app.documents.registry import KINDS, build_document
from sessions_app.models import Attendance, IssuedDocument, Meeting, ReportNarrative
from sessions_app.services import documents as document_services
from sessions_app.services import meetings as services
from sessions_app.views import documents as views
from tests.conftest import PERSONAS
from tests.factories import CellFactory, TermFactory
from tests.sessions_app.documents_support import (
    A4,
    PARTY,
    embedded_fonts,
    page_sizes,
    pdf_text,
    status_of,
)
from tests.sessions_app.meeting_setup import approved, call_meeting

DAY = datetime.date(2026, 11, 20)
REVIEW = {"from": "2026-10-01", "to": "2026-12-31"}


@pytest.fixture
def meeting(world):
    meeting = call_meeting(world, date=DAY)
    by = world.secretary.user
    rows = {row.person_id: row for row in meeting.attendances.all()}
    for person_id, row in rows.items():
        status = Attendance.Status.PRESENT
        if person_id == world.member.pk:
            status = Attendance.Status.ABSENT_EXCUSED
        services.mark_attendance(row, by=by, status=status, reason="Đi công tác Cần Thơ")
    guest = services.add_guest(meeting, by=by, name="Nguyễn Văn Khách", unit="Đảng ủy Sở")
    services.add_speech(
        meeting, by=by, speaker=world.committee_member, guest=None, gist="Đề nghị bổ sung số liệu."
    )
    services.add_speech(meeting, by=by, speaker=None, guest=guest, gist="Ghi nhận cố gắng.")
    services.record_vote(
        meeting,
        by=by,
        subject="Thông qua chuyên đề",
        method="hands",
        votes_for=2,
        votes_against=0,
        votes_abstain=0,
    )
    services.add_follow_up(
        meeting,
        by=by,
        description="Hoàn thiện chuyên đề",
        owner=world.committee_member,
        due_on=datetime.date(2026, 12, 15),
    )
    minutes = meeting.minutes
    services.save_minutes(
        minutes,
        by=by,
        base_version=minutes.version,
        texts={
            "strengths": "Phát biểu sôi nổi.",
            "limitations": "Số liệu còn thiếu.",
            "lessons": "Phân công từ đầu năm.",
        },
        ended_at=datetime.time(16, 30),
    )
    return Meeting.objects.get(pk=meeting.pk)


def minutes_html(world, meeting):
    return render_body_html(build_minutes(world.cell, DocumentParams(meeting=meeting.pk)))


def test_minutes_state_time_place_chair_and_secretary(world, meeting):
    html = minutes_html(world, meeting)
    assert "vào lúc 14 giờ 00 phút, ngày 20 tháng 11 năm 2026" in html
    assert "Hội trường Thư viện tỉnh" in html
    assert f"Chủ trì: đồng chí {world.secretary.full_name}, Bí thư" in html
    assert f"Thư ký: đồng chí {world.committee_member.full_name}" in html


def test_minutes_name_the_absentees_with_their_reasons_and_the_guests(world, meeting):
    html = minutes_html(world, meeting)
    assert f"Vắng có lý do: đồng chí {world.member.full_name} (Đi công tác Cần Thơ)" in html
    assert "có mặt 02/03" in html
    assert "Khách mời: đồng chí Nguyễn Văn Khách, Đảng ủy Sở" in html


def test_minutes_list_speakers_vote_parts_follow_ups_and_end_time(world, meeting):
    html = minutes_html(world, meeting)
    assert f"Đồng chí {world.committee_member.full_name}: Đề nghị bổ sung số liệu." in html
    assert "Đồng chí Nguyễn Văn Khách (khách mời): Ghi nhận cố gắng." in html
    assert "Thông qua chuyên đề: 02 đồng chí có mặt; tán thành 02 (100%)" in html
    assert "Bài học kinh nghiệm" in html and "Phân công từ đầu năm." in html
    assert "Hoàn thiện chuyên đề (đồng chí" in html and "thời hạn 15/12/2026" in html
    assert "kết thúc vào lúc 16 giờ 30 phút" in html


def test_minutes_are_a_draft_until_the_chair_approves(world, meeting):
    assert "DỰ THẢO" in minutes_html(world, meeting)
    approved(world, meeting)
    html = minutes_html(world, meeting)
    assert "DỰ THẢO" not in html and "đọc lại cho chi bộ nghe" in html


def test_minutes_are_signed_by_the_secretary_left_and_the_chair_right(world, meeting):
    document = build_minutes(world.cell, DocumentParams(meeting=meeting.pk))
    assert [(s.lines, s.name) for s in document.signatures] == [
        (("THƯ KÝ",), world.committee_member.full_name),
        (("CHỦ TRÌ",), world.secretary.full_name),
    ]
    assert document.recipients == []


def test_minutes_as_pdf_a4_with_embedded_fonts_and_vietnamese_intact(world, meeting):
    data = render_pdf(render_html(build_minutes(world.cell, DocumentParams(meeting=meeting.pk))))
    text = pdf_text(data.data)
    assert "BIÊN BẢN" in text and "sinh hoạt chuyên đề Quý IV/2026" in text
    assert "Đi công tác Cần Thơ" in text and "DỰ THẢO" in text
    assert all(abs(w - A4[0]) <= 1 and abs(h - A4[1]) <= 1 for w, h in page_sizes(data.data))
    assert all(embedded_fonts(data.data).values())


def test_minutes_of_another_cells_meeting_are_not_found(world, meeting, as_persona):
    url = f"/c/{world.other_cell.slug}/documents/minutes/?meeting={meeting.pk}"
    assert as_persona("other_secretary").get(url).status_code == 404


def _issue(world, kind, params):
    return document_services.issue_document(
        spec=KINDS[kind],
        organisation=world.cell,
        params=params,
        by=world.secretary.user,
        signer=Signer(world.secretary.full_name, "BÍ THƯ", world.secretary.pk),
        issued_on=datetime.date(2026, 11, 25),
    )


def test_numbers_run_per_type_in_the_term(world, meeting):
    approved(world, meeting)
    second = call_meeting(
        world, date=datetime.date(2026, 11, 21), topics=[], kind=Meeting.Kind.REGULAR
    )
    first_minutes = _issue(world, "minutes", DocumentParams(meeting=meeting.pk))
    review = _issue(world, "review", DocumentParams(start=DAY, end=DAY))
    second_minutes = _issue(world, "minutes", DocumentParams(meeting=second.pk))
    assert [first_minutes.number, review.number, second_minutes.number] == [
        "01-BB/CB",
        "01-BC/CB",
        "02-BB/CB",
    ]
    assert "Số 01-BB/CB" in pdf_text(bytes(first_minutes.pdf))
    assert "DỰ THẢO" not in pdf_text(bytes(first_minutes.pdf))


# --- Reports and their narrative sections ---------------------------------------------


def review_html(world):
    params = DocumentParams(start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31))
    return render_body_html(build_document(KINDS["review"], world.cell, params))


def test_the_review_counts_meetings_attendance_and_speeches(world, meeting):
    html = review_html(world)
    assert "tổ chức 01 buổi sinh hoạt" not in html  # not held until approved
    approved(world, meeting)
    html = review_html(world)
    assert "tổ chức 01 buổi sinh hoạt" in html and "02 lượt phát biểu" in html
    assert "Học tập và làm theo tư tưởng Hồ Chí Minh" in html


def test_the_review_draws_topics_built_and_held_as_a_chart(world, meeting):
    approved(world, meeting)
    html = review_html(world)
    assert 'role="img"' in html and "Chuyên đề đã sinh hoạt" in html
    assert 'font-family="Times New Roman, Liberation Serif, serif"' in html


def test_the_sections_are_prefilled_from_the_minutes(world, meeting):
    approved(world, meeting)
    html = review_html(world)
    for text in ("Phát biểu sôi nổi.", "Số liệu còn thiếu.", "Phân công từ đầu năm."):
        assert text in html
    assert "Hoàn thiện chuyên đề" in html  # an open follow-up is a next task


def test_the_quarterly_report_counts_held_against_planned_and_next_topics(world, meeting):
    approved(world, meeting)
    params = DocumentParams(year=2026, quarter=4)
    html = render_body_html(build_document(KINDS["quarterly"], world.cell, params))
    assert "sinh hoạt 01 chuyên đề" in html and "đã tổ chức 01/01 buổi" in html
    assert "tỷ lệ đảng viên dự sinh hoạt đạt 100% (3/3 lượt)" in html
    assert "Chuyên đề Quý I/2027" in html.replace("CHUYÊN ĐỀ", "Chuyên đề")


def test_saved_sections_replace_the_prefill_and_bump_the_version(world, meeting):
    params = DocumentParams(start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31))
    narrative = save_narrative(
        organisation=world.cell,
        kind="review",
        params=params,
        sections={"results": "Kết quả do chi ủy viết."},
        version=0,
        by=world.secretary.user,
    )
    again = save_narrative(
        organisation=world.cell,
        kind="review",
        params=params,
        sections={"results": "Lần hai."},
        version=narrative.version,
        by=world.secretary.user,
    )
    assert (narrative.version, again.version) == (1, 2)
    assert "Lần hai." in review_html(world) and "Phát biểu sôi nổi." not in review_html(world)


def test_a_save_on_a_stale_version_is_refused(world, meeting):
    params = DocumentParams(start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31))
    kwargs = {"organisation": world.cell, "kind": "review", "params": params}
    save_narrative(**kwargs, sections={"results": "A"}, version=0, by=world.secretary.user)
    with pytest.raises(NarrativeConflict):
        save_narrative(**kwargs, sections={"results": "B"}, version=0, by=world.secretary.user)
    assert ReportNarrative.objects.get().sections["results"] == "A"


def test_issuing_freezes_the_sections_in_the_issued_pdf(world, meeting):
    params = DocumentParams(start=datetime.date(2026, 10, 1), end=datetime.date(2026, 12, 31))
    kwargs = {"organisation": world.cell, "kind": "review", "params": params}
    save_narrative(**kwargs, sections={"results": "Bản khi ban hành."}, version=0, by=None)
    issued = _issue(world, "review", params)
    save_narrative(**kwargs, sections={"results": "Sửa sau."}, version=1, by=None)
    text = pdf_text(bytes(IssuedDocument.objects.get(pk=issued.pk).pdf))
    assert "Bản khi ban hành." in text and "Sửa sau." not in text


NARRATIVE = {
    "anonymous": "login",
    "staff": 404,
    "member": 403,
    "committee_member": 302,
    "secretary": 302,
    "other_member": 404,
    "other_secretary": 404,
    "viewer": 403,
    "admin": 302,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_cell_committee_edits_the_sections(world, meeting, as_persona, persona):
    url = f"/c/{world.cell.slug}/documents/review/narrative/"
    data = {**REVIEW, "version": 0, "results": "Chi ủy viết."}
    response = as_persona(persona).post(url, data)
    status = response.status_code
    if status == 302 and "/accounts/login/" in response["Location"]:
        status = "login"
    assert status == NARRATIVE[persona]


def test_the_edit_form_is_prefilled_for_the_committee_only(world, meeting, as_persona):
    approved(world, meeting)
    url = f"/c/{world.cell.slug}/documents/review/?from=2026-10-01&to=2026-12-31"
    page = as_persona("secretary").get(url).content.decode()
    assert 'name="results"' in page and "Phát biểu sôi nổi." in page
    assert 'name="results"' not in as_persona("member").get(url).content.decode()


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(world, meeting, as_persona):
    url = f"/c/{world.cell.slug}/documents/review/narrative/"
    client = as_persona("secretary")
    assert client.post(url, {**REVIEW, "version": 0, "results": "Lần đầu."}).status_code == 302
    response = client.post(url, {**REVIEW, "version": 0, "results": "Chữ đang gõ."})
    assert response.status_code == 409
    assert "Chữ đang gõ." in response.content.decode()
    assert ReportNarrative.objects.get().sections["results"] == "Lần đầu."


# --- The superior committee --------------------------------------------------------------

COMMITTEE = dict.fromkeys(PERSONAS, 404) | {"anonymous": "login", "viewer": 200, "admin": 200}


@pytest.fixture
def stub_pdf(monkeypatch):
    monkeypatch.setattr(views, "html_to_pdf", lambda html: b"%PDF-1.7 stand-in")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "path", ["consolidated/?year=2026&quarter=4", "consolidated/pdf/?year=2026&quarter=4"]
)
def test_the_consolidated_report_is_for_the_superior_committee(
    world, as_persona, stub_pdf, persona, path
):
    response = as_persona(persona).get(f"/o/{world.superior.slug}/documents/{path}")
    assert status_of(response) == COMMITTEE[persona]


def test_the_consolidated_report_has_a_row_per_cell_and_names_late_cells(world, meeting):
    approved(world, meeting)
    rows = consolidated.cell_rows(world.superior, 2026, 4)
    assert [(r.name, r.planned, r.held) for r in rows] == [
        (world.other_cell.name, 0, 0),
        (world.cell.name, 1, 1),
    ]
    assert rows[1].attendance_percent == 100 and rows[1].note == "Đúng kế hoạch"
    past = consolidated.cell_rows(world.superior, 2025, 1)
    assert all(r.late for r in past)


def test_the_consolidated_report_takes_the_same_queries_for_more_cells(world, meeting):
    def queries():
        params = DocumentParams(year=2026, quarter=4)
        with CaptureQueriesContext(connection) as captured:
            render_html(build_document(KINDS["consolidated"], world.superior, params))
        return len(captured)

    few = queries()
    for _n in range(8):
        TermFactory(organisation=CellFactory(parent=world.superior))
    assert queries() == few


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "path",
    [
        "minutes/?meeting={meeting}",
        "minutes/pdf/?meeting={meeting}",
        "quarterly/?year=2026&quarter=4",
        "review/pdf/?from=2026-10-01&to=2026-12-31",
    ],
)
def test_party_members_and_the_superior_committee_read_minutes_and_reports(
    world, meeting, as_persona, stub_pdf, persona, path
):
    url = f"/c/{world.cell.slug}/documents/" + path.format(meeting=meeting.pk)
    assert status_of(as_persona(persona).get(url)) == PARTY[persona]


ZIP = PARTY | {"member": 302, "committee_member": 302, "secretary": 302, "viewer": 302}
ZIP["admin"] = 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_whoever_reads_the_minutes_may_ask_for_the_zip(world, as_persona, persona):
    # A year without meetings: the permitted are sent back with a message, nothing runs.
    response = as_persona(persona).post(
        f"/c/{world.cell.slug}/documents/minutes-zip/", {"year": 1999}
    )
    assert status_of(response) == ZIP[persona]
    if response.status_code == 302 and status_of(response) != "login":
        assert response["Location"] == f"/c/{world.cell.slug}/documents/"
