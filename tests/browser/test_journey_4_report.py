"""Journey 4: the secretary previews the quarterly report, downloads it, and the PDF opens
with its Vietnamese text intact."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import journey_shot, open_as
from tests.sessions_app.documents_support import pdf_text
from tests.sessions_app.meeting_setup import approved, call_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_previews_and_downloads_the_quarterly_report(world, browser, live_server):
    approved(world, call_meeting(world, date=datetime.date(2026, 11, 20)))

    alice = open_as(browser, live_server, world.secretary.user)
    alice.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Văn bản"
    ).click()
    journey_shot(alice, 4, "documents")
    alice.locator("li", has_text="Báo cáo quý").get_by_role("link", name="Quý IV/2026").click()
    expect(alice.locator("main")).to_contain_text("Học tập và làm theo tư tưởng Hồ Chí Minh")
    journey_shot(alice, 4, "preview")

    with alice.expect_download() as download:
        alice.get_by_role("link", name="Tải PDF").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Học tập và làm theo tư tưởng Hồ Chí Minh" in text
    assert "Quý IV/2026" in text
    alice.context.close()
