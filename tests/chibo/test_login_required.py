"""Anonymous visitors are sent to the login page from every page but the public few."""

from __future__ import annotations

import pytest

from tests.urlwalk import project_routes

# Pages that must work before signing in.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    # load balancers ask whether the process answers
    "healthz",
    # topics part: calendar apps cannot sign in; the secret token in the address is the key.
    "sessions_app:calendar_feed",
}


@pytest.mark.parametrize(
    "route", [r for r in project_routes() if r.name not in PUBLIC], ids=lambda r: r.name
)
def test_anonymous_visitors_are_sent_to_login(client, db, route):
    response = client.get(route.url())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_admin_sends_anonymous_visitors_to_its_login(client, db):
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/login/")


def test_the_login_page_is_public(client, db):
    assert client.get("/accounts/login/").status_code == 200


@pytest.mark.parametrize(
    "route", [r for r in project_routes() if r.name in PUBLIC], ids=lambda r: r.name
)
def test_public_pages_do_not_ask_for_login(client, db, route):
    response = client.get(route.url())
    assert not response.get("Location", "").startswith("/accounts/login/")
