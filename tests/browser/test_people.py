from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.factories import DepartmentFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(world):
    department = DepartmentFactory(cell=world.cell, name="Phòng Nghiệp vụ")
    PersonFactory(
        cell=world.cell,
        full_name="Nguyễn Văn Dũng",
        department=department,
        job_title="Phó Giám đốc",
    )
    PersonFactory(cell=world.cell, full_name="Nguyễn Thị Hoa", department=department)
    PersonFactory(cell=world.cell, full_name="Trần Văn Bình", department=department)
    return world


def test_the_secretary_finds_a_person_on_a_phone_and_opens_the_record(
    register, phone, sign_in, live_server
):
    sign_in(phone, register.secretary.user)
    phone.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Cán bộ, đảng viên"
    ).click()
    phone.get_by_role("searchbox", name="Tìm theo họ tên, điện thoại hoặc thư điện tử").fill(
        "nguyen van"
    )
    phone.get_by_role("button", name="Tìm kiếm").click()
    results = phone.locator("a.person-link")
    assert results.all_inner_texts() == ["Nguyễn Văn Dũng"]
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "people-search-phone")
    results.first.click()
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Nguyễn Văn Dũng")
    assert phone.get_by_text("19/05/1985").is_visible()
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "person-detail-phone")


def test_the_party_fields_hide_for_staff_on_the_form(register, desktop, sign_in, live_server):
    sign_in(desktop, register.secretary.user)
    desktop.goto(f"{live_server.url}/c/{register.cell.slug}/people/new/")
    card = desktop.get_by_label("Số thẻ đảng viên")
    assert not card.is_visible()
    desktop.get_by_label("Là đảng viên").check()
    assert card.is_visible()


@pytest.mark.parametrize("page", ["", "statistics/", "ratings/", "import/"])
def test_the_register_pages_fit_a_phone(register, phone, sign_in, live_server, page):
    sign_in(phone, register.secretary.user)
    phone.goto(f"{live_server.url}/c/{register.cell.slug}/people/{page}")
    assert_no_horizontal_scroll(phone)


def test_the_directory_fits_a_phone(register, phone, sign_in, live_server):
    sign_in(phone, register.member.user)
    phone.goto(f"{live_server.url}/c/{register.cell.slug}/people/directory/")
    assert_no_horizontal_scroll(phone)
