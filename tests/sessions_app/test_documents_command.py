"""print_report: documents from the command line, and clear failures."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tests.sessions_app.documents_support import make_plan, pdf_text


def run(*args):
    call_command("print_report", *args)


def test_it_prints_the_plan_of_a_year_to_a_pdf(world, tmp_path):
    make_plan(world.cell, year=2025, topics=2)
    output = tmp_path / "plan.pdf"
    run("plan", "--cell", world.cell.slug, "--year", "2025", "--output", str(output))
    assert "sinh hoạt chuyên đề năm 2025" in pdf_text(output.read_bytes())


def test_it_prints_the_roster_to_a_pdf(world, tmp_path):
    output = tmp_path / "roster.pdf"
    run("roster", "--cell", world.cell.slug, "--output", str(output))
    assert world.member.full_name in pdf_text(output.read_bytes())


def test_it_writes_html_when_asked_for_an_html_file(world, tmp_path):
    output = tmp_path / "roster.html"
    run("roster", "--cell", world.cell.slug, "--output", str(output))
    assert "<h1>BÁO CÁO</h1>" in output.read_text(encoding="utf-8")


def test_it_names_an_unknown_cell(world, tmp_path):
    with pytest.raises(CommandError, match="khong-co"):
        run("plan", "--cell", "khong-co", "--year", "2026", "--output", str(tmp_path / "x.pdf"))


def test_it_says_when_the_year_has_no_plan(world, tmp_path):
    with pytest.raises(CommandError, match="2031"):
        run(
            "plan", "--cell", world.cell.slug, "--year", "2031", "--output", str(tmp_path / "x.pdf")
        )


def test_it_says_when_the_plan_is_empty(world, tmp_path):
    make_plan(world.cell, year=2027, topics=0)
    with pytest.raises(CommandError, match="2027"):
        run(
            "plan", "--cell", world.cell.slug, "--year", "2027", "--output", str(tmp_path / "x.pdf")
        )


@pytest.mark.parametrize(
    ("kind", "args", "message"),
    [
        ("minutes", ["--year", "2026"], "meeting"),
        ("minutes", ["--meeting", "999"], "không có buổi sinh hoạt"),
        ("quarterly", ["--year", "2026"], "quarter"),
        ("quarterly", ["--year", "2026", "--quarter", "1"], "Quý I/2026"),
        ("review", ["--from", "2026-01-01", "--to", "2026-06-30"], "01/01/2026"),
        ("topic", ["--topic", "999"], "không có chuyên đề"),
        ("pledges", ["--year", "2026"], "2026"),
    ],
)
def test_a_document_without_its_data_fails_with_a_message(world, tmp_path, kind, args, message):
    with pytest.raises(CommandError, match=message):
        run(kind, "--cell", world.cell.slug, *args, "--output", str(tmp_path / "x.pdf"))


def test_it_writes_nothing_when_it_fails(world, tmp_path):
    output = tmp_path / "x.pdf"
    with pytest.raises(CommandError):
        run("minutes", "--cell", world.cell.slug, "--output", str(output))
    assert not output.exists()


def test_the_consolidated_report_asks_for_a_committee(world, tmp_path):
    with pytest.raises(CommandError, match="--org"):
        run("consolidated", "--cell", world.cell.slug, "--output", str(tmp_path / "x.pdf"))


def test_a_cell_report_asks_for_a_cell(world, tmp_path):
    with pytest.raises(CommandError, match="--cell"):
        run("plan", "--org", world.superior.slug, "--output", str(tmp_path / "x.pdf"))


def test_a_period_that_ends_before_it_starts_is_refused(world, tmp_path):
    with pytest.raises(CommandError):
        run(
            "roster",
            "--cell",
            world.cell.slug,
            "--from",
            "2026-05-01",
            "--to",
            "2026-01-01",
            "--output",
            str(tmp_path / "x.pdf"),
        )
