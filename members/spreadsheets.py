"""The register's columns in a spreadsheet, and the workbooks chibo writes with them.

The import template and the export share the columns of `COLUMNS`, so that an exported
register can be edited and imported back (`members.importing`). Text that a spreadsheet
would run as a formula is neutralised on the way out.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from members.models import (
    Education,
    Employment,
    PartyPosition,
    PartyStatus,
    Person,
    PoliticalTheory,
    Sex,
)

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    key: str
    header: Promise
    kind: str  # text, date, choice, ethnicity, flag, card, email, department
    example: str
    choices: Sequence[tuple[str, Any]] = ()
    max_length: int = 0
    aliases: tuple[tuple[str, str], ...] = ()  # (folded text, value)


COLUMNS = [
    Column("full_name", gettext_lazy("Full name"), "text", "Nguyễn Văn An", max_length=120),
    Column("sex", gettext_lazy("Sex"), "choice", "Nam", Sex.choices, aliases=(("nu", Sex.FEMALE),)),
    Column("date_of_birth", gettext_lazy("Date of birth"), "date", "19/05/1990"),
    Column("ethnicity", gettext_lazy("Ethnicity"), "ethnicity", "Kinh"),
    Column("religion", gettext_lazy("Religion"), "text", "Không", max_length=60),
    Column("phone", gettext_lazy("Phone"), "text", "0912345678", max_length=20),
    Column("email", gettext_lazy("E-mail"), "email", "an.nguyen@example.vn"),
    Column(
        "department", gettext_lazy("Department"), "department", "Phòng Nghiệp vụ", max_length=150
    ),
    Column("job_title", gettext_lazy("Job title"), "text", "Thư viện viên", max_length=120),
    Column(
        "employment",
        gettext_lazy("Employment (established/contract)"),
        "choice",
        "Biên chế",
        Employment.choices,
    ),
    Column("education", gettext_lazy("Education"), "choice", "Đại học", Education.choices),
    Column(
        "political_theory",
        gettext_lazy("Political theory"),
        "choice",
        "Trung cấp",
        PoliticalTheory.choices,
        aliases=(("chua", PoliticalTheory.NONE), ("khong", PoliticalTheory.NONE)),
    ),
    Column("is_party_member", gettext_lazy("Party member (yes/no)"), "flag", "Có"),
    Column("party_joined_on", gettext_lazy("Date admitted to the Party"), "date", "03/02/2015"),
    Column("party_confirmed_on", gettext_lazy("Date of full membership"), "date", "03/02/2016"),
    Column("party_card_number", gettext_lazy("Party card number"), "card", "12345678"),
    Column(
        "party_position",
        gettext_lazy("Party position"),
        "choice",
        "Đảng viên",
        PartyPosition.choices,
        aliases=(("uy vien", PartyPosition.COMMITTEE),),
    ),
    Column(
        "party_status",
        gettext_lazy("Party status"),
        "choice",
        "Chính thức",
        PartyStatus.choices,
        aliases=(
            ("mien sinh hoat", PartyStatus.EXEMPTED),
            ("mien", PartyStatus.EXEMPTED),
            ("chuyen di", PartyStatus.TRANSFERRED),
        ),
    ),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
PARTY_KEYS = ("party_joined_on", "party_confirmed_on", "party_card_number", "party_position", "party_status")  # fmt: skip


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="A4201A")


def _sheet_with_header(workbook: Workbook, title: str) -> Any:
    sheet = workbook.active
    sheet.title = title
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=capfirst(str(column.header)))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = 26 if column.key == "full_name" else 18
    sheet.freeze_panes = "B2"
    return sheet


def _write_row(sheet: Any, number: int, values: Iterable[Any]) -> None:
    for index, value in enumerate(values, start=1):
        cell = sheet.cell(row=number, column=index)
        if value is None or value == "":
            continue
        if isinstance(value, datetime.date):
            cell.value = value
            cell.number_format = "DD/MM/YYYY"
            continue
        cell.value = neutralise(value)
        if isinstance(value, str):
            # Keep text as text: never a formula; card numbers and phones keep their zeros.
            cell.data_type = "s"
            cell.number_format = "@"


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The import template: headers, an example row, and a sheet of the allowed values."""
    workbook = Workbook()
    sheet = _sheet_with_header(workbook, _("People"))
    _write_row(sheet, 2, [column.example for column in COLUMNS])
    guide = workbook.create_sheet(_("Guide"))
    guide.append([_("Column"), _("What to write")])
    for cell in guide[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for column in COLUMNS:
        guide.append([capfirst(str(column.header)), _column_guide(column)])
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 90
    return _to_bytes(workbook)


def _column_guide(column: Column) -> str:
    if column.kind == "choice":
        return ", ".join(str(label) for _value, label in column.choices)
    return {
        "date": _("A date as dd/mm/yyyy."),
        "ethnicity": _("The name of one of the 54 ethnic groups, e.g. Kinh, Khmer, Hoa."),
        "flag": _("có or không."),
        "card": _("8 digits."),
        "email": _("An e-mail address."),
        "department": _("A department of the unit; a new name adds a department."),
    }.get(column.kind, _("Free text; the full name is required."))


def _export_values(person: Person) -> list[Any]:
    values: list[Any] = []
    for column in COLUMNS:
        if column.key == "department":
            values.append(person.department.name if person.department else "")
        elif column.kind == "choice":
            values.append(getattr(person, f"get_{column.key}_display")())
        elif column.kind == "flag":
            values.append(_("yes") if person.is_party_member else _("no"))
        else:
            value = getattr(person, column.key)
            values.append("" if value is None else value)
    return values


def export_workbook(people: Iterable[Person]) -> bytes:
    """The register as a workbook in the import's columns (so it can be edited and re-imported)."""
    workbook = Workbook()
    sheet = _sheet_with_header(workbook, _("People"))
    for number, person in enumerate(people, start=2):
        _write_row(sheet, number, _export_values(person))
    return _to_bytes(workbook)
