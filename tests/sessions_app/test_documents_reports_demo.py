"""The reports, minutes and registers on the seeded founding case (DOMAIN.md §9)."""

from __future__ import annotations

import zipfile

import pytest
from django.core.management import call_command

from members.models import Organisation
from sessions_app.demo_topics import SEED_TITLES
from sessions_app.documents.document import DocumentParams, render_body_html
from sessions_app.documents.minutes import build_minutes
from sessions_app.documents.minutes_zip import start_minutes_zip
from sessions_app.documents.registry import KINDS, build_document
from sessions_app.models import Attendance, Meeting
from tests.sessions_app.documents_support import A4, embedded_fonts, page_sizes, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Organisation.objects.get(slug="thu-vien-tra-vinh")


def html(cell, kind, **params):
    return render_body_html(build_document(KINDS[kind], cell, DocumentParams(**params)))


def test_the_review_of_the_first_half_term_gives_the_seeds_figures_and_titles(library, tmp_path):
    term = library.terms.order_by("start").first()
    middle = term.start + (term.end - term.start) / 2
    output = tmp_path / "r.pdf"
    call_command(
        "print_report",
        "review",
        "--cell",
        library.slug,
        "--from",
        term.start.isoformat(),
        "--to",
        middle.isoformat(),
        "--output",
        str(output),
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    data = output.read_bytes()
    text = pdf_text(data)
    for figure in (
        "16 đảng viên (12 nữ, 04 nam; 02 đảng viên dân tộc Khmer)",
        "23 biên chế và 03 hợp đồng",
        "04 thạc sĩ, 17 đại học, 02 cao đẳng",
        "01 cao cấp, 09 trung cấp",
        "đã xây dựng 12 chuyên đề và tổ chức sinh hoạt 09 chuyên đề",
        "04 cuộc đăng ký thực hiện mô hình, với 32 lượt đảng viên và 10 viên chức đăng ký",
        "T/M CHI BỘ",
    ):
        assert figure in text
    for title in SEED_TITLES:
        assert title in text
    assert all(abs(w - A4[0]) <= 1 and abs(h - A4[1]) <= 1 for w, h in page_sizes(data))
    fonts = embedded_fonts(data)
    assert fonts and all(fonts.values())
    # One family, the chart's text included.
    assert all(name.startswith(("Liberation-Serif", "TimesNewRoman")) for name in fonts)


def test_approved_minutes_name_absentees_speakers_vote_and_both_signers(library):
    meeting = (
        Meeting.objects.filter(cell=library, minutes__state="approved")
        .filter(attendances__status=Attendance.Status.ABSENT_EXCUSED)
        .order_by("date")
        .first()
    )
    document = build_minutes(library, DocumentParams(meeting=meeting.pk))
    body = render_body_html(document)
    absent = meeting.attendances.filter(status=Attendance.Status.ABSENT_EXCUSED).first()
    speech = meeting.speeches.first()
    assert not document.is_draft and "DỰ THẢO" not in body
    assert f"{absent.person.full_name} ({absent.reason})" in body
    assert speech.speaker_name in body and "tán thành" in body
    assert "kết thúc vào lúc" in body and "CHỦ TRÌ" in body and "THƯ KÝ" in body
    assert meeting.chair.full_name in body and meeting.recorder.full_name in body


def test_minutes_not_approved_carry_the_draft_mark(library):
    meeting = Meeting.objects.filter(cell=library).exclude(minutes__state="approved").first()
    document = build_minutes(library, DocumentParams(meeting=meeting.pk))
    assert document.is_draft and "DỰ THẢO" in render_body_html(document)


def test_the_other_reports_read_the_demo(library):
    quarterly = html(library, "quarterly", year=2022, quarter=4)
    assert SEED_TITLES[8] in quarterly and "Quý I/2023" in quarterly
    assert "Kết luận buổi sinh hoạt ngày 15/11/2022" in quarterly
    pledges = html(library, "pledges", year=2021)
    assert "02 cuộc" in pledges and "Cuộc 2 – nhiệm kỳ 2020–2025" in pledges
    topic = library.meetings.filter(minutes__state="approved").first().topics.get()
    assert topic.title in html(library, "topic", topic=topic.pk)
    committee = library.parent
    consolidated = render_body_html(
        build_document(KINDS["consolidated"], committee, DocumentParams(year=2022, quarter=4))
    )
    assert "Chi bộ Thư viện tỉnh Trà Vinh" in consolidated and "Đúng kế hoạch" in consolidated
    assert "Chưa có kế hoạch năm" in consolidated  # the two cells without a plan are late


def test_the_zip_of_a_years_minutes_holds_one_pdf_per_meeting(library):
    secretary = library.people.get(user__username="bithu").user
    job = start_minutes_zip(library, 2021, by=secretary)
    # Tests run the queue immediately: the job is done once the transaction commits.
    job.refresh_from_db()
    if job.state == "queued":
        from sessions_app.jobs import run_job

        run_job(str(job.pk))
        job.refresh_from_db()
    assert job.state == "done", job.message
    with zipfile.ZipFile(job.result.open("rb")) as archive:
        names = archive.namelist()
        first = archive.read(names[0])
    assert len(names) == Meeting.objects.filter(cell=library, date__year=2021).count() == 4
    assert all(name.isascii() and name.endswith(".pdf") for name in names)
    assert names == sorted(names) and names[0].startswith("01-BB-2021-02-15")
    assert "Biên bản".upper() in pdf_text(first).upper()
