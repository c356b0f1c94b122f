"""Numbers per document type per committee term, never reused; issued documents never change."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from sessions_app.documents import numbering
from sessions_app.documents.document import DocumentError, DocumentParams, Signer
from sessions_app.documents.registry import KINDS
from sessions_app.models import IssuedDocument
from sessions_app.models.documents import ImmutableDocumentError
from sessions_app.services import documents as services
from tests.factories import IssuedDocumentFactory, TermFactory
from tests.sessions_app.documents_support import make_plan

PLAN, ROSTER = KINDS["plan"], KINDS["roster"]


@pytest.fixture(autouse=True)
def _fake_pdf(monkeypatch):
    """Numbering does not depend on the PDF: a stand-in keeps these tests fast."""
    monkeypatch.setattr(
        services.pdf,
        "render_pdf",
        lambda html: services.pdf.RenderedPdf(data=b"%PDF-1.7 x", page_count=1, refused=()),
    )


@pytest.fixture
def plans(world):
    make_plan(world.cell, year=2026, topics=2)
    make_plan(world.cell, year=2024, topics=2)


def issue(world, spec=PLAN, year=2026, **kwargs):
    params = DocumentParams(year=year) if spec is PLAN else DocumentParams()
    return services.issue_document(
        spec=spec,
        organisation=world.cell,
        params=params,
        by=world.secretary.user,
        signer=Signer(world.secretary.full_name, "BÍ THƯ", world.secretary.pk),
        **kwargs,
    )


def test_the_first_document_of_a_type_in_a_term_is_number_01(world, plans):
    assert issue(world).number == "01-KH/CB"


def test_the_next_document_of_the_same_type_takes_the_next_number(world, plans):
    issue(world)
    assert issue(world, year=2024).number == "02-KH/CB"


def test_each_type_counts_on_its_own(world, plans):
    issue(world)
    assert issue(world, spec=ROSTER).number == "01-BC/CB"


def test_numbers_restart_with_a_new_term(world, plans):
    TermFactory(
        organisation=world.cell,
        name="Nhiệm kỳ 2020 – 2025",
        start=datetime.date(2020, 6, 1),
        end=datetime.date(2025, 5, 31),
    )
    issue(world, year=2024, issued_on=datetime.date(2024, 12, 20))
    issue(world, year=2024, issued_on=datetime.date(2025, 1, 6))
    assert issue(world).number == "01-KH/CB"


def test_the_document_belongs_to_the_term_covering_its_date(world, plans):
    assert issue(world).term == world.cell.terms.get()


def test_a_document_dated_outside_every_term_is_refused(world, plans):
    with pytest.raises(DocumentError):
        issue(world, issued_on=datetime.date(2019, 1, 1))


def test_a_document_dated_in_the_future_is_refused(world, plans):
    with pytest.raises(DocumentError):
        issue(world, issued_on=datetime.date.today() + datetime.timedelta(days=1))


def test_a_refused_issue_uses_no_number(world, plans):
    with pytest.raises(DocumentError):
        issue(world, year=2030)
    assert issue(world).number == "01-KH/CB"


def test_a_number_cannot_be_taken_twice(world):
    document = IssuedDocumentFactory(organisation=world.cell, sequence=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedDocumentFactory(organisation=world.cell, term=document.term, sequence=1)


def test_issuing_the_same_plan_again_replaces_the_earlier_document(world, plans):
    first = issue(world)
    assert issue(world).replaces == first


def test_the_issued_document_records_its_source_and_signer(world, plans):
    document = issue(world)
    assert (document.source.year, document.signer_name) == (2026, world.secretary.full_name)


# Immutability: a correction is a new document.


def test_an_issued_document_cannot_be_saved_again(world, plans):
    document = issue(world)
    document.summary = "sửa lại"
    with pytest.raises(ImmutableDocumentError):
        document.save()


def test_an_issued_document_keeps_its_text_when_a_save_is_refused(world, plans):
    document = issue(world)
    document.summary = "sửa lại"
    with pytest.raises(ImmutableDocumentError):
        document.save()
    assert IssuedDocument.objects.get(pk=document.pk).summary == "sinh hoạt chuyên đề năm 2026"


def test_issued_documents_cannot_be_changed_in_bulk(world, plans):
    issue(world)
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.update(summary="sửa lại")


def test_an_issued_document_cannot_be_deleted(world, plans):
    document = issue(world)
    with pytest.raises(ImmutableDocumentError):
        document.delete()


def test_issued_documents_cannot_be_deleted_in_bulk(world, plans):
    issue(world)
    with pytest.raises(ImmutableDocumentError):
        IssuedDocument.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_the_sequence_is_allocated_only_inside_a_transaction(world):
    term = world.cell.terms.get()
    with pytest.raises(RuntimeError):
        numbering.next_sequence(organisation=world.cell, term=term, doc_type=PLAN.doc_type)


# Two committee members issuing at the same moment.


@pytest.mark.django_db(transaction=True)
def test_two_issues_at_the_same_moment_get_01_and_02(world, plans, monkeypatch):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database shares one cache between threads")
    real_next_sequence = numbering.next_sequence

    def slow_next_sequence(**kwargs):
        # Widen the window between reading the last number and inserting the new one:
        # without the lock both threads would read 0 here and collide on 01.
        value = real_next_sequence(**kwargs)
        time.sleep(0.3)
        return value

    monkeypatch.setattr(numbering, "next_sequence", slow_next_sequence)
    start = threading.Barrier(2)
    numbers, errors = [], []

    def worker():
        try:
            start.wait()
            numbers.append(issue(world).number)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(numbers) == ["01-KH/CB", "02-KH/CB"]


def test_two_issues_at_the_same_moment_on_a_sqlite_file_get_01_and_02(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"DEBUG": "true", "SQLITE_PATH": str(tmp_path / "race.sqlite3")})
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("documents_sqlite_race.py"))],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == ["01-KH/CB", "02-KH/CB"], (
        result.stderr
    )
