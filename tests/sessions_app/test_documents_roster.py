"""The roster with statistics: the founding case's own figures, the people by name."""

from __future__ import annotations

import pytest

from members.demo import seed_founding_case
from members.models import PartyStatus, Person
from sessions_app.documents.document import EmptyDocument
from sessions_app.documents.pdf import html_to_pdf
from sessions_app.documents.roster import render_roster_html
from tests.factories import CellFactory
from tests.sessions_app.documents_support import embedded_fonts, page_sizes, pdf_text


@pytest.fixture
def library(db):
    return seed_founding_case().library


@pytest.fixture
def html(library):
    return render_roster_html(library)


# The figures Chi bộ Thư viện tỉnh Trà Vinh reported in May 2023 (the seed), from the data.


def test_the_roster_counts_the_party_members_by_sex_and_ethnicity(html):
    assert "Chi bộ có 16 đảng viên (12 nữ, 04 nam; 02 dân tộc Khmer)" in html


def test_the_roster_counts_established_posts_and_contracts(html):
    assert "23 biên chế và 03 hợp đồng" in html


def test_the_roster_counts_the_ethnic_minorities_of_the_unit(html):
    assert "03 người dân tộc Khmer, 01 người dân tộc Hoa" in html


def test_the_roster_counts_the_degrees_of_the_unit(html):
    assert "04 thạc sĩ, 17 đại học, 02 cao đẳng" in html


def test_the_roster_counts_political_theory(html):
    assert "01 cao cấp, 09 trung cấp" in html


def test_the_roster_names_the_departments(html):
    assert "Ban Giám đốc" in html and "Phòng Nghiệp vụ" in html


def test_the_roster_lists_the_secretary_first_among_the_members(html):
    members = html.split("II. Danh sách đảng viên")[1]
    assert (
        members.index("Trần Thị Thu Hà")
        < members.index("Nguyễn Văn Dũng")
        < members.index("Phạm Thị Lan")
    )


def test_the_roster_lists_staff_apart_from_the_members(html):
    staff = html.split("III. Danh sách viên chức")[1].split("doc-closing")[0]
    assert "Nguyễn Thị Hoa" in staff and "Trần Thị Thu Hà" not in staff


def test_the_roster_marks_a_probationary_member(html):
    row = html.split("Đỗ Thị Yến Nhi")[1].split("</tr>")[0]
    assert "Dự bị" in row


def test_a_transferred_member_is_left_out(library):
    Person.objects.filter(full_name="Phạm Thị Lan").update(party_status=PartyStatus.TRANSFERRED)
    html = render_roster_html(library)
    assert "Phạm Thị Lan" not in html and "Chi bộ có 15 đảng viên" in html


def test_a_deactivated_person_is_left_out(library):
    Person.objects.filter(full_name="Nguyễn Thị Hoa").update(is_active=False)
    assert "Nguyễn Thị Hoa" not in render_roster_html(library)


def test_the_roster_is_a_report_signed_for_the_cell(html):
    assert "<h1>BÁO CÁO</h1>" in html and "T/M CHI BỘ" in html and "Trần Thị Thu Hà" in html


def test_the_roster_goes_to_the_superior_committee_and_the_file_only(html):
    closing = html.split("Nơi nhận:")[1]
    assert "(báo cáo)" in closing and "Lưu chi bộ." in closing and "Đảng viên chi bộ" not in closing


def test_a_cell_without_people_has_nothing_to_print(db):
    with pytest.raises(EmptyDocument):
        render_roster_html(CellFactory())


def test_the_roster_pdf_reads_back_in_vietnamese_on_a4_with_embedded_fonts(html):
    data = html_to_pdf(html)
    text = pdf_text(data)
    assert "Chi bộ có 16 đảng viên (12 nữ, 04 nam; 02 dân tộc Khmer)" in text
    assert "Thạch Thị Sa Rết" in text and "DỰ THẢO" in text
    assert all(abs(w - 595.28) <= 1 and abs(h - 841.89) <= 1 for w, h in page_sizes(data))
    assert all(embedded_fonts(data).values())
