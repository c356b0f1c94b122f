"""The annual topic plan (kế hoạch sinh hoạt chuyên đề năm): content on the HTML, one PDF check."""

from __future__ import annotations

import datetime
import re

import pytest

from members.models import PartyPosition
from sessions_app.documents.document import (
    DocumentNotFound,
    DocumentParams,
    EmptyDocument,
    Issue,
    Signer,
)
from sessions_app.documents.pdf import html_to_pdf, render_pdf
from sessions_app.documents.plan import render_plan_html
from sessions_app.documents.registry import KINDS
from sessions_app.models import AnnualPlan, Topic
from sessions_app.services.documents import issue_document
from tests.factories import PersonFactory
from tests.sessions_app.documents_support import embedded_fonts, make_plan, page_sizes, pdf_text

PLAN = KINDS["plan"]
PLAN_PARAMS = DocumentParams(year=2026)


@pytest.fixture
def plan(world):
    return make_plan(world.cell, topics=3, drafters=[world.member, world.committee_member])


def html_of(world, **kwargs):
    return render_plan_html(world.cell, year=2026, **kwargs)


def test_the_header_names_the_superior_body_then_the_cell_in_bold(world, plan):
    html = html_of(world)
    assert '<div class="superior">ĐẢNG BỘ SỞ VĂN HÓA</div>' in html
    assert '<div class="issuer">CHI BỘ THƯ VIỆN</div>' in html


def test_the_header_puts_a_star_under_the_issuer(world, plan):
    assert '<div class="star">*</div>' in html_of(world)


def test_the_header_carries_the_partys_name_with_its_rule(world, plan):
    assert '<div class="party-name">ĐẢNG CỘNG SẢN VIỆT NAM</div>' in html_of(world)


def test_an_unissued_plan_leaves_the_number_and_date_blank(world, plan):
    html = html_of(world)
    assert "-KH/CB</div>" in html and "Trà Vinh, ngày\u00a0" in html


def test_an_issued_plan_carries_its_number_and_date(world, plan):
    issue = Issue(
        number="05-KH/CB",
        issued_on=datetime.date(2026, 1, 5),
        signer=Signer("Trần Thị Alice", "BÍ THƯ"),
    )
    html = html_of(world, issue=issue)
    assert "Số 05-KH/CB" in html and "Trà Vinh, ngày 05 tháng 01 năm 2026" in html


def test_the_title_is_the_type_with_the_summary_under_it(world, plan):
    html = html_of(world)
    assert "<h1>KẾ HOẠCH</h1>" in html and "sinh hoạt chuyên đề năm 2026" in html


def test_the_plan_lists_its_topics_by_quarter(world, plan):
    html = html_of(world)
    positions = [html.index(f"Quý {q}/2026") for q in ("I", "II", "III", "IV")]
    assert positions == sorted(positions)


def test_the_plan_names_the_drafters_and_presenter_of_each_topic(world, plan):
    html = html_of(world)
    assert world.member.full_name in html and world.committee_member.full_name in html


def test_a_quarter_without_a_topic_is_shown_as_missing(world, plan):
    assert "Chưa xác định chuyên đề cho quý này." in html_of(world)


def test_a_cancelled_topic_is_left_out(world, plan):
    Topic.objects.filter(plan=plan, quarter=1).update(state=Topic.State.CANCELLED, title="Đã hủy")
    assert "Đã hủy" not in html_of(world)


def test_the_requirements_quote_the_configured_lead_time_and_duration(world, plan, settings):
    settings.CHIBO = {**settings.CHIBO, "CIRCULATION_LEAD_DAYS": 3, "MEETING_MIN_MINUTES": 95}
    html = html_of(world)
    assert "ít nhất 03 ngày" in html and "ít nhất 95 phút" in html


def test_the_plan_is_signed_for_the_cell_by_its_secretary(world, plan):
    html = html_of(world)
    assert "T/M CHI BỘ" in html and "BÍ THƯ" in html and world.secretary.full_name in html


