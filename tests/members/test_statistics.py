"""The cell in numbers: the founding case shows the seed's figures, and the charts say them."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from members.charts import bar_chart, proportion_bar
from members.models import Organisation, PartyStatus, User
from members.statistics import cell_statistics
from tests.factories import PersonFactory


@pytest.fixture
def library(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Organisation.objects.get(slug="thu-vien-tra-vinh")


@pytest.fixture
def page(library):
    client = Client()
    client.force_login(User.objects.get(username="bithu"))
    return client.get("/c/thu-vien-tra-vinh/people/statistics/").content.decode()


def test_the_founding_case_has_16_party_members(library):
    assert cell_statistics(library).party_total == 16


def test_the_founding_case_party_members_are_12_women_and_4_men(library):
    by_sex = cell_statistics(library).party_by("sex")
    assert (by_sex.count("female"), by_sex.count("male")) == (12, 4)


def test_two_party_members_of_the_founding_case_are_khmer(library):
    assert cell_statistics(library).party_by("ethnicity").count("Khmer") == 2


def test_the_founding_unit_has_23_established_posts_and_3_contracts(library):
    employment = cell_statistics(library).unit_by("employment")
    assert (employment.count("established"), employment.count("contract")) == (23, 3)


def test_the_founding_unit_has_3_khmer_and_1_hoa(library):
    ethnicity = cell_statistics(library).unit_by("ethnicity")
    assert (ethnicity.count("Khmer"), ethnicity.count("Hoa")) == (3, 1)


def test_the_founding_unit_has_4_masters_17_bachelors_and_2_college_degrees(library):
    education = cell_statistics(library).unit_by("education")
    counts = tuple(education.count(k) for k in ("master", "bachelor", "college"))
    assert counts == (4, 17, 2)


def test_the_founding_unit_has_1_advanced_and_9_intermediate_in_political_theory(library):
    theory = cell_statistics(library).unit_by("theory")
    assert (theory.count("advanced"), theory.count("intermediate")) == (1, 9)


@pytest.mark.parametrize(
    "figure",
    [
        "Nữ: 12 (75 %)",
        "Nam: 4 (25 %)",
        "Khmer: 2 (12,5 %)",
        "Biên chế: 23 (88,5 %)",
        "Hợp đồng: 3 (11,5 %)",
        "Khmer: 3 (11,5 %)",
        "Hoa: 1 (3,8 %)",
        "Thạc sĩ: 4 (15,4 %)",
        "Đại học: 17 (65,4 %)",
        "Cao đẳng: 2 (7,7 %)",
        "Cao cấp: 1 (3,8 %)",
        "Trung cấp: 9 (34,6 %)",
    ],
)
def test_the_statistics_page_reads_out_the_seeds_figures(page, figure):
    descriptions = re.findall(r"<desc [^>]*>(.*?)</desc>", page)
    assert any(figure in d for d in descriptions)


def test_the_statistics_page_heads_with_the_totals(page):
    assert "Đảng viên (16)" in page and "Toàn đơn vị (26)" in page


def test_people_who_left_are_not_counted(world):
    PersonFactory(cell=world.cell, is_active=False)
    assert cell_statistics(world.cell).party_total == 3


def test_transferred_members_are_not_counted_as_party_members(world):
    PersonFactory(cell=world.cell, party_status=PartyStatus.TRANSFERRED)
    assert cell_statistics(world.cell).party_total == 3


def test_staff_count_in_the_unit_only(world):
    stats = cell_statistics(world.cell)
    assert (stats.party_total, stats.unit_total) == (3, 4)


def test_a_person_without_education_is_counted_as_not_recorded(world):
    rows = cell_statistics(world.cell).unit_by("education").rows
    assert [(r.label, r.count) for r in rows] == [("Chưa ghi", 4)]


# --- charts ------------------------------------------------------------------------------


def test_a_bar_chart_is_an_accessible_image():
    svg = bar_chart([("Kinh", 3), ("Khmer", 1)], title="Theo dân tộc")
    assert 'role="img"' in svg and "<title" in svg and "Theo dân tộc" in svg


def test_a_bar_chart_writes_every_number_as_text():
    svg = bar_chart([("Kinh", 3), ("Khmer", 1)], title="Theo dân tộc")
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    assert texts == ["Kinh", "3 (75 %)", "Khmer", "1 (25 %)"]


def test_the_longest_bar_fills_the_width():
    svg = bar_chart([("a", 4), ("b", 2)], title="t")
    widths = re.findall(
        r'<rect x="0" y="\d+" width="([\d.]+)" height="12" rx="2" fill="#a4201a"', svg
    )
    assert widths == ["358.0", "179.0"]


def test_a_chart_escapes_its_labels():
    svg = bar_chart([("<script>", 1)], title="<b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_a_chart_of_nothing_does_not_divide_by_zero():
    assert "0 (0 %)" in proportion_bar([("Nam", 0), ("Nữ", 0)], title="Theo giới tính")


def test_a_proportion_bar_splits_the_width_by_share():
    svg = proportion_bar([("Nam", 1), ("Nữ", 3)], title="Theo giới tính")
    widths = re.findall(r'height="20" fill', svg)
    parts = re.findall(r'<rect x="([\d.]+)" y="0" width="([\d.]+)"', svg)
    assert len(widths) == 2 and parts == [("0.0", "89.5"), ("89.5", "268.5")]


def test_a_chart_uses_no_script():
    svg = bar_chart([("Kinh", 3)], title="t") + proportion_bar([("Nam", 1)], title="t")
    assert "<script" not in svg and "onclick" not in svg


def test_a_chart_prints_with_weasyprint_and_keeps_its_numbers():
    from pypdf import PdfReader
    from weasyprint import HTML

    html = (
        "<html><body>"
        + proportion_bar([("Nữ", 12), ("Nam", 4)], title="Theo giới tính")
        + "</body></html>"
    )
    text = PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages[0].extract_text()
    assert "Nữ" in text and "12 (75 %)" in text
