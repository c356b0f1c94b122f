"""How Party documents write dates, quarters, counts, numbers and file names.

Hướng dẫn 36-HD/VPTW (03/4/2018): in the place-date line a day below 10 and the
months 1 and 2 take a leading zero ("ngày 05 tháng 01 năm 2023", "ngày 15 tháng 5
năm 2023"), so that nobody can add a digit in front later. Document numbers have at
least two digits ("Số 05-BB/CB"). Counts in the body are written with two digits as
the founding case writes them ("04 nam, 02 dân tộc Khmer").
"""

from __future__ import annotations

import datetime
import re
import unicodedata

_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip


def roman(number: int) -> str:
    """Roman numerals for quarters and section headings: 4 -> "IV"."""
    if number < 1:
        raise ValueError(f"Roman numerals start at 1, got {number}")
    parts: list[str] = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def day_text(day: int) -> str:
    return f"{day:02d}" if day < 10 else str(day)


def month_text(month: int) -> str:
    return f"{month:02d}" if month <= 2 else str(month)


def party_date(day: datetime.date) -> str:
    """The date as a Party document writes it: "ngày 05 tháng 01 năm 2023"."""
    return f"ngày {day_text(day.day)} tháng {month_text(day.month)} năm {day.year}"


def place_date_line(place: str, day: datetime.date | None) -> str:
    """The place-date line, "Trà Vinh, ngày 05 tháng 01 năm 2023"; blanks without a date."""
    if day is None:
        return f"{place}, ngày      tháng      năm"
    return f"{place}, {party_date(day)}"


def short_date(day: datetime.date | None) -> str:
    """The short date of tables, "05/01/2023"; empty for an unknown date."""
    return day.strftime("%d/%m/%Y") if day else ""


def quarter_label(quarter: int, year: int) -> str:
    """A quarter as reports write it: "Quý II/2023"."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"A quarter is 1 to 4, got {quarter}")
    return f"Quý {roman(quarter)}/{year}"


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1


def count_text(count: int) -> str:
    """Counts below 10 with a leading zero, as reports write them: 4 -> "04"."""
    return f"{count:02d}"


def document_number(sequence: int, type_code: str, issuer_code: str) -> str:
    """The number "05-BB/CB": sequence (two digits at least), type code, issuer code."""
    if sequence < 1:
        raise ValueError(f"Document sequences start at 1, got {sequence}")
    return f"{sequence:02d}-{type_code}/{issuer_code}"


def number_line(number: str | None, type_code: str, issuer_code: str) -> str:
    """The number line: "Số 05-KH/CB" once issued, "Số      -KH/CB" with room before."""
    if number:
        return f"Số {number}"
    return f"Số      -{type_code}/{issuer_code}"


def ascii_fold(text: str) -> str:
    """Vietnamese without diacritics, case kept: "Chi bộ Thư viện" -> "Chi bo Thu vien"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ascii_filename(*parts: str, extension: str = "pdf") -> str:
    """An ASCII file name from parts: ("KH", "2026", "Chi bộ Thư viện") -> KH-2026-Chi-bo-Thu-vien.pdf."""
    words = [re.sub(r"[^A-Za-z0-9]+", "-", ascii_fold(part)).strip("-") for part in parts]
    stem = "-".join(word for word in words if word)[:150].strip("-") or "tai-lieu"
    return f"{stem}.{extension}"


def unicode_filename(*parts: str, extension: str = "pdf") -> str:
    """The same name in Vietnamese, safe in a header: no slashes, quotes or control characters."""
    text = " - ".join(part.strip() for part in parts if part.strip())
    text = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', " ", text)
    stem = " ".join(text.split())[:150].strip() or "Tài liệu"
    return f"{stem}.{extension}"
