"""Document pages: who may preview, download and issue; the register; query counts."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.documents.pdf import RenderedPdf
from sessions_app.models import AnnualPlan, IssuedDocument, Topic
from sessions_app.services import documents as services
from sessions_app.views import documents as views
from tests.conftest import PERSONAS
from tests.factories import IssuedDocumentFactory, PersonFactory, TermFactory
from tests.sessions_app.documents_support import PARTY, make_plan, pdf_text, status_of


@pytest.fixture
def plan(world):
    return make_plan(world.cell, topics=3, drafters=[world.member])


@pytest.fixture
def stub_pdf(monkeypatch):
    """Access tests need the response, not the layout: skip WeasyPrint."""
    monkeypatch.setattr(views, "html_to_pdf", lambda html: b"%PDF-1.7 stand-in")


def status_for(client, url, method="get", data=None):
    return status_of(getattr(client, method)(url, data or {}))


PEOPLE = {**PARTY, "member": 404}
ISSUE = {
    **PARTY,
    "member": 403,
    "viewer": 403,
    "committee_member": 302,
    "secretary": 302,
    "admin": 302,
}
COMMITTEE = dict.fromkeys(PARTY, 404) | {
    "anonymous": "login",
    "viewer": 200,
    "admin": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["", "register/", "plan/?year=2026", "plan/pdf/?year=2026"])
def test_party_members_and_the_superior_committee_read_the_plan(
    as_persona, world, plan, stub_pdf, persona, path
):
    assert (
        status_for(as_persona(persona), f"/c/{world.cell.slug}/documents/{path}") == PARTY[persona]
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["roster/", "roster/pdf/"])
def test_only_the_committees_read_the_roster(as_persona, world, stub_pdf, persona, path):
    assert (
        status_for(as_persona(persona), f"/c/{world.cell.slug}/documents/{path}") == PEOPLE[persona]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_cell_committee_issues(as_persona, world, plan, monkeypatch, persona):
    monkeypatch.setattr(services.pdf, "render_pdf", lambda html: RenderedPdf(b"%PDF x", 1, ()))
    url = f"/c/{world.cell.slug}/documents/plan/issue/"
    data = {"year": 2026, "signer": world.secretary.pk}
    assert status_for(as_persona(persona), url, "post", data) == ISSUE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("path", ["", "pdf/"])
def test_an_issued_plan_is_read_like_the_plan(as_persona, world, persona, path):
    document = IssuedDocumentFactory(organisation=world.cell)
    assert status_for(as_persona(persona), f"/documents/{document.pk}/{path}") == PARTY[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_issued_roster_is_read_like_the_roster(as_persona, world, persona):
    document = IssuedDocumentFactory(
        organisation=world.cell, kind="roster", doc_type="BC", params={}
    )
    assert status_for(as_persona(persona), f"/documents/{document.pk}/") == PEOPLE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_committee_register_is_for_the_superior_committee(as_persona, world, persona):
    assert (
        status_for(as_persona(persona), f"/o/{world.superior.slug}/documents/")
        == COMMITTEE[persona]
    )


def test_a_document_of_another_cell_is_not_found(as_persona, world):
    document = IssuedDocumentFactory(organisation=world.other_cell)
    assert as_persona("secretary").get(f"/documents/{document.pk}/pdf/").status_code == 404


def test_the_register_of_a_cell_is_not_a_committee_register(as_persona, world):
    assert as_persona("admin").get(f"/o/{world.cell.slug}/documents/").status_code == 404


def test_a_committee_kind_is_not_found_under_a_cell(as_persona, world):
    url = f"/c/{world.cell.slug}/documents/consolidated/?year=2026&quarter=4"
    assert as_persona("secretary").get(url).status_code == 404


def test_an_unknown_kind_is_not_found(as_persona, world):
    assert (
        as_persona("secretary").get(f"/c/{world.cell.slug}/documents/nonsense/").status_code == 404
    )


def test_a_year_without_a_plan_says_so(as_persona, world, plan):
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/documents/plan/?year=2031")
    assert response.status_code == 404 and "2031" in response.content.decode()


def test_a_malformed_year_is_a_bad_request_with_a_message(as_persona, world, plan):
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/documents/plan/?year=abc")
    assert response.status_code == 400 and "alert" in response.content.decode()


# The preview, the download and issuing.


def test_the_preview_shows_the_document_inside_the_site(as_persona, world, plan):
    page = (
        as_persona("member").get(f"/c/{world.cell.slug}/documents/plan/?year=2026").content.decode()
    )
    assert (
        'class="party-doc doc-sheet"' in page
        and "Chuyên đề số 1" in page
        and "ĐẢNG CỘNG SẢN VIỆT NAM" in page
    )


def test_the_preview_offers_issuing_to_the_committee(as_persona, world, plan):
    page = (
        as_persona("secretary")
        .get(f"/c/{world.cell.slug}/documents/plan/?year=2026")
        .content.decode()
    )
    assert "số 01-KH/CB" in page and 'name="signer"' in page


def test_the_preview_offers_no_issuing_to_a_member(as_persona, world, plan):
    page = (
        as_persona("member").get(f"/c/{world.cell.slug}/documents/plan/?year=2026").content.decode()
    )
    assert 'name="signer"' not in page


def test_the_download_is_an_attachment_named_in_ascii_and_in_vietnamese(as_persona, world, plan):
    response = as_persona("member").get(f"/c/{world.cell.slug}/documents/plan/pdf/?year=2026")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="KH-2026-Chi-bo-Thu-vien.pdf"')
    assert "Kế hoạch sinh hoạt chuyên đề năm 2026 - Chi bộ Thư viện.pdf" in unquote(disposition)


def test_the_download_is_the_pdf_of_the_document(as_persona, world, plan):
    response = as_persona("member").get(f"/c/{world.cell.slug}/documents/plan/pdf/?year=2026")
    assert response["Content-Type"] == "application/pdf" and "Chuyên đề số 3" in pdf_text(
        response.content
    )


def test_the_download_is_not_cached_by_shared_caches(as_persona, world, plan, stub_pdf):
    response = as_persona("member").get(f"/c/{world.cell.slug}/documents/plan/pdf/?year=2026")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def issue_plan(client, world, **data):
    url = f"/c/{world.cell.slug}/documents/plan/issue/"
    return client.post(url, {"year": 2026, "signer": world.secretary.pk, **data})


def test_issuing_stores_the_numbered_document_with_its_pdf(as_persona, world, plan):
    issue_plan(as_persona("committee_member"), world)
    document = IssuedDocument.objects.get()
    assert document.number == "01-KH/CB" and "Số 01-KH/CB" in pdf_text(bytes(document.pdf))


def test_issuing_records_who_issued_and_who_signs(as_persona, world, plan):
    issue_plan(as_persona("committee_member"), world)
    document = IssuedDocument.objects.get()
    assert (document.issued_by, document.signer_name) == (
        world.committee_member.user,
        world.secretary.full_name,
    )


def test_issuing_leads_to_the_issued_document(as_persona, world, plan, stub_pdf):
    response = issue_plan(as_persona("secretary"), world)
    assert response["Location"] == f"/documents/{IssuedDocument.objects.get().pk}/"


def test_issuing_with_a_signer_who_may_not_sign_is_refused(as_persona, world, plan):
    response = issue_plan(as_persona("secretary"), world, signer=world.member.pk)
    assert response.status_code == 302 and not IssuedDocument.objects.exists()


def test_issuing_a_year_without_a_plan_takes_no_number(as_persona, world, plan):
    issue_plan(as_persona("secretary"), world, year=2031)
    assert not IssuedDocument.objects.exists()


def test_the_issued_pdf_is_served_unchanged(as_persona, world):
    document = IssuedDocumentFactory(organisation=world.cell, pdf=b"%PDF-1.7 kept as issued")
    response = as_persona("viewer").get(f"/documents/{document.pk}/pdf/")
    assert response.content == b"%PDF-1.7 kept as issued"


def test_the_issued_pdf_is_named_after_its_number(as_persona, world):
    document = IssuedDocumentFactory(organisation=world.cell, sequence=5)
    response = as_persona("member").get(f"/documents/{document.pk}/pdf/")
    assert 'filename="05-KH-CB-' in response["Content-Disposition"]


def test_the_register_filters_by_type(as_persona, world):
    IssuedDocumentFactory(organisation=world.cell, summary="kế hoạch năm 2026")
    IssuedDocumentFactory(
        organisation=world.cell, doc_type="BC", kind="roster", params={}, summary="danh sách"
    )
    page = (
        as_persona("secretary")
        .get(f"/c/{world.cell.slug}/documents/register/?doc_type=BC")
        .content.decode()
    )
    assert "danh sách" in page and "kế hoạch năm 2026" not in page


def test_the_register_filters_by_term(as_persona, world):
    old = TermFactory(
        organisation=world.cell, name="Nhiệm kỳ cũ", start="2020-06-01", end="2025-05-31"
    )
    IssuedDocumentFactory(organisation=world.cell, term=old, summary="văn bản nhiệm kỳ cũ")
    IssuedDocumentFactory(organisation=world.cell, summary="văn bản nhiệm kỳ này")
    page = (
        as_persona("secretary")
        .get(f"/c/{world.cell.slug}/documents/register/?term={old.pk}")
        .content.decode()
    )
    assert "văn bản nhiệm kỳ cũ" in page and "văn bản nhiệm kỳ này" not in page


def test_the_register_hides_rosters_from_members(as_persona, world):
    IssuedDocumentFactory(
        organisation=world.cell, doc_type="BC", kind="roster", params={}, summary="danh sách"
    )
    page = as_persona("member").get(f"/c/{world.cell.slug}/documents/register/").content.decode()
    assert "danh sách" not in page


def test_the_committee_register_lists_every_cell_below(as_persona, world):
    IssuedDocumentFactory(organisation=world.cell, summary="của thư viện")
    IssuedDocumentFactory(organisation=world.other_cell, summary="của bảo tàng")
    page = as_persona("viewer").get(f"/o/{world.superior.slug}/documents/").content.decode()
    assert "của thư viện" in page and "của bảo tàng" in page


def test_the_committee_register_filters_by_cell(as_persona, world):
    IssuedDocumentFactory(organisation=world.cell, summary="của thư viện")
    IssuedDocumentFactory(organisation=world.other_cell, summary="của bảo tàng")
    url = f"/o/{world.superior.slug}/documents/?organisation={world.other_cell.pk}"
    page = as_persona("viewer").get(url).content.decode()
    assert "của bảo tàng" in page and "của thư viện" not in page


# Query counts do not grow with the rows.


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_topics(world, count):
    plan = AnnualPlan.objects.filter(cell=world.cell, year=2026).first()
    if plan is None:
        plan = make_plan(world.cell, topics=0)
    for n in range(count):
        topic = Topic.objects.create(
            plan=plan, title=f"Chuyên đề {n}", group="party_building", quarter=n % 4 + 1
        )
        topic.drafters.set([world.member, world.committee_member])


def add_people(world, count):
    for n in range(count):
        PersonFactory(cell=world.cell, full_name=f"Nguyễn Thị Số {n}")


def add_documents(world, count):
    for _ in range(count):
        IssuedDocumentFactory(organisation=world.cell)
        IssuedDocumentFactory(organisation=world.other_cell)


@pytest.mark.parametrize(
    ("url", "grow"),
    [
        ("/c/thu-vien/documents/plan/?year=2026", "topics"),
        ("/c/thu-vien/documents/plan/pdf/?year=2026", "topics"),
        ("/c/thu-vien/documents/roster/", "people"),
        ("/c/thu-vien/documents/roster/pdf/", "people"),
        ("/c/thu-vien/documents/", "documents"),
        ("/c/thu-vien/documents/register/", "documents"),
        ("/o/dang-uy-so/documents/", "documents"),
    ],
)
def test_document_pages_run_as_many_queries_with_30_rows_as_with_3(
    as_persona, world, stub_pdf, url, grow
):
    grower = {"topics": add_topics, "people": add_people, "documents": add_documents}[grow]
    client = as_persona("admin")
    grower(world, 3)
    small = queries_for(client, url)
    grower(world, 27)
    assert queries_for(client, url) == small <= 15


def test_the_issued_document_page_runs_a_fixed_number_of_queries(
    as_persona, world, django_assert_max_num_queries
):
    first = IssuedDocumentFactory(organisation=world.cell)
    document = IssuedDocumentFactory(organisation=world.cell, replaces=first)
    client = as_persona("viewer")
    with django_assert_max_num_queries(10):
        assert client.get(f"/documents/{document.pk}/").status_code == 200
