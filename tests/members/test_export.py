"""Export of the register to Excel: the filtered rows, formulas neutralised, re-importable."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from members.importing import preview_import
from members.spreadsheets import neutralise
from tests.factories import PersonFactory


def export(client, world, **params):
    return client.get(f"/c/{world.cell.slug}/people/export.xlsx", params)


def rows_of(response):
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=2)]


def names(response):
    return [row[0].value for row in rows_of(response)]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_starting_like_a_formula_is_neutralised(start):
    assert neutralise(start + "SUM(A1:A9)") == "'" + start + "SUM(A1:A9)"


def test_plain_text_and_numbers_are_left_alone():
    assert (neutralise("Nguyễn Văn An"), neutralise(12)) == ("Nguyễn Văn An", 12)


def test_the_export_neutralises_a_formula_typed_into_a_record(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Lê Văn Công", job_title='=HYPERLINK("http://x","y")')
    row = next(
        r for r in rows_of(export(as_persona("secretary"), world)) if r[0].value == "Lê Văn Công"
    )
    job = row[8]
    assert (job.value, job.data_type) == ('\'=HYPERLINK("http://x","y")', "s")


def test_the_export_writes_no_formula_at_all(world, as_persona):
    PersonFactory(cell=world.cell, full_name="@Lê Văn Công", phone="+84912345678", religion="-")
    cells = [c for row in rows_of(export(as_persona("secretary"), world)) for c in row]
    assert not [c for c in cells if c.data_type == "f"]


def test_the_export_follows_the_filters(world, as_persona):
    assert names(export(as_persona("secretary"), world, kind="staff")) == ["Nguyễn Thị Dana"]


def test_the_export_lists_people_in_name_order(world, as_persona):
    assert names(export(as_persona("secretary"), world)) == [
        "Trần Thị Alice", "Lê Văn Bob", "Phạm Văn Charlie", "Nguyễn Thị Dana",
    ]  # fmt: skip


def test_the_export_is_an_attachment(world, as_persona):
    response = export(as_persona("viewer"), world)
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-thu-vien-')


def test_an_exported_register_imports_back_without_change(world, as_persona):
    content = export(as_persona("secretary"), world).content
    preview = preview_import(world.cell, content, "xlsx", "export.xlsx")
    assert (preview.is_valid, preview.new_count, preview.update_count) == (True, 0, 4)


def test_an_exported_formula_comes_back_as_the_text_typed(world, as_persona):
    from members.services import import_people

    PersonFactory(cell=world.cell, full_name="Lê Văn Công", job_title="=1+1")
    content = export(as_persona("secretary"), world).content
    preview = preview_import(world.cell, content, "xlsx", "export.xlsx")
    assert import_people(cell=world.cell, preview=preview, by=None).updated == 0
