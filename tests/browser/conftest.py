"""Playwright driving Debian's Chromium against the live test server.

The browser is never downloaded: /usr/bin/chromium must exist (the test command installs
it), and a missing browser fails the run instead of skipping it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from members.models import User
from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

# Assertions wait as long as actions do: in CI two test runs share two cores, and an
# autosave or an htmx swap can take longer than Playwright's default 5 s there.
expect.set_options(timeout=15_000)

# Playwright's sync API runs its own event loop; Django must allow ORM calls beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser: Browser, viewport: dict[str, int]) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, DESKTOP)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, PHONE)


@pytest.fixture
def sign_in(live_server):
    """`sign_in(page, user)` signs a user in through the login form."""

    def _sign_in(page: Page, user: User) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return _sign_in


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot to docs/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def assert_no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"] if page.viewport_size else 0
    assert width <= viewport, f"{page.url} scrolls sideways: {width}px wide in {viewport}px"


def open_as(
    browser: Browser,
    live_server,
    user: User,
    viewport: dict[str, int] = DESKTOP,
    *,
    javascript: bool = True,
) -> Page:
    """A fresh browser window in which `user` has signed in through the login form."""
    context = browser.new_context(
        viewport=viewport,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def journey_shot(page: Page, journey: int, step: str) -> None:
    """Save one step of a journey as journey-<n>-<step>-desktop.png and -phone.png.

    The page is shown at 1280 px, then at 375 px (where it must not scroll sideways), then
    put back at the size it had, so the journey carries on where it was."""
    size = page.viewport_size or DESKTOP
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        if name == "phone":
            assert_no_horizontal_scroll(page)
        screenshot(page, f"journey-{journey}-{step}-{name}")
    page.set_viewport_size(size)


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page; fail on any serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not problems, f"{page.url}:\n" + "\n".join(problems)