def test_without_a_secretary_a_deputy_signs(world, plan):
    world.secretary.party_position = PartyPosition.MEMBER
    world.secretary.save()
    PersonFactory(cell=world.cell, full_name="Lý Văn Phó", party_position=PartyPosition.DEPUTY)
    html = html_of(world)
    assert "PHÓ BÍ THƯ" in html and "Lý Văn Phó" in html


def test_the_plan_goes_to_the_superior_committee_the_members_and_the_file(world, plan):
    html = html_of(world)
    assert "Đảng ủy Sở Văn hóa (báo cáo)," in html
    assert "Đảng viên chi bộ," in html and "Lưu chi bộ." in html


def test_a_plan_being_drafted_carries_the_draft_mark(world, plan):
    assert "DỰ THẢO" in html_of(world)


def test_an_approved_plan_carries_no_draft_mark(world, plan):
    AnnualPlan.objects.filter(pk=plan.pk).update(state=AnnualPlan.State.APPROVED)
    assert "DỰ THẢO" not in html_of(world)


def test_a_year_without_a_plan_is_not_found(world, plan):
    with pytest.raises(DocumentNotFound):
        render_plan_html(world.cell, year=2027)


def test_a_plan_without_topics_has_nothing_to_print(world):
    make_plan(world.cell, year=2027, topics=0)
    with pytest.raises(EmptyDocument):
        render_plan_html(world.cell, year=2027)


def test_markup_typed_into_a_title_is_printed_as_text(world, plan):
    Topic.objects.filter(plan=plan, quarter=1).update(
        title='<img src="file:///etc/passwd"> <b>x</b>'
    )
    html = html_of(world)
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html and "<b>x</b>" not in html


def test_markup_typed_into_a_title_fetches_nothing(world, plan):
    hostile = '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x"><i style="background:url(http://127.0.0.1:9/y)">'
    Topic.objects.filter(plan=plan, quarter=1).update(title=hostile)
    rendered = render_pdf(html_of(world))
    assert rendered.refused == () and 'src="file:///etc/passwd"' in pdf_text(rendered.data)


# One rendering to PDF, read back: text, A4, fonts, draft mark; then the issued copy.


@pytest.fixture
def draft_pdf(world, plan):
    return html_to_pdf(html_of(world))


def test_the_pdf_reads_back_with_its_vietnamese_diacritics(draft_pdf):
    text = pdf_text(draft_pdf)
    assert (
        "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Chuyên đề số 1: nâng cao chất lượng sinh hoạt" in text
    )
    assert "Học tập và làm theo tư tưởng" in text or "Hồ Chí Minh" in text


def test_the_pdf_is_a4(draft_pdf):
    assert all(abs(w - 595.28) <= 1 and abs(h - 841.89) <= 1 for w, h in page_sizes(draft_pdf))


def test_the_pdf_embeds_one_serif_family_with_vietnamese(draft_pdf):
    fonts = embedded_fonts(draft_pdf)
    families = {re.sub(r"[-_ ]|bold|italic|regular", "", name.lower()) for name in fonts}
    assert all(fonts.values()) and families <= {
        "liberationserif",
        "timesnewroman",
        "timesnewromanps",
    }


def test_the_pdf_of_an_unissued_plan_carries_the_draft_mark(draft_pdf):
    assert "DỰ THẢO" in pdf_text(draft_pdf)


def test_the_pdf_of_the_issued_plan_carries_its_number_and_no_draft_mark(world, plan):
    issued = issue_document(
        spec=PLAN,
        organisation=world.cell,
        params=PLAN_PARAMS,
        by=world.secretary.user,
        signer=Signer(world.secretary.full_name, "BÍ THƯ", world.secretary.pk),
    )
    text = pdf_text(bytes(issued.pdf))
    assert "Số 01-KH/CB" in text and "DỰ THẢO" not in text
