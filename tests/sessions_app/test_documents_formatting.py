"""Dates, quarters, numbers and file names as Party documents write them (Hướng dẫn 36-HD/VPTW)."""

from __future__ import annotations

import datetime

import pytest

from sessions_app.documents import formatting

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2023, 1, 5), "ngày 05 tháng 01 năm 2023"),
        (D(2023, 2, 28), "ngày 28 tháng 02 năm 2023"),
        (D(2023, 5, 15), "ngày 15 tháng 5 năm 2023"),
        (D(2023, 3, 9), "ngày 09 tháng 3 năm 2023"),
        (D(2023, 12, 10), "ngày 10 tháng 12 năm 2023"),
        (D(2023, 10, 1), "ngày 01 tháng 10 năm 2023"),
    ],
)
def test_days_below_ten_and_the_first_two_months_take_a_leading_zero(day, expected):
    assert formatting.party_date(day) == expected


def test_the_place_date_line_starts_with_the_place():
    line = formatting.place_date_line("Trà Vinh", D(2023, 1, 5))
    assert line == "Trà Vinh, ngày 05 tháng 01 năm 2023"


def test_the_place_date_line_without_a_date_leaves_room_to_write_it():
    assert formatting.place_date_line("Trà Vinh", None).startswith("Trà Vinh, ngày ")


@pytest.mark.parametrize(
    ("quarter", "year", "expected"),
    [
        (1, 2023, "Quý I/2023"),
        (2, 2023, "Quý II/2023"),
        (3, 2026, "Quý III/2026"),
        (4, 2026, "Quý IV/2026"),
    ],
)
def test_quarters_are_written_in_roman_numerals(quarter, year, expected):
    assert formatting.quarter_label(quarter, year) == expected


def test_a_fifth_quarter_is_refused():
    with pytest.raises(ValueError):
        formatting.quarter_label(5, 2026)


@pytest.mark.parametrize(
    ("number", "expected"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL")]
)
def test_roman_numerals(number, expected):
    assert formatting.roman(number) == expected


def test_the_quarter_of_a_day():
    assert [formatting.quarter_of(D(2026, m, 1)) for m in (1, 3, 4, 6, 7, 10, 12)] == [
        1,
        1,
        2,
        2,
        3,
        4,
        4,
    ]


def test_a_document_number_has_at_least_two_digits():
    assert formatting.document_number(5, "BB", "CB") == "05-BB/CB"


def test_a_document_number_grows_past_two_digits():
    assert formatting.document_number(123, "KH", "CB") == "123-KH/CB"


def test_a_document_number_starts_at_one():
    with pytest.raises(ValueError):
        formatting.document_number(0, "KH", "CB")


def test_the_number_line_of_an_issued_document():
    assert formatting.number_line("05-KH/CB", "KH", "CB") == "Số 05-KH/CB"


def test_the_number_line_before_issue_leaves_room_for_the_number():
    line = formatting.number_line(None, "KH", "CB")
    assert line.startswith("Số ") and line.endswith("-KH/CB") and "0" not in line


def test_counts_below_ten_are_written_with_two_digits():
    assert [formatting.count_text(n) for n in (0, 4, 12)] == ["00", "04", "12"]


def test_the_short_date_has_two_digit_day_and_month():
    assert formatting.short_date(D(2023, 1, 5)) == "05/01/2023"


def test_an_ascii_file_name_drops_the_diacritics_and_keeps_the_case():
    name = formatting.ascii_filename("KH", "2026", "Chi bộ Thư viện")
    assert name == "KH-2026-Chi-bo-Thu-vien.pdf"


def test_an_ascii_file_name_turns_đ_into_d():
    assert formatting.ascii_filename("Đảng ủy Sở") == "Dang-uy-So.pdf"


def test_a_vietnamese_file_name_loses_slashes_quotes_and_control_characters():
    name = formatting.unicode_filename('Số 05-KH/CB "x"\r\n', "Kế hoạch")
    assert not set('/"\r\n') & set(name) and name.endswith("Kế hoạch.pdf")
