"""Reading a register of people from Excel (.xlsx) or CSV, checked before anything is saved.

The file has one person per row under a header row (the template's Vietnamese headers;
English ones work too). `preview_import` reads it and checks every row against the
cell's people without saving anything, with a fixed number of queries whatever the
number of rows; `members.services.import_people` saves a valid preview in one
transaction. A row updates the person with the same Party card number, else with the
same full name and date of birth in the cell; otherwise it adds a person. An empty
cell keeps the value already recorded.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from members.models import Organisation, Person
from members.spreadsheets import COLUMN_BY_KEY, COLUMNS, PARTY_KEYS, Column
from members.vietnamese import fold, match_ethnicity

MAX_ROWS = 2000
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
YES = {"co", "x", "yes", "true", "1", "dang vien", "la dang vien"}
NO = {"khong", "no", "false", "0"}


def _raw_rows(content: bytes, kind: str) -> Iterator[Sequence[Any]]:
    if kind == "xlsx":
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            yield from sheet.iter_rows(values_only=True, max_col=40)
        finally:
            workbook.close()
        return
    text = content.decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    text = " ".join(str(value).split())
    # Undo the export's neutralising apostrophe ("'=…" was written for "=…").
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def _header_map() -> dict[str, str]:
    """Folded header text -> column key, from the Vietnamese and English headers."""
    mapping: dict[str, str] = {}
    for language in ("en", "vi"):
        with translation.override(language):
            for column in COLUMNS:
                mapping[fold(str(column.header))] = column.key
    for column in COLUMNS:
        mapping[fold(column.key)] = column.key
    return mapping


def _choice_maps() -> dict[str, dict[str, str]]:
    """For each choice column, folded label or value -> stored value, in both languages."""
    maps: dict[str, dict[str, str]] = {}
    for column in COLUMNS:
        if column.kind != "choice":
            continue
        found: dict[str, str] = {}
        for language in ("en", "vi"):
            with translation.override(language):
                for value, label in column.choices:
                    found[fold(str(label))] = value
        for value, _label in column.choices:
            found[fold(value)] = value
        found.update(column.aliases)
        maps[column.key] = found
    return maps


@dataclass
class ImportRow:
    number: int  # as the spreadsheet numbers it (the header is row 1)
    values: dict[str, Any]  # the cells given, parsed
    problems: list[str] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)  # columns given but unreadable
    person_id: int | None = None  # the person this row updates

    @property
    def name(self) -> str:
        return self.values.get("full_name", "")

    @property
    def is_new(self) -> bool:
        return self.person_id is None

    def problem(self, message: str) -> None:
        self.problems.append(message)


@dataclass
class ImportPreview:
    filename: str
    rows: list[ImportRow]
    file_errors: list[str] = field(default_factory=list)
    new_departments: list[str] = field(default_factory=list)
    ignored_headers: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.problems]

    @property
    def problem_count(self) -> int:
        return sum(len(row.problems) for row in self.rows) + len(self.file_errors)

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and self.problem_count == 0

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.rows if row.is_new)

    @property
    def update_count(self) -> int:
        return len(self.rows) - self.new_count


class _RowParser:
    """Turns the cells of one row into values, noting each problem in Vietnamese."""

    def __init__(self) -> None:
        self.choices = _choice_maps()
        self.today = timezone.localdate()

    def parse(self, row: ImportRow, cells: dict[str, Any]) -> None:
        for key, raw in cells.items():
            if _blank(raw):
                continue
            column = COLUMN_BY_KEY[key]
            value = getattr(self, f"_{column.kind}")(row, column, raw)
            if value is None:
                row.invalid.add(key)
            else:
                row.values[key] = value

    def _label(self, column: Column) -> str:
        return capfirst(str(column.header))

    def _text(self, row: ImportRow, column: Column, raw: Any) -> str | None:
        text = _text(raw)
        if column.max_length and len(text) > column.max_length:
            row.problem(
                _("%(column)s: too long (at most %(n)s characters).")
                % {"column": self._label(column), "n": column.max_length}
            )
            return None
        return text

    _department = _text

    def _email(self, row: ImportRow, column: Column, raw: Any) -> str | None:
        text = _text(raw)
        try:
            validate_email(text)
        except ValidationError:
            row.problem(
                _("%(column)s: “%(value)s” is not an e-mail address.")
                % {"column": self._label(column), "value": text}
            )
            return None
        return text

    def _date(self, row: ImportRow, column: Column, raw: Any) -> datetime.date | None:
        value: datetime.date | None = None
        if isinstance(raw, datetime.datetime):
            value = raw.date()
        elif isinstance(raw, datetime.date):
            value = raw
        elif isinstance(raw, int | float) and 1 < raw < 100000:
            value = from_excel(raw).date()
        else:
            text = _text(raw)
            for fmt in DATE_FORMATS:
                try:
                    value = datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007
                    break
                except ValueError:
                    continue
        if value is None or not (datetime.date(1900, 1, 1) <= value <= self.today):
            row.problem(
                _("%(column)s: “%(value)s” is not a valid date; write dd/mm/yyyy.")
                % {"column": self._label(column), "value": _text(raw)}
            )
            return None
        return value

    def _ethnicity(self, row: ImportRow, column: Column, raw: Any) -> str | None:
        name = match_ethnicity(_text(raw))
        if name is None:
            row.problem(
                _("%(column)s: unknown ethnic group “%(value)s”.")
                % {"column": self._label(column), "value": _text(raw)}
            )
        return name

    def _choice(self, row: ImportRow, column: Column, raw: Any) -> str | None:
        value = self.choices[column.key].get(fold(_text(raw)))
        if value is None:
            allowed = ", ".join(str(label) for _value, label in column.choices)
            row.problem(
                _("%(column)s: “%(value)s” is not one of: %(choices)s.")
                % {"column": self._label(column), "value": _text(raw), "choices": allowed}
            )
        return value

    def _flag(self, row: ImportRow, column: Column, raw: Any) -> bool | None:
        key = fold(_text(raw))
        if key in YES:
            return True
        if key in NO:
            return False
        row.problem(
            _("%(column)s: write “có” or “không”, not “%(value)s”.")
            % {"column": self._label(column), "value": _text(raw)}
        )
        return None

    def _card(self, row: ImportRow, column: Column, raw: Any) -> str | None:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        # Spreadsheets drop the leading zeros of a number typed into a cell.
        text = f"{raw:08d}" if isinstance(raw, int) else re.sub(r"[\s.]", "", _text(raw))
        if not re.fullmatch(r"\d{8}", text):
            row.problem(
                _("%(column)s: “%(value)s” must have exactly 8 digits.")
                % {"column": self._label(column), "value": _text(raw)}
            )
            return None
        return text


def _read_rows(content: bytes, kind: str, preview: ImportPreview) -> list[dict[str, Any]]:
    """The file's data rows as {column key: raw cell}, with their row numbers."""
    headers = _header_map()
    rows = _raw_rows(content, kind)
    header = next(rows, None)
    if header is None:
        preview.file_errors.append(_("The file is empty."))
        return []
    positions: dict[int, str] = {}
    for index, cell in enumerate(header):
        if _blank(cell):
            continue
        key = headers.get(fold(_text(cell)))
        if key is None:
            preview.ignored_headers.append(_text(cell))
        elif key not in positions.values():
            positions[index] = key
    if "full_name" not in positions.values():
        preview.file_errors.append(
            _("No “%(column)s” column in the first row: use the template.")
            % {"column": capfirst(COLUMN_BY_KEY["full_name"].header)}
        )
        return []
    found: list[dict[str, Any]] = []
    for number, cells in enumerate(rows, start=2):
        values = {key: cells[i] if i < len(cells) else None for i, key in positions.items()}
        if all(_blank(v) for v in values.values()):
            continue
        if len(found) >= MAX_ROWS:
            preview.file_errors.append(
                _("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS}
            )
            return []
        values["__row__"] = number
        found.append(values)
    if not found:
        preview.file_errors.append(_("The file has no rows of people under the header."))
    return found


def _name_key(name: str, born: datetime.date | None) -> tuple[str, datetime.date | None]:
    return (" ".join(name.split()).casefold(), born)


class _Matcher:
    """Matches rows to the cell's people with three queries in all, whatever the rows."""

    def __init__(self, cell: Organisation, rows: list[ImportRow]) -> None:
        people = list(
            Person.objects.filter(cell=cell).only(
                "pk", "full_name", "date_of_birth", "party_card_number", "is_party_member"
            )
        )
        self.people = {p.pk: p for p in people}
        self.by_card = {p.party_card_number: p.pk for p in people if p.party_card_number}
        self.by_name: dict[tuple[str, datetime.date | None], list[int]] = {}
        for p in people:
            self.by_name.setdefault(_name_key(p.full_name, p.date_of_birth), []).append(p.pk)
        cards = {
            row.values["party_card_number"] for row in rows if "party_card_number" in row.values
        }
        self.card_owner = dict(
            Person.objects.filter(party_card_number__in=cards)
            .exclude(cell=cell)
            .values_list("party_card_number", "pk")
        )
        self.departments = {
            fold(name): name for name in cell.departments.values_list("name", flat=True)
        }

    def match(self, row: ImportRow) -> None:
        card = row.values.get("party_card_number")
        if card and card in self.card_owner:
            row.problem(
                _("Party card number %(card)s belongs to a person of another cell.")
                % {"card": card}
            )
            return
        if card and card in self.by_card:
            row.person_id = self.by_card[card]
            return
        if not row.name:
            return
        key = _name_key(row.name, row.values.get("date_of_birth"))
        candidates = self.by_name.get(key, [])
        if len(candidates) > 1:
            row.problem(_("Several people of the cell have this name and date of birth."))
        elif candidates:
            row.person_id = candidates[0]


def _check_row(row: ImportRow, matcher: _Matcher) -> None:
    """Rules on the row as a whole, on what the person will be once the row is saved."""
    existing = matcher.people.get(row.person_id) if row.person_id else None
    if not row.name:
        row.problem(_("The full name is missing."))
    given = row.values.keys() | row.invalid
    if existing is None and "sex" not in given:
        row.problem(_("The sex is missing (Nam or Nữ)."))
    is_member = row.values.get("is_party_member", existing.is_party_member if existing else False)
    party_given = [key for key in PARTY_KEYS if key in given]
    if not is_member and party_given:
        row.problem(
            _(
                "Party data given for someone who is not a party member: write “có” under “%(column)s”."
            )
            % {"column": capfirst(COLUMN_BY_KEY["is_party_member"].header)}
        )
    if is_member and not (existing and existing.is_party_member) and "party_status" not in given:
        row.problem(_("The Party status of a new party member is missing (e.g. Chính thức)."))
    joined, confirmed = row.values.get("party_joined_on"), row.values.get("party_confirmed_on")
    if joined and confirmed and confirmed < joined:
        row.problem(_("The date of full membership comes before the date of admission."))


def _check_repeats(rows: list[ImportRow]) -> None:
    """The same card, person or name and birth date twice in the file: the later row is wrong."""
    seen_cards: dict[str, int] = {}
    seen_people: dict[int, int] = {}
    seen_names: dict[tuple[str, datetime.date | None], int] = {}
    for row in rows:
        card = row.values.get("party_card_number")
        if card:
            if card in seen_cards:
                row.problem(
                    _("Party card number %(card)s is also on row %(row)s.")
                    % {"card": card, "row": seen_cards[card]}
                )
                continue
            seen_cards[card] = row.number
        if row.person_id is not None:
            if row.person_id in seen_people:
                row.problem(_("Same person as row %(row)s.") % {"row": seen_people[row.person_id]})
            seen_people.setdefault(row.person_id, row.number)
        elif row.name and not card:
            key = _name_key(row.name, row.values.get("date_of_birth"))
            if key in seen_names:
                row.problem(
                    _("Same name and date of birth as row %(row)s.") % {"row": seen_names[key]}
                )
            seen_names.setdefault(key, row.number)


def preview_import(cell: Organisation, content: bytes, kind: str, filename: str) -> ImportPreview:
    """Read and check a whole file against the cell's people; nothing is saved."""
    preview = ImportPreview(filename=filename, rows=[])
    parser = _RowParser()
    try:
        raw_rows = _read_rows(content, kind, preview)
    except Exception:  # a damaged workbook or a CSV with broken quoting
        preview.file_errors.append(_("The file could not be read; check it and upload it again."))
        return preview
    for cells in raw_rows:
        row = ImportRow(number=cells.pop("__row__"), values={})
        parser.parse(row, cells)
        preview.rows.append(row)
    matcher = _Matcher(cell, preview.rows)
    for row in preview.rows:
        matcher.match(row)
    for row in preview.rows:
        _check_row(row, matcher)
    _check_repeats(preview.rows)
    departments = {
        fold(row.values["department"]): row.values["department"]
        for row in preview.rows
        if "department" in row.values
    }
    preview.new_departments = sorted(
        name for key, name in departments.items() if key not in matcher.departments
    )
    return preview
