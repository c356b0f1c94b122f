from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_horizontal_scroll, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_secretary_signs_in_on_a_phone_to_her_cell(world, phone, sign_in):
    sign_in(phone, world.secretary.user)
    assert phone.get_by_role("heading", name="Xin chào, đồng chí Trần Thị Alice").is_visible()


def test_the_home_page_fits_a_phone(world, phone, sign_in):
    sign_in(phone, world.secretary.user)
    assert_no_horizontal_scroll(phone)


def test_the_text_size_control_enlarges_the_text(world, desktop, sign_in):
    sign_in(desktop, world.member.user)
    before = desktop.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    desktop.get_by_role("button", name="A+").click()
    after = desktop.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    screenshot(desktop, "home-large-text-desktop")
    assert after > before
