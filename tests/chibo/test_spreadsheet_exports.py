"""Every spreadsheet chibo writes goes through one writer that neutralises formulas; a
register full of formula-like text comes back from Excel as the text that was typed."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from tests.factories import PersonFactory
from tests.urlwalk import project_routes

pytestmark = pytest.mark.django_db

SPREADSHEET_WRITERS = re.compile(r"\bWorkbook\(|csv\.writer|csv\.DictWriter|xlsxwriter")
ATTACKS = ["=1+1", "+84 912", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd"]


def test_only_the_spreadsheet_module_writes_workbooks_or_csv():
    writers = {
        str(path.relative_to(settings.BASE_DIR))
        for app in ("chibo", "members", "sessions_app")
        for path in (settings.BASE_DIR / app).rglob("*.py")
        if SPREADSHEET_WRITERS.search(path.read_text(encoding="utf-8"))
    }
    assert writers == {str(Path("members") / "spreadsheets.py")}


def test_the_spreadsheet_downloads_are_the_ones_tested_here():
    downloads = {r.name for r in project_routes() if r.pattern.endswith((".xlsx", ".csv", ".ods"))}
    assert downloads == {"people_export", "people_import_template"}


def cells(response):
    book = load_workbook(io.BytesIO(response.content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def test_no_text_in_the_export_starts_a_formula(world, as_persona):
    for number, attack in enumerate(ATTACKS):
        PersonFactory(
            cell=world.cell,
            full_name=f"{attack} {number}",
            job_title=attack,
            religion=attack,
            phone=attack,
        )
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/people/export.xlsx")
    texts = [c.value for c in cells(response) if isinstance(c.value, str)]
    assert [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))] == []


def test_every_attack_is_kept_as_text_behind_an_apostrophe(world, as_persona):
    for number, attack in enumerate(ATTACKS):
        PersonFactory(cell=world.cell, full_name=f"Người {number}", job_title=attack)
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/people/export.xlsx")
    # XML turns a stored carriage return into a line feed when the file is read back.
    written = {c.value.replace("\n", "\r") for c in cells(response) if c.data_type == "s"}
    assert {"'" + attack for attack in ATTACKS} <= written


def test_the_import_template_holds_no_formula(world, as_persona):
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/people/import/template.xlsx")
    assert [c.coordinate for c in cells(response) if c.data_type == "f"] == []
