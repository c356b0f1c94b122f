"""Journey 6: the superior committee goes from its home page to its cells × quarters grid and
opens the plan of a cell that is late."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import journey_shot, open_as
from tests.factories import meeting_topic
from tests.sessions_app.meeting_setup import approved, call_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_superior_committee_opens_a_late_cells_plan(world, browser, live_server):
    # The library cell held its Quý III session; the museum cell has not held its own.
    held = meeting_topic(world.cell, title="Văn hóa đọc trong cơ quan", quarter=3)
    approved(world, call_meeting(world, date=datetime.date(2026, 9, 18), topics=[held]))
    late = meeting_topic(world.other_cell, title="Bảo tồn di sản văn hóa Khmer", quarter=3)

    grace = open_as(browser, live_server, world.viewer)
    journey_shot(grace, 6, "home")
    grace.get_by_role("link", name="Đảng ủy Sở Văn hóa").click()
    grid = grace.locator("table#cells-grid")
    expect(grid).to_contain_text("Chi bộ Thư viện")
    expect(grid).to_contain_text("Chi bộ Bảo tàng")
    late_cells = grace.locator("#late-cells")
    expect(late_cells).to_contain_text("Chi bộ Bảo tàng")
    expect(late_cells).not_to_contain_text("Chi bộ Thư viện")
    journey_shot(grace, 6, "grid")

    late_cells.get_by_role("link", name="Chi bộ Bảo tàng").click()
    assert grace.url.endswith(f"/plans/{late.plan_id}/")
    expect(
        grace.get_by_role("heading", name="Kế hoạch sinh hoạt chuyên đề năm 2026")
    ).to_be_visible()
    expect(grace.locator("main")).to_contain_text("Bảo tồn di sản văn hóa Khmer")
    journey_shot(grace, 6, "late-plan")
    grace.context.close()
