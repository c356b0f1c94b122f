"""The secretary previews the year's plan, downloads it and issues it; it fits a phone."""

from __future__ import annotations

import pytest

from sessions_app.models import IssuedDocument
from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.sessions_app.documents_support import make_plan, pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(world):
    return make_plan(world.cell, topics=5, drafters=[world.member, world.committee_member])


def open_plan(page, live_server, world):
    page.goto(f"{live_server.url}/c/{world.cell.slug}/documents/")
    page.get_by_role("link", name="Năm 2026").click()
    page.get_by_role("heading", name="Kế hoạch sinh hoạt chuyên đề năm 2026").wait_for()


def test_the_secretary_issues_the_plan_and_gets_its_number(
    world, plan, desktop, sign_in, live_server
):
    sign_in(desktop, world.secretary.user)
    open_plan(desktop, live_server, world)
    screenshot(desktop, "documents-plan-preview-desktop")
    desktop.get_by_role("button", name="Ban hành văn bản").click()
    desktop.get_by_text("Đã ban hành văn bản số 01-KH/CB.").wait_for()
    assert IssuedDocument.objects.get().number == "01-KH/CB"


def test_the_downloaded_plan_is_the_pdf_of_the_plan(world, plan, desktop, sign_in, live_server):
    sign_in(desktop, world.member.user)
    open_plan(desktop, live_server, world)
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="Tải PDF").click()
    path = download.value.path()
    assert (
        download.value.suggested_filename
        == "Kế hoạch sinh hoạt chuyên đề năm 2026 - Chi bộ Thư viện.pdf"
    )
    assert "Chuyên đề số 5" in pdf_text(path.read_bytes())


def test_the_plan_preview_fits_a_phone(world, plan, phone, sign_in, live_server):
    sign_in(phone, world.secretary.user)
    open_plan(phone, live_server, world)
    screenshot(phone, "documents-plan-preview-phone")
    assert_no_horizontal_scroll(phone)
